"""ASR tolerance of stage items (issue 12): misheard spellings, split and merged words, by default."""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.checklist import Checklist
from scoring.noise import noise_edits
from tests.scoring.helpers import answer, default_checklist, score
from tests.scoring.test_pattern_language import one_item

A = "a"


def passes(rule: Any, text: str, kind: str = "stage", lang: str = "any", **matching: Any) -> bool | None:
    checklist = one_item(rule, kind=kind, lang=lang)
    if matching:
        data = checklist.model_dump(exclude_defaults=True)
        data["matching"] = matching
        checklist = Checklist.model_validate(data)
    return score((A, text), checklist=checklist).items["x"].passed


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("спасибо за ожидание", "спосибо за ажидание"),  # unstressed vowels
        ("оставайтесь на линии", "аставайтесь на линии"),
        ("благодарю", "благадарю вас"),
        ("зарегистрирована", "заявка зарегестрировано"),  # two edits in a long word
        ("тіркелді", "өтініш тиркелди"),  # Kazakh letters read as Russian (folding)
        ("бағалаңыз", "бес балдык шкала бойынша багаланыс"),
    ],
)
def test_stage_words_tolerate_misheard_spellings(rule: str, text: str) -> None:
    assert passes(rule, text) is True


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("номер", "намер"),  # words up to 4 letters... and 5-letter words allow one edit only
        ("оценить", "оценка"),  # a word of the dictionary is taken as said
        ("ожидайте", "ожидание"),
        ("спасибо", "спсбоо"),  # too far
        # a Kazakh word keeps its first sound: "қалыңыз" (stay), "алыңыз" (take) are no "болыңыз" misheard
        ("сау болыңыз", "желіде қалыңыз"),
        ("болыңыз", "келісіп алыңыз"),
    ],
)
def test_short_known_and_distant_words_stay_exact(rule: str, text: str) -> None:
    if rule == "номер":
        assert noise_edits(4) == 0 and noise_edits(5) == 1 and noise_edits(8) == 2
        assert passes("ваш", "вош") is False
        return
    assert passes(rule, text) is False


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("какую сумму", "каую сумму вам выставили", True),  # one letter lost in a 5-6 letter word
        ("какого числа", "акого числа вы подавали", True),
        ("номер", "нмер заявки", True),
        ("номер", "мер заявки", False),  # two letters lost
        ("номер", "омега заявки", False),  # not one letter lost
        ("какую сумму", "кую сумму", False),  # "кую": a dictionary word is taken as said
        ("номер", "номер", True),
        ("какой числа", "акого числа", True),  # an inflected form of the pattern word, one letter short
        ("какой числа", "каую числа", True),
        ("какой числа", "кого числа", False),  # "кого": a dictionary word is taken as said
        ("еще ~3 вопрос", "остались ли вас еще фапросы", True),  # an inflected form misheard
        ("еще ~3 вопрос", "остались ли вас еще фапрасами", True),
    ],
)
def test_a_letter_lost_in_a_short_stage_word(rule: str, text: str, expected: bool) -> None:
    """ASR drops letters of short words too; from 5 letters, a form that is no dictionary word and no name
    guess matches the pattern word it is one letter short of."""
    assert passes(rule, text) is expected
    assert passes(rule, text, kind="forbidden") is (rule not in text)  # forbidden items stay exact


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("спасибо за ожидание", "спзибо за ожидание", True),  # a 7-letter word heard 6 letters long
        ("спасибо за ожидание", "спасибо за ажид ание", True),  # two non-words joined by their sound
        ("спасибо за ожидание", "спасибо за ожиданиедля раздела", True),  # merged with a preposition
        ("спасибо за ожидание", "спасибо за ожиданиепо дому", True),
        ("спасибо за ожидание", "спсб за ожидание", False),  # too far
        ("бағалаңыз сау болыңыз", "бағалаңыз сау болыңыз", True),
    ],
)
def test_words_misheard_split_or_merged_with_a_short_word(rule: str, text: str, expected: bool) -> None:
    assert passes(rule, text) is expected


def test_two_pattern_words_run_together_are_split_even_if_the_whole_sounds_like_one() -> None:
    """With the default checklist "қайырлыкүн" also sounds like a misheard pattern word; spelt out as two
    stage words it is the two words."""
    text = "қайырлыкүн алем телеком қолдау қызметі операторы ерболат тыңдап тұрмын"
    assert score((A, text)).items["greeting"].passed is True


