"""Split and merged words of ASR output, repaired against the checklist's vocabulary (pure; issue 12).

Only unpunctuated (ASR-style) segments are touched, and only where a stage item's pattern word appears:

* two neighbours, one of them not a dictionary word, that together spell a pattern word (exactly or as a
  misheard spelling: ``noise.noise_edits``) or any Russian dictionary word ("забир ать", "бл окировки") are
  joined: "оста вайтесь" → "оставайтесь"; so are two
  dictionary words spelling a stage word of 7+ letters ("спас ибо"), halves spelling a stage wildcard word
  ("бро ндау", "ра қмет") and halves spelling a forbidden item's word ("пр идурок");
* a word that is not in the dictionary and splits into two words (dictionary words, pattern words or listed
  names, 3 letters or more unless a short pattern word: "до", "на") of which one is a stage pattern word is
  split: "досвидания" → "до свидания", "добрыйдень" → "добрый день", "операторерболат" → "оператор ерболат".

Decisions are cached per word and per word pair on the compiled checklist.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scoring import morph
from scoring.text import fold, kk_stem

if TYPE_CHECKING:
    from scoring.compile import CompiledChecklist

MIN_JOINED = 6
# the particle of an indefinite pronoun heard as two words ("что ни будь": "что-нибудь")
_PARTICLES = frozenset({"нибудь"})
_PRONOUNS = frozenset({"я", "ты", "вы", "мы", "он", "она", "они"})
# Kazakh endings that are no word of their own, cut off their word by the recogniser ("алма йды": "алмайды",
# "арт ығын": "артығын"); a name must not be left behind ("Алма")
_KK_ENDINGS = frozenset(
    {"йды", "йді", "ды", "ді", "ті", "дың", "дің", "тың", "тің", "ның", "нің", "ған", "ген", "ығын", "ігін",
     "йтын", "йтін", "ымыз", "іміз", "амын", "емін", "ймын", "ймін"}
)  # fmt: skip


def _kk_ending(word: str, ending: str) -> bool:
    return ending in _KK_ENDINGS and len(word) >= 3 and word.isalpha()


_KK_YOUR = re.compile(r"н[ыи]з\w{0,3}$")  # the Kazakh "your" ending, folded ("-ңызды", "-ңізге")
MIN_KNOWN_JOINED = 7  # two dictionary words are one word misheard only when they spell a long pattern word
# ... or a preposition and a noun or verb spelling a shorter one ("за явку"; not "со всем", "дела но")
MIN_PREP_JOINED = 6
_CONTENT_POS = frozenset({"NOUN", "VERB", "INFN"})
MIN_SHORT = 1  # shortest half of a merged word: "я", "у" (ONE_LETTER), a preposition ("на", "до")
ONE_LETTER = frozenset("явскуоиа")
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL"})


def _known(form: str) -> bool:
    return morph.info(form).known or form.isdigit()


def _stage_atoms(comp: CompiledChecklist, form: str) -> frozenset[int]:
    return comp.atoms[form] & comp.stage_word_ids


def _exact_stage(comp: CompiledChecklist, form: str) -> frozenset[int]:
    """Stage pattern words the form spells, not merely sounds like (wildcards are not words: "жатыр*")."""
    return (comp.atoms[form] & comp.stage_word_ids) - comp.noisy_only.get(form, frozenset())


def _join(comp: CompiledChecklist, a: str, b: str) -> bool:
    key = (a, b)
    got = comp.join_cache.get(key)
    if got is None:
        # two number words are two words, whatever they spell ("алты нол": six, zero, not "алтын*"; round 33)
        numbers = _number(a, 2) and _number(b, 2)
        got = not numbers and _forbidden_inside(comp, a, b)
        if got or numbers:
            pass  # (the branches below look for a stage or forbidden word the halves spell)
        elif len(a) + len(b) >= MIN_JOINED and (a + b).isalpha() and (not _known(a) or not _known(b)):
            new = _stage_atoms(comp, a + b) - _stage_atoms(comp, a) - _stage_atoms(comp, b)
            # a joined word must spell a pattern word, not merely sound like one ("бағалаңызсау"), unless
            # neither half is a word or a pattern word of its own ("ажид ание")
            spelt = bool(new - comp.noisy_only.get(a + b, frozenset()))
            got = spelt or (bool(new) and not _word_of_its_own(comp, a) and not _word_of_its_own(comp, b))
            if not got and min(len(a), len(b)) >= 2:  # a forbidden word split in two ("пр идурок")
                halves = _exact_forbidden(comp, a) | _exact_forbidden(comp, b)
                got = bool(_exact_forbidden(comp, a + b) - halves)
            if not got and min(len(a), len(b)) >= 2:  # a stage wildcard spelt by the two ("бро ндау")
                got = bool(_spelt_wild(comp, a + b) - _spelt_wild(comp, a) - _spelt_wild(comp, b))
            if not got and min(len(a), len(b)) >= 2:  # a dictionary word cut by the recogniser
                got = _dictionary_word(a + b)
        elif (
            _long_enough(a, b) and (a + b).isalpha() and not _subject_verb(a, b)
        ):  # two words spelling a long one
            new = _exact_stage(comp, a + b) - _stage_atoms(comp, a) - _stage_atoms(comp, b)  # "спас ибо"
            got = bool(new)
        comp.join_cache[key] = got
    return got


def _subject_verb(a: str, b: str) -> bool:
    """A pronoun and its verb ("вы брали", "мы брали") are two words, whatever they spell ("выбрали")."""
    if a not in {"вы", "мы"}:
        return False
    grams = morph.info(b).grammemes
    return "VERB" in grams and ("plur" in grams or "2per" in grams)


def _better_next(comp: CompiledChecklist, a: str, b: str, c: str) -> bool:
    """Does ``b`` belong to the word after it rather than to ``a``: ``b + c`` spells a stage pattern word as
    written and ``a + b`` does not ("ветдос доб рый": "добрый", not "ветдосдоб")?"""
    if not c or _exact_stage(comp, a + b) or not (b + c).isalpha():
        return False
    return bool(_exact_stage(comp, b + c)) and _join(comp, b, c)


def _forbidden_inside(comp: CompiledChecklist, a: str, b: str) -> bool:
    """A forbidden word and a fragment (no word) that together spell a dictionary word ("ду бля": "дубля"),
    or a forbidden interjection and a word that spell a long one ("каша блин чики": "блинчики"; not "раз
    говорю", two words of their own)."""
    if not (a + b).isalpha() or len(a) + len(b) < MIN_JOINED - 1:
        return False
    if _known(a) and _known(b):
        if len(a) + len(b) <= MIN_KNOWN_JOINED or any(_function_word(w) or _number(w, 1) for w in (a, b)):
            return False
        cut = a if morph.info(a).pos == "INTJ" else b if morph.info(b).pos == "INTJ" else ""
        return bool(cut) and bool(_exact_forbidden(comp, cut)) and _dictionary_word(a + b)
    return bool(_exact_forbidden(comp, a) or _exact_forbidden(comp, b)) and _dictionary_word(a + b)


def _long_enough(a: str, b: str) -> bool:
    n = len(a) + len(b)
    if n >= MIN_KNOWN_JOINED:
        return True
    return n >= MIN_PREP_JOINED and morph.info(a).pos == "PREP" and morph.info(b).pos in _CONTENT_POS


def _dictionary_word(form: str) -> bool:
    """A Russian dictionary word, no proper name, no Kazakh letters: two halves of it, one of them no word,
    are that word cut in two ("забир ать": a name and a fragment read as "Забир"; "бл окировки")."""
    if _KK.search(form):
        return False
    fi = morph.info(form)
    return fi.known and not fi.grammemes & _PROPER


def _spelt_wild(comp: CompiledChecklist, form: str) -> frozenset[int]:
    """Stage wildcard words ("брондау*") the form spells."""
    wild = comp.atoms[form] & (comp.stage_any_ids - comp.stage_word_ids)
    return wild - comp.noisy_only.get(form, frozenset())


def _exact_forbidden(comp: CompiledChecklist, form: str) -> frozenset[int]:
    """Forbidden items' pattern words the form spells (not merely sounds like)."""
    return (comp.atoms[form] & comp.forbidden_word_ids) - comp.noisy_only.get(form, frozenset())


def _word_of_its_own(comp: CompiledChecklist, form: str) -> bool:
    """A pattern word, a listed name or a Kazakh word: never half of a word joined by its sound."""
    return bool(_stage_atoms(comp, form)) or fold(form) in comp.names or bool(_KK.search(form))


def _part(comp: CompiledChecklist, form: str, left: bool) -> bool:
    """Can the form be one half of a merged word: a dictionary word, a pattern word or a listed name? A half
    of 3 letters must be a stage pattern word, a shorter one a short word (one letter only on the left: "я
    уточню", "у вас"): never a Kazakh suffix ("алматы|дан", "қоңыра|у")."""
    if len(form) < 3:
        return form in comp.short_words or (left and form in ONE_LETTER) or _function_word(form)
    if len(form) == 3:
        return bool(_exact_stage(comp, form)) or _function_word(form)
    stage = comp.atoms[form] & comp.stage_any_ids  # a Kazakh stem of a pattern wildcard too ("бағала*")
    folded = fold(form)
    return (
        _known(form)
        or bool(stage - comp.noisy_only.get(form, frozenset()))
        or folded in comp.names
        or folded in _KK_FUNCTION
    )


# Kazakh function words (folded) that a recogniser runs onto the next word ("ондажеліде", "меніңжұмысымды"):
# a closed class, listed because pymorphy knows no Kazakh
_KK_FUNCTION = frozenset({
    "онда", "сонда", "енди", "казир", "жане", "сосын", "содан", "бирак", "тагы", "менин", "сиздин", "биздин",
    "осы", "сол", "бул", "мына", "отинемин", "рахмет", "ракмет", "кешириниз", "сизге", "сизди", "маган",
})  # fmt: skip


def _function_word(form: str) -> bool:
    """A Russian preposition, conjunction or particle of 2-3 letters ("ожидание|для", "ожидание|по")."""
    fi = morph.info(form)
    return fi.known and fi.pos in _FUNCTION_POS


def _number(form: str, shortest: int = 3) -> bool:
    """A number word (not digits) of ``shortest`` letters or more, ru or kk, misheard spellings included."""
    got = morph.NUMBERS[form] if len(form) >= shortest else None
    return got is not None and got[0] != "D"


def _halves(comp: CompiledChecklist, a: str, b: str, whole: frozenset[int]) -> bool:
    """Are ``a`` and ``b`` the two words of a merged word: two number words ("сороквосемь", "сегізмың"), a
    number word and a pattern word ("номерсемнадцать"), or two words of which one is a stage pattern word
    the whole is not? (A number word next to any word is not enough: "жатыр|мын" is a verb.)"""
    if _number(a, 2) and _number(b, 2):
        return True  # "алпысүш"
    if len(a) < 3 and _KK.search(a + b):
        return False  # no Russian preposition before a Kazakh word ("с|өзіңізді")
    if (len(b) < 3 or b in _KK_TAILS) and _KK.search(a + b):
        return False  # ... nor after one ("бесті|к"), nor a possessive ending cut off ("желісі|нікі")
    if fold(b) == "маган" and a[-1] in _KK_NEG_MA:
        return False  # a Kazakh verb's negative participle, not "to me" ("бол|маған" = has not been)
    if a in _ENCLITICS:
        return False  # a particle that follows its word opens no merged one ("же|текшим"; round 29)
    if b in _RU_PARTICLES and _plain_russian(a):
        return True  # a Russian particle run onto its word ("совсем|не", "профиль|или", "никому|не")
    if a in _PRONOUNS and _plain_verb(b):
        return True  # a pronoun run onto its verb ("вы|загружали", "он|назвал")
    if len(kk_stem(fold(a + b))) <= len(a) and not _russian_pair(comp, a, b):
        return False  # ``b`` is a Kazakh suffix ("алматы|дан")
    num_a, num_b = _number(a), _number(b)
    if num_a or num_b:
        return (num_a or (len(a) >= 3 and bool(_exact_stage(comp, a) - whole))) and (
            num_b or (len(b) >= 3 and bool(_exact_stage(comp, b) - whole))
        )
    if len(a) == 3 and not morph.info(a).known and not _exact_stage(comp, b) - whole:
        return False  # a Kazakh 3-letter word and a Russian one are one Kazakh word ("қай|тару" = return)
    new = (_exact_stage(comp, a) | _exact_stage(comp, b)) - whole
    return bool(new) and _part(comp, a, True) and _part(comp, b, False)


_RU_PARTICLES = frozenset({"не", "ли", "или", "же"})
_ENCLITICS = frozenset({"же", "ли", "бы"})
# letters after which the Kazakh negation is "-ма" ("бол|ма|ған", "бар|ма|ған"; "айт|па|ған" after others)
_KK_NEG_MA = frozenset("аәеиоөұүыіуюялрй")
MIN_PLAIN_HALF = 4  # letters of a verb a pronoun is run onto ("вы|брали" is a dictionary word: kept)
MIN_TWO_WORDS = 5  # letters of each of two Russian words run together, split without a pattern word


def _plain_verb(form: str) -> bool:
    """A Russian verb of 4 letters or more the dictionary knows."""
    fi = morph.info(form)
    return len(form) >= MIN_PLAIN_HALF and not _KK.search(form) and fi.known and fi.pos == "VERB"


def _plain_russian(form: str) -> bool:
    """A Russian dictionary word of 4 letters or more, no proper name."""
    fi = morph.info(form)
    return len(form) >= 4 and not _KK.search(form) and fi.known and not fi.grammemes & _PROPER


def _russian_pair(comp: CompiledChecklist, a: str, b: str) -> bool:
    """A Russian dictionary word (no proper name: those take Kazakh suffixes) and a stage pattern word of 3
    letters or more that only looks like Kazakh endings ("пожалуйста|иин"; not "алматы|дан", "заявка|мен")."""
    if _KK.search(a + b) or len(b) < 3 or b in _KK_SUFFIX_WORDS or not _exact_stage(comp, b):
        return False
    fi = morph.info(a)
    return fi.known and len(a) >= 3 and not fi.grammemes & _PROPER


_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
# Kazakh case and plural endings that are also short words ("мен" = "I")
_KK_SUFFIX_WORDS = frozenset(
    {"мен", "пен", "бен", "дан", "ден", "тан", "тен", "нан", "нен", "лар", "лер", "дар", "дер", "тар"}
    | {"тер", "ның", "нің", "дың", "дің", "тың", "тің"}
)


# Kazakh possessive endings ("желісінікі": the network's) that fold to a Russian word ("ники")
_KK_TAILS = frozenset({"нікі", "ныкі", "дікі", "дыкі", "тікі", "тыкі"})


# Kazakh words made of two pattern words that are words of their own ("бір|неше" = several, not "one, how
# many?")
_KK_WHOLE = frozenset(
    {"бірнеше", "бирнеше", "біреу", "биреу", "бірдеңе", "бирдене", "бірақ", "бирак", "біраз", "бираз"}
    | {"бірге", "бирге", "бірден", "бирден", "бірдей", "бирдей", "бірталай", "бирталай", "кейбір", "кейбир"}
    | {"әрбір", "арбир"}
)


def _split(comp: CompiledChecklist, word: str) -> tuple[str, str] | None:
    """Two words a merged word is made of, one of them a stage pattern word the whole word is not
    ("досвидания", "добрыйдень", "операторерболат"); the most even cut wins."""
    if word in comp.split_cache:
        return comp.split_cache[word]
    found = None
    fi = morph.info(word)
    if (
        len(word) >= MIN_JOINED
        and word.isalpha()
        and not fi.known
        and not fi.patronymic_shape
        and not fi.surname_shape  # "жақсы|бекова" is a surname, not two words
        and word not in _KK_WHOLE
        and word not in _PARTICLES  # the particle the repair joins is never split ("ни|будь")
        and not _kk_inflected(comp, word)
        # a number word misheard is one word ("воземь", not "в|оземь"; round 30)
        and morph.NUMBERS[word] is None
    ):
        whole = _stage_atoms(comp, word)
        # a word that sounds like a pattern word is that word misheard, not two words ("блага|дарю"),
        # unless a half spells that word ("пожалуйста|иин" only sounds like "пожалуйста" as a whole)
        sounds, best = comp.noisy_only.get(word, frozenset()) & whole, -1
        # a prefixed past-tense verb the dictionary lacks is no preposition and a name ("подвисла")
        verb = {"VERB", "past"} <= fi.grammemes
        for cut in range(MIN_SHORT, len(word) - MIN_SHORT + 1):
            a, b = word[:cut], word[cut:]
            # (two number words are two words whatever the whole is guessed to be or sounds like: "мын|токыз",
            # round 30)
            numbers = _number(a, 2) and _number(b, 2)
            if (
                min(len(a), len(b)) <= best
                or (verb and len(a) <= 3 and a not in _PRONOUNS and not numbers)
                or not _halves(comp, a, b, whole)
            ):
                continue
            if len(a) <= 2 and _KK_YOUR.search(fold(b)):  # no preposition before Kazakh "your": "с|өзіңізді"
                continue
            # (a half that is a word brings the words it sounds like: "подскажите" ~ "подскажете")
            if numbers or sounds <= _stage_atoms(comp, a) | _stage_atoms(comp, b):
                found, best = (a, b), min(len(a), len(b))
        if found is None:  # ... unless it is two pattern words spelt out ("қайырлыкүн")
            found = _two_pattern_words(comp, word, whole)
        if found is None and not whole:  # ... or, failing both, two Russian words ("удобрения|вносили")
            found = _two_plain_words(word)
    comp.split_cache[word] = found
    return found


# conjunctions a recogniser runs onto the next word ("илипо приложению", "иливип"); the rest must be a Russian
# dictionary word (no Kazakh letters: "Илийский" stays, its rest is no word)
_CONJUNCTIONS = ("или", "либо")


def _conjunction_first(word: str) -> tuple[str, str] | None:
    if morph.info(word).known:  # a word of its own ("Илиада")
        return None
    for conj in _CONJUNCTIONS:
        rest = word[len(conj) :]
        if word.startswith(conj) and rest and not _KK.search(rest):
            fi = morph.info(rest)
            if fi.known and (len(rest) >= 2 or fi.pos in _FUNCTION_POS) and "Abbr" not in fi.grammemes:
                return conj, rest
    return None


def _two_plain_words(word: str) -> tuple[str, str] | None:
    """The most even cut into two Russian dictionary words of 5 letters or more, no proper names (shorter
    halves cut a misheard word in two: "менуточку" is "минуточку", not "мену точку")."""
    found, best = None, 0
    for cut in range(MIN_TWO_WORDS, len(word) - MIN_TWO_WORDS + 1):
        a, b = word[:cut], word[cut:]
        if min(len(a), len(b)) > best and _plain_russian(a) and _plain_russian(b):
            found, best = (a, b), min(len(a), len(b))
    return found


def _kk_inflected(comp: CompiledChecklist, word: str) -> bool:
    """A stage pattern word with a Kazakh case ending ("шкала|мен", not "шкал|амен"), or a Russian word with a
    Kazakh genitive or ablative ("отель|дің" heard "отельдин", "сіз|дің": no name "Дин"): one word."""
    folded = fold(word)
    stem = kk_stem(folded)
    if 4 <= len(stem) < len(folded) and folded[len(stem) :] in _KK_CASE and _exact_stage(comp, stem):
        return True
    return any(
        folded.endswith(e) and len(folded) - len(e) >= 3 and _word_or_stage(comp, folded[: -len(e)])
        for e in _KK_LONG_CASE
    )


def _word_or_stage(comp: CompiledChecklist, stem: str) -> bool:
    return bool(_exact_stage(comp, stem)) or (len(stem) >= 4 and _known(stem))


# Kazakh case endings (folded) after a whole pattern word: instrumental, accusative, dative, locative, ...
_KK_CASE = frozenset(
    fold(e)
    for e in (
        "мен", "пен", "бен", "ды", "ді", "ны", "ні", "ты", "ті", "ға", "ге", "қа", "ке", "на", "не",
        "да", "де", "та", "те", "нда", "нде", "дан", "ден", "нан", "нен", "тан", "тен",
        "ның", "нің", "дың", "дің", "тың", "тің",
    )
)  # fmt: skip
# ... of them, the ones no Russian word is spelt as ("не", "да", "та" are: "никому|не" stays two words)
_KK_LONG_CASE = frozenset(
    fold(e) for e in ("ның", "нің", "дың", "дің", "тың", "тің", "дан", "ден", "нан", "нен", "тан", "тен")
)


def _two_pattern_words(comp: CompiledChecklist, word: str, whole: frozenset[int]) -> tuple[str, str] | None:
    """The most even cut into two stage pattern words of 3 letters or more, each spelt exactly, or into a
    stage pattern word of 5 letters or more spelt exactly and a short word ("ожидание|по"): spelt words
    beat a whole that only sounds like a pattern word."""
    found, best = None, 0
    for cut in range(2, len(word) - 1):
        a, b = word[:cut], word[cut:]
        if min(len(a), len(b)) <= best or len(kk_stem(fold(word))) <= len(a) or b in _KK_TAILS:
            continue
        spelt_a, spelt_b = bool(_exact_stage(comp, a) - whole), bool(_exact_stage(comp, b) - whole)
        two = spelt_a and spelt_b and min(len(a), len(b)) >= 3
        short_b = spelt_a and len(a) >= 5 and len(b) <= 3 and _function_word(b) and not _KK.search(word)
        short_a = spelt_b and len(b) >= 5 and len(a) <= 3 and _function_word(a) and not _KK.search(word)
        if two or short_a or short_b:
            found, best = (a, b), min(len(a), len(b))
    return found


_KK = re.compile("[әғқңөұүһі]")
_LETTERS_DIGITS = re.compile(r"[^\W\d_]{3,}|\d+")


def _digits_apart(word: str) -> list[str]:
    """A word and a number run together ("номер63311", "нөмірі502113") become two words."""
    if word.isalpha() or word.isdigit():
        return [word]
    parts = _LETTERS_DIGITS.findall(word)
    return parts if len(parts) == 2 and "".join(parts) == word else [word]


# letters said by their names (folded): "жэ сэ эн" is ЖСН, "и и эн" ИИН, "бэ эс эн" БСН
LETTER_NAMES = {
    "а": "а", "бэ": "б", "бе": "б", "вэ": "в", "гэ": "г", "дэ": "д", "де": "д", "е": "е", "жэ": "ж",
    "же": "ж", "жа": "ж", "зэ": "з", "зе": "з", "и": "и", "ка": "к", "эл": "л", "эль": "л", "эм": "м",
    "эн": "н", "ен": "н", "о": "о", "пэ": "п", "пе": "п", "эр": "р", "эс": "с", "сэ": "с", "се": "с",
    "ес": "с", "тэ": "т", "те": "т", "у": "у", "эф": "ф", "ха": "х",
}  # fmt: skip


def _letter(word: str) -> str:
    if len(word) == 1 and word.isalpha():
        return word
    return LETTER_NAMES.get(fold(word), "")


def _spelt_letters(comp: CompiledChecklist, words: list[str], i: int) -> tuple[int, str]:
    """How many single letters or letter names from ``i`` on spell an abbreviation of a stage pattern ("и и н"
    → иин, "ж с н" and "жэ сэ эн" → жсн), and the abbreviation: (0, "") when they do not."""
    for n in (4, 3, 2):
        run = [_letter(w) for w in words[i : i + n]]
        if len(run) == n and all(run) and _exact_stage(comp, "".join(run)):
            return n, "".join(run)
    return 0, ""


def _merged_letters(comp: CompiledChecklist, word: str) -> str:
    """The abbreviation a word made only of letter names spells, run together by the recogniser ("жеесен",
    "жээсэн" → жсн, "ииэн" → иин), or "" (3-4 letter names, each of the table above)."""
    if not 3 <= len(word) <= 12:
        return ""
    found = ""

    def walk(rest: str, spelt: str) -> None:
        nonlocal found
        if found or len(spelt) > 4:
            return
        if not rest:
            if len(spelt) >= 3 and _exact_stage(comp, spelt):
                found = spelt
            return
        for cut in (1, 2, 3):
            letter = LETTER_NAMES.get(rest[:cut], "") if cut <= len(rest) else ""
            if letter:
                walk(rest[cut:], spelt + letter)

    walk(fold(word), "")
    return found


# an indefinite pronoun's "-то" run on without its hyphen (round 28)
_INDEFINITE_TO = re.compile(
    r"^(что|кто|где|как|какой|какая|какое|какие|какую|каким|чем|чего|кого|кому|куда|когда)(то)$"
)
# the Kazakh thanks run onto the word before it (round 28)
_THANKS_TAIL = re.compile(r"^(\w{2,}?)(р[аә]хмет|ра[қк]мет)$")
# "который" heard with a voiced "д" (round 28: "кодорый" is no code word)
_WHICH_VOICED = re.compile(r"^кодор(ый|ий|ая|ое|ую|ой|ого|ому|ом|омо|ые|ых|ым|ыми)$")


def repair(comp: CompiledChecklist, text: str) -> str:
    """The text with split words joined and merged words split (ASR-style text only)."""
    vocabulary = comp.stage_any_ids or comp.forbidden_word_ids
    if not vocabulary or not text.islower() or any(c in text for c in '.,!?;:«»"'):
        return text
    words = [part for w in text.split() for part in _digits_apart(w)]
    changed = len(words) != text.count(" ") + 1
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        letters, spelt = _spelt_letters(comp, words, i) if len(w) <= 3 else (0, "")
        if letters:
            out.append(spelt)
            i += letters
            changed = True
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == "кода" and nxt in _PRONOUNS:  # "когда" with its "г" lost: "кода вы пытаетесь войти"
            out.append("когда")
            i += 1
            changed = True
            continue
        if (
            nxt
            and (w + nxt in _PARTICLES or _kk_ending(w, nxt) or _join(comp, w, nxt))
            and not _better_next(comp, w, nxt, words[i + 2] if i + 2 < len(words) else "")
        ):
            out.append(w + words[i + 1])
            i += 2
            changed = True
            continue
        indefinite = _INDEFINITE_TO.match(w)
        if indefinite:  # "что-то" with its hyphen lost ("еще чтото"), as "что нибудь" is cut below
            out.extend(indefinite.groups())
            i += 1
            changed = True
            continue
        thanks = _THANKS_TAIL.match(w)
        if thanks:  # "рахмет" run onto the word before it ("күткеніңізгерақмет", "копрахмет")
            out.extend(thanks.groups())
            i += 1
            changed = True
            continue
        if _WHICH_VOICED.match(w):  # "который" with its "т" voiced: "номер, по кодорому с вами связаться"
            out.append("котор" + w[5:])
            i += 1
            changed = True
            continue
        spelt = _merged_letters(comp, w) if len(w) <= 8 else ""
        parts = [spelt] if spelt else (_conjunction_first(w) or _split(comp, w))
        if parts:
            out.extend(parts)
            changed = True
        else:
            out.append(w)
        i += 1
    return " ".join(out) if changed else text