def test_a_spelt_pattern_word_and_a_preposition_beat_a_whole_that_only_sounds_like_one() -> None:
    """With the default checklist "ожиданиепо" also sounds like another pattern word; "ожидание" spelt out
    next to "по" is what was said."""
    assert score((A, "благодарю за ожиданиепо дому есть еще вопросы")).items["thank_patience"].passed is True


def test_a_pattern_word_is_never_half_of_a_word_joined_by_sound() -> None:
    """ "бағалаңыз" + "сау" is not one misheard word, whatever it sounds like: the farewell stays heard."""
    assert passes("сау болыңыз", "бес балдық шкала бойынша бағалаңыз сау болыңыз") is True


def test_forbidden_items_tolerate_the_sound_key_only_and_the_switch_turns_it_off() -> None:
    """A forbidden word matches a misheard non-dictionary spelling with its sound key ("насовите пароль"),
    never a letter edit, a dictionary word, a Kazakh word or a word under 5 letters: agents are failed on
    clear evidence. (``False``: the agent did the forbidden thing.)"""
    assert passes("назовите пароль", "насовите пароль", kind="forbidden", lang="ru") is False
    assert passes("назовите пароль", "насовите пароль", kind="forbidden", noise_tolerant=False) is True
    assert passes("назовите пароль", "назвите пароль", kind="forbidden", lang="ru") is True  # an edit
    assert passes("наша", "ноша", kind="forbidden", lang="ru") is True  # a dictionary word
    assert passes("дуры", "түрі", kind="forbidden") is True  # Kazakh "kind", and a 4-letter word
    assert passes("спасибо", "спосибо", noise_tolerant=False) is False
    assert passes("спасибо", "спосибо") is True


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("идиот*", "итиоты", False),  # a forbidden wildcard word misheard: sound key and one letter edit
        ("ақымақ*", "ақыммақсыз", False),  # a doubled letter, Kazakh letters where the pattern has them
        ("топас*", "табасыз", True),  # kk "you will find": two letters off the prefix
        ("отъеб*", "отип", True),  # kk "passing": the sound key only, three letters off
        ("жынды*", "шындық", True),  # kk "truth": Kazakh letters the pattern does not have
        ("идиот*", "идиотский", False),  # the wildcard as written
    ],
)
def test_forbidden_wildcard_words_misheard(rule: str, text: str, expected: bool) -> None:
    assert passes(rule, text, kind="forbidden") is expected


def test_kazakh_pattern_words_get_no_russian_inflections() -> None:
    # pymorphy reads "неге" (why) as Russian "нега": "него" (him) must not match it through "нега"
    assert passes("неге", "после него путь", lang="kk") is False
    assert passes("неге", "неге ашылмайды", lang="kk") is True


def test_misheard_match_is_less_confident() -> None:
    exact = score((A, "спасибо за ожидание"), checklist=one_item("спасибо за ожидание")).items["x"]
    noisy = score((A, "спосибо за ажидание"), checklist=one_item("спасибо за ожидание")).items["x"]
    assert exact.passed and noisy.passed
    assert noisy.confidence < exact.confidence


def test_short_stems_are_not_compared() -> None:
    """heldout-20: "тағы сұрақ бар ма" is not "сұрайын" (stems "сурак" / "сурай" are one edit apart)."""
    assert passes("сұрайын", "тағы сұрақ бар ма", lang="kk") is False


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("до свидания", "всего доброго досвидания"),  # merged
        ("спасибо за ожидание", "спасибо заожидание"),
        ("оставайтесь на линии", "оста вайтесь на линии"),  # split
        ("зарегистрирована", "заявка зарегист рирована"),
    ],
)
def test_split_and_merged_words_of_asr_text(rule: str, text: str) -> None:
    assert passes(rule, text) is True
    assert passes(rule, text, noise_tolerant=False) is False


def test_punctuated_text_and_known_word_pairs_are_not_rejoined() -> None:
    assert passes("досвидания", "До свидания.") is False  # clean text is left as written
    assert passes("совсем", "со всем") is False  # both dictionary words: two words were said
    assert passes("делано", "дела но") is False
    # ... unless a preposition and a noun or verb spell a pattern word of six letters ("за явку": "заявку")
    assert passes("заявка", "за явку") is True


def test_misheard_number_words_still_make_the_ticket_number() -> None:
    rule = "номер|нөмірі ~2 #num(4-6)"
    assert passes(rule, "номер обращения сорак пять двацать", lang="any") is True  # 4520
    assert passes(rule, "нөмірі жетпис бес он екі", lang="any") is True  # 7512
    assert passes(rule, "номер обращения алмас", lang="any") is False
    # an inflected thousand misheard: 57090, not 57 and 90
    assert passes(rule, "номер пятьдесят семь тызяч девяносто", lang="any") is True
    assert passes(rule, "номер пятьдесят семь тыкач девяносто", lang="any") is False
    # a dictionary word one edit from a number word, between two number words: that number misheard
    assert passes(rule, "номер обращения двенадцать зорок восемь", lang="any") is True
    # a 4-letter number word, an unstressed vowel or a voiced consonant misheard ("симь", "земь", kk "жити")
    assert passes(rule, "номер пять ноль симь земь", lang="any") is True  # 5077
    assert passes(rule, "нөмірі төрт жити бес бір", lang="any") is True  # 4751
    assert passes(rule, "номер пять ноль сима", lang="any") is False  # no number's sound: 50 only


def test_dropped_prepositions_but_never_particles() -> None:
    assert passes("до свидания", "всего доброго свидания") is True
    assert passes("оставайтесь на линии", "оставайтесь линии") is True
    assert passes("до свидания", "всего доброго свидания", noise_tolerant=False) is False
    assert passes("могу ли помочь", "чем могу помочь") is False  # "ли" makes the question
    assert passes("не кладите трубку", "кладите трубку") is False


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("спасибо за ожидание", "спосиба за ожидание"),  # two confusable letters in a 7-letter word
        ("добрый день", "добрый ден"),  # soft sign lost: same sound key
        ("какой именно", "кагие именно"),  # through the lemma guess of the misheard form
        ("=секунду", "зекунту"),  # an exact form matches by sound too
        ("вопросы", "остались воопросы"),  # doubled letter
    ],
)
def test_misheard_words_match_by_sound_key(rule: str, text: str) -> None:
    assert passes(rule, text) is True
    assert passes(rule, text, noise_tolerant=False) is False


def test_sound_key_does_not_join_different_words() -> None:
    assert passes("=заявка", "по вашей заявке") is False  # an exact form never matches through lemmas
    assert passes("какой", "калай", lang="any") is False  # Kazakh "how" is not Russian "which"


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("добрый день", "добрыйдень служба поддержки"),  # two words run together
        ("оператор #name", "операторерболат слушаю"),
        ("я уточню", "разрешите яуточню"),
        ("номер ~1 #num(4-6)", "номер63311"),  # a number glued to a word
        ("номер ~1 #num(4-6)", "номерсемнадцать тысяч четыреста"),
        ("нөмірі #num(4-6)", "нөмірі сексен бір мыңжүз он"),  # Kazakh number words glued together
    ],
)
def test_merged_words_are_split_at_any_cut(rule: str, text: str) -> None:
    assert passes(rule, text) is True
    assert passes(rule, text, noise_tolerant=False) is False


def test_kazakh_suffixes_and_names_are_never_split_off() -> None:
    from dialogue import default_script_path, load_script_file
    from scoring.asrfix import repair
    from scoring.compile import compiled

    checklist = load_script_file(default_script_path()).checklist
    assert checklist is not None
    comp = compiled(checklist)
    for text in (
        "алматыдан ұшып келдім",
        "құпия сөзіңізді айтыңызшы",
        "қарап жатырмын",
        "қоңырау шалғаныңызға рахмет",
        "сейткали мадина ерлановна",
    ):
        assert repair(comp, text) == text


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("вызагружали справку", "вы загружали справку"),  # a pronoun run onto its verb
        ("то что онназвал вас", "то что он назвал вас"),
        ("вы удобрениявносили", "вы удобрения вносили"),  # two Russian words, no pattern word among them
        ("спасибо затерпение", "спасибо за терпение"),  # ... but a pattern word's cut first ("затер|пение")
        ("вывели деньги", "вывели деньги"),  # a dictionary word stays whole
        ("илипо приложению", "или по приложению"),  # round 22: a conjunction run onto the next word
        ("илийском районе", "илийском районе"),  # ... not a word that only begins like one
    ],
)
def test_run_together_russian_words_are_cut_apart(text: str, repaired: str) -> None:
    from scoring.asrfix import repair
    from scoring.compile import compiled

    assert repair(compiled(default_checklist()), text) == repaired


def test_a_stage_item_missing_in_garbled_speech_needs_review() -> None:
    """An absence in Russian speech full of non-dictionary words is not confident: review, never a silent
    fail; the same absence in clean speech is a confident fail."""
    rule = "спасибо за ожидание"
    garbled = "сечас праверюю ваашу зоявку пакаа нипанятна штоо праисхадит сеть лежыт апять сервир нидаступин"
    clean = "сейчас проверю вашу заявку пока непонятно что происходит сеть лежит опять сервер недоступен"
    bad = score((A, garbled), checklist=one_item(rule)).items["x"]
    good = score((A, clean), checklist=one_item(rule)).items["x"]
    assert bad.passed is False and bad.needs_review
    assert good.passed is False and not good.needs_review


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("логин*", "назовите ваш лагин пожалуйста"),  # one vowel misheard in a 5-letter wildcard word
        ("логин*", "под вашим лагином"),  # ... in an inflected form (a name guess of pymorphy: not a word)
        ("минут*", "одну менуточку"),
    ],
)
def test_wildcard_words_tolerate_misheard_spellings(rule: str, text: str) -> None:
    assert passes(rule, text, lang="ru") is True
    assert passes(rule, text, lang="ru", noise_tolerant=False) is False


def test_wildcard_tolerance_leaves_dictionary_words_and_short_prefixes() -> None:
    assert passes("номер*", "с намерением помочь", lang="ru") is False  # a dictionary word is taken as said
    assert passes("код*", "кот", lang="ru") is False  # prefixes under 5 letters stay exact


def test_ticket_registered_when_asr_lost_the_ticket_word() -> None:
    """The ticket word misheard beyond recognition: "номер" + the number + "registered" still say it; a phone
    number or an amount does not."""
    greet = (A, "Здравствуйте, служба поддержки, меня зовут Асем.")

    def registered(text: str) -> bool | None:
        return answer("register_ticket", greet, ("c", "у меня не работает приложение"), (A, text))

    assert registered("всё за яфкой под номером 45021 зарегистрирована") is True
    assert registered("номер 7512 тіркелді") is True
    assert registered("ваш номер 87011234567 зарегистрирован в системе") is False  # a phone, 11 digits
    assert registered("номер 45021 вам придёт в смс") is False  # nothing registered


def test_ticket_number_opening_the_next_turn_after_registered_number() -> None:
    """ "... зарегистрировано, номер" — "диктуйте" — "шестьсот девятнадцать четыреста два": the number opens
    the agent's next turn (the recogniser cut the sentence at the caller's reply); after a request for the
    caller's number, a number is no ticket."""
    greet = (A, "Здравствуйте, служба поддержки, меня зовут Асем.")

    def registered(first: str, then: str) -> bool | None:
        return answer("register_ticket", greet, (A, first), ("c", "да диктуйте"), (A, then))

    assert registered("обращение зарегистрировано номер", "шестьсот девятнадцать четыреста два") is True
    assert registered("обращениениз тиркелди номер", "эр эф жети жети нол сегиз бес") is True
    assert registered("назовите ваш номер", "шестьсот девятнадцать четыреста два") is False
    assert registered("обращение зарегистрировано", "шестьсот девятнадцать четыреста два") is False


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("назовите ~2 иин", "наовите пожалуйста иин"),  # "з" lost between two vowels that then meet
        ("назовите ~1 номер", "наофите номер бронирования"),  # ... and a confusable letter
        ("номер ~1 полиса", "назовите номр полиса"),  # a letter lost: pymorphy guesses a name, no word
    ],
)
def test_a_lost_letter_is_one_edit_even_when_neighbours_meet(rule: str, text: str) -> None:
    assert passes(rule, text, lang="ru") is True
    assert passes(rule, text, lang="ru", noise_tolerant=False) is False


def test_a_short_pattern_word_run_onto_a_russian_word_is_split() -> None:
    """ "пожалуйста|иин" parses as Kazakh suffixes too: a Russian dictionary word (not a place or a name)
    and a stage pattern word of 3 letters are two words; a Kazakh ending never is one ("алматы|дан")."""
    assert passes("продиктуйте ~2 иин", "продиктуйте пожалуйстаиин пациента", lang="ru") is True
    assert passes("иин", "продиктуйте пожалуйстаиин пациента", lang="ru", noise_tolerant=False) is False
    assert passes("мен", "заявкамен жұмыс", lang="any") is False


def test_a_closing_formula_may_lose_a_short_word_but_not_its_negation() -> None:
    """In the call's last minute (``position: last_s``) a farewell whose short word ASR dropped still counts
    ("(сау) болыңыз"); elsewhere only prepositions may drop, and never "не"."""
    closing = {"position": {"last_s": 60}}
    talk = (A, "бір сәт күте тұрыңыз")
    bye = (A, "бағалаңыз болыңыз")
    assert score(talk, bye, checklist=one_item("сау болыңыз", **closing)).items["x"].passed
    assert not score(talk, bye, checklist=one_item("сау болыңыз")).items["x"].passed
    neg = one_item("не кладите трубку", **closing)
    assert not score(talk, (A, "кладите трубку"), checklist=neg).items["x"].passed


def test_a_forbidden_word_split_in_two_is_joined_when_spelt() -> None:
    assert passes("придурок", "вот же пр идурок", kind="forbidden", lang="ru") is False
    assert passes("придурок", "вот же пр идурок", kind="forbidden", lang="ru", noise_tolerant=False) is True
    assert passes("придурок", "вот же пр итурок", kind="forbidden", lang="ru") is True  # only by its sound


def test_a_stage_wildcard_word_split_in_two_is_joined() -> None:
    """ "бро ндау кодын": the halves spell the wildcard word "брондау*"; "номер вашего счёта" is asked too."""
    assert passes("брондау* ~1 код*", "бро ндау кодын айтыңызшы", lang="kk") is True
    assert passes("брондау* ~1 код*", "бро ндау кодын айтыңызшы", lang="kk", noise_tolerant=False) is False


def test_a_short_word_between_two_kept_words_may_be_lost() -> None:
    """ "спасибо (что) дождались": a short word inside a phrase; never the first one ("что именно")."""
    rule = "спасибо ~1 что ~2 дождаться"
    assert passes(rule, "спасибо дождались ответа", lang="ru") is True
    assert passes(rule, "спасибо дождались ответа", lang="ru", noise_tolerant=False) is False
    assert passes("что ~2 именно", "именно там показывает", lang="ru") is False


def test_two_words_spelling_a_long_pattern_word_are_joined() -> None:
    """ "спас ибо" are two dictionary words, "ра қмет" a two-letter half of the wildcard "рақмет*"."""
    assert passes("спасибо ~2 ожидание", "спас ибо за ожидание", lang="ru") is True
    assert passes("күт* ~3 рақмет*", "күтіп тұрғаныңызға ра қмет", lang="kk") is True
    assert passes("спасибо ~2 ожидание", "спас ибо за ожидание", lang="ru", noise_tolerant=False) is False
    assert passes("спасибо", "спас его", lang="ru") is False  # they spell no pattern word


def test_a_misheard_warning_still_vetoes_a_forbidden_match() -> None:
    # the not_* guards of forbidden items hear misheard words as the main words do: a warning stays one
    warn = "вам придет код подтверждения ник ому его не назывойте"
    assert answer("no_password_request", (A, warn)) is True
    assert answer("no_password_request", (A, "вам придет код подтверждения назовите его")) is False


def test_a_word_written_with_kazakh_letters_is_no_russian_word() -> None:
    # kk "тұрады" misheard "дұрады", "дұрыс" cut to "дұры": neither is a form of the Russian "дура"
    for text in ("шамамен қанша дұрады", "сіздің атыңыз дұры па", "күте дұрыңыз"):
        assert answer("no_profanity", (A, text)) is True
    assert answer("no_profanity", (A, "вы что дуры")) is False


def test_jangagy_before_a_locative_means_the_one_mentioned() -> None:
    assert answer("no_filler_words", (A, "Жаңағы кестедегі нөмірді қараңыз.")) is True
    assert answer("no_filler_words", (A, "Сізге жаңағы, сілтеме жіберемін.")) is False


def test_a_dictionary_word_cut_in_two_is_joined_before_names_and_profanity_see_a_half() -> None:
    # "забир|ать" (a name and a fragment), "бл|окировки" (an obscene stub and a fragment): one word each
    assert answer("no_staff_disclosure", (A, "оставьте себе курьер ее забир ать не будет")) is True
    assert answer("no_profanity", (A, "после бл окировки кошелька оплата недоступна")) is True
    assert answer("no_profanity", (A, "бл опять зависло")) is False  # the stub alone still counts
