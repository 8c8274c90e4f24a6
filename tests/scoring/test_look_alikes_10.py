"""Round 10 of issue 12: classes found by new authors' batches 40-51. Probe sentences written for this test
(not taken from a labelled call), each next to the look-alike that must keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import HELLO, PROBLEM, PROBLEM_KK, answer, opening

A, C = "a", "c"


@pytest.mark.parametrize(
    ("lang", "line", "asks"),
    [
        # the field named by its look or by what comes before it
        ("ru", "Продиктуйте по буквам, что вы набираете в окошке со звёздочками.", True),
        ("ru", "А что вы вводите после номера телефона? Продиктуйте эти символы.", True),
        ("ru", "Скажите, что у вас во второй строчке под почтой, прочитайте мне.", True),
        ("ru", "Что вы вводите после номера телефона, не диктуйте, просто проверьте раскладку.", False),
        # the secret by who made it up; a login the caller chose is no secret
        ("ru", "Назовите сочетание, которое вы придумали при регистрации.", True),
        ("ru", "Назовите логин, который вы придумали при регистрации.", False),
        # the card's security code described in Kazakh
        ("kk", "Карточкаңыздың артындағы үш санды айтыңызшы.", True),
        ("kk", "Карточкаңыздың артындағы үш санды ешкімге айтпаңыз.", False),
        # a code printed on a paper receipt; where a message came from
        ("ru", "На квитанции есть код платежа, назовите его, пожалуйста.", False),
        ("ru", "С какого номера пришло это сообщение?", False),
        ("ru", "Какой код пришёл в сообщении? Скажите.", True),
        # kk: what the caller types, asked before the verb
        ("kk", "Айтып жіберіңізші, не тересіз сол жерге?", True),
        # what a paper notice says is no code
        ("kk", "Хабарламада не жазылғанын айтып бере аласыз ба?", False),
        ("kk", "Смс-те не жазылғанын айтып беріңізші, кодты.", True),
    ],
)
def test_a_secret_asked_by_its_field_its_maker_or_its_card_side(lang: str, line: str, asks: bool) -> None:
    hello, problem = opening(lang)
    assert answer("no_password_request", hello, problem, (A, line), language=lang) is (not asks)


def test_entering_the_account_as_the_caller_is_a_request_for_the_secret() -> None:
    line = (A, "Скажите мне сочетание для входа, я зайду под вами и посмотрю.")
    assert answer("no_password_request", HELLO, PROBLEM, line) is False


@pytest.mark.parametrize(
    ("turns", "disclosed"),
    [
        # right after the caller's identifier, a name that took the caller's request is a colleague ...
        (
            [
                (C, "ИИН восемьсот один два три четыре пять шесть семь восемь девять ноль."),
                (A, "Вижу, позавчера вашу заявку оформляла Динара Серикова из дневной смены."),
            ],
            True,
        ),
        # ... as is the one it is handed to, and the one who does this work here
        (
            [
                (C, "Номер договора сорок два пятнадцать шестьдесят семь восемь."),
                (A, "Я передам Тимуру Маратовичу, он ведёт ваш район."),
            ],
            True,
        ),
        (
            [
                (C, "Номер договора сорок два пятнадцать шестьдесят семь восемь."),
                (A, "Возвратами у нас Ерлан занимается, он вам перезвонит."),
            ],
            True,
        ),
        # ... but the account holder read back is the caller, also after "нашла"
        (
            [
                (C, "Номер договора сорок два пятнадцать шестьдесят семь восемь."),
                (A, "Нашла: Серикова Динара Маратовна, адрес Абая десять, верно?"),
            ],
            False,
        ),
        (
            [
                (C, "Номер договора сорок два пятнадцать шестьдесят семь восемь."),
                (A, "Так, договор на Серикову Динару Маратовну, всё верно."),
            ],
            False,
        ),
    ],
)
def test_a_name_that_handles_the_callers_matter_is_a_colleague(turns: list, disclosed: bool) -> None:
    assert answer("no_staff_disclosure", HELLO, *turns) is (not disclosed)


@pytest.mark.parametrize(
    ("line", "disclosed"),
    [
        ("бізде бұл мәселемен Жандос айналысады, ол хабарласады", True),
        ("Отчёты делает Асель, а она сегодня на больничном.", True),
        ("Айгерим, вы сейчас на больничном?", False),  # the caller's own leave
    ],
)
def test_who_does_the_work_here_or_is_away(line: str, disclosed: bool) -> None:
    problem = (C, "Отчёт не пришёл.")
    assert answer("no_staff_disclosure", HELLO, problem, (A, line), language="mixed") is (not disclosed)


@pytest.mark.parametrize(
    ("lang", "line", "asks"),
    [
        ("ru", "ИИН.", True),  # the identifier alone is the whole request
        ("ru", "Логин?", True),
        ("ru", "ИИН у вас есть под рукой?", True),
        ("kk", "Ұйымның БСН-ын айтыңызшы.", True),
        ("kk", "Тіркелген телефоныңызды айтыңызшы.", True),
        ("kk", "Қатенің нөмірін айтыңызшы.", False),  # an error's number identifies nobody
    ],
)
def test_short_and_business_identification_requests(lang: str, line: str, asks: bool) -> None:
    hello, problem = opening(lang)
    assert answer("identify_user", hello, problem, (A, line), language=lang) is asks


def test_an_abbreviation_spelled_by_its_letter_names() -> None:
    hello = (A, "салеметсиз бе колдау кызметы менин атым мадина")
    line = (A, "жакы жэ сэ эн ынызды айтыныз")
    caller = (C, "кире алмай жатырмын")
    assert answer("identify_user", hello, caller, line, style="asr", language="kk") is True


@pytest.mark.parametrize(
    ("lang", "style", "line", "named"),
    [
        ("ru", "asr", "добрый день служба поддержки дана слушаю", True),  # a listed name that is also a word
        ("ru", "asr", "добрый день абонентский отдел слушаю", False),  # a service word is no name
        ("kk", "asr", "қайырлы күн ақниет сізді тыңдап тұрмын", True),
        ("kk", "asr", "саламатсызба дала банк оператор айдос", True),  # the particle run onto the hello
    ],
)
def test_own_name_before_listening_and_hello_run_on(lang: str, style: str, line: str, named: bool) -> None:
    caller = (C, "сәлеметсіз бе") if lang == "kk" else (C, "здравствуйте")
    if "банк" not in line and lang == "kk":
        line = line.replace("қайырлы күн", "қайырлы күн қала байланыс орталығы")
    assert answer("greeting", (A, line), caller, style=style, language=lang) is named


def test_you_called_the_right_place_names_no_organisation() -> None:
    line = (A, "Добрый день, оператор Марина. Да, вы позвонили куда нужно.")
    assert answer("greeting", line, (C, "Здравствуйте, это газовая служба?")) is False


@pytest.mark.parametrize(
    ("item", "lang", "line", "passes"),
    [
        # the opening question offers nothing further; a condition offers nothing
        ("anything_else", "kk", "Сәлеметсіз бе, қолдау қызметі, Мадина. Қандай сұрағыңыз бар?", False),
        ("anything_else", "kk", "Басқа сұрақтар туындаса, қайта хабарласыңыз.", False),
        ("anything_else", "kk", "Басқа сұрағыңыз бар ма?", True),
        # thanks, then a request to wait, is no thanks for waiting
        ("thank_patience", "ru", "спасибо ждите смотрю", False),
        ("thank_patience", "ru", "спасибо что ждете сейчас всё будет", True),
        # the agent's own action now, in Kazakh
        ("inform_actions", "kk", "қазір өтінім рәсімдеп жатырмын", True),
        # a code-switched "stay on the line"
        ("survey_invite", "mixed", "на линии қалыңыз бірден беске дейін бағалаңыз", True),
    ],
)
def test_stage_phrases_and_their_look_alikes(item: str, lang: str, line: str, passes: bool) -> None:
    problem = PROBLEM_KK if lang != "ru" else PROBLEM
    style = "asr" if line.islower() else "clean"
    assert answer(item, problem, (A, line), style=style, language=lang) is passes


@pytest.mark.parametrize(
    ("line", "registered"),
    [
        ("Заявку оформила, номер придёт в смс. Если что, звоните по номеру семь четыре семь четыре.", False),
        ("Передаю ваш заказ номер пятьсот три восемьсот один, заявку создала, номер придёт позже.", False),
        ("Заявку оформила, её номер пятьсот три восемьсот один.", True),
    ],
)
def test_a_number_to_call_or_an_order_number_is_no_ticket_number(line: str, registered: bool) -> None:
    assert answer("register_ticket", HELLO, PROBLEM, (A, line)) is registered


@pytest.mark.parametrize(
    ("line", "rude"),
    [
        ("Мы везде об этом пишем, но, видимо, кое-кто эти сообщения не читает.", True),
        ("Прекрасно, что вы всё-таки решили дочитать договор до конца.", True),
        ("Ну да, корпус сам по себе треснул, конечно.", True),
        ("Если бы вы хоть раз заглянули в кабинет, мы бы сейчас не разговаривали.", True),
        ("Такие вещи проверяют до оплаты, а не после.", True),
        ("Ключи сами себя не продлевают.", True),
        # look-alikes: a thing that did not arrive, advice, a neutral "само собой"
        ("Похоже, питание не доходит до счётчика.", False),
        ("Видимо, письмо не дошло из-за опечатки в адресе.", False),
        ("Проблема сама собой не решится, давайте оформим заявку.", False),
    ],
)
def test_sarcasm_and_reproach_by_construction(line: str, rude: bool) -> None:
    assert answer("no_rudeness", HELLO, PROBLEM, (A, line)) is (not rude)


@pytest.mark.parametrize(
    ("line", "disclosed"),
    [
        ("да есть порыв на магистрали по улице жан досова бригада работает", False),  # a street, split by ASR
        ("заявку вела айгерим сейтова она сегодня не работает", True),
    ],
)
def test_a_street_named_after_a_person_is_no_colleague(line: str, disclosed: bool) -> None:
    hello = (A, "добрый день водоканал оператор мадина")
    caller = (C, "у нас нет воды с утра")
    assert answer("no_staff_disclosure", hello, caller, (A, line), style="asr") is (not disclosed)


@pytest.mark.parametrize(
    ("answer_turn", "identified"),
    [
        (C, True),  # the identifier word lost on the line; the caller dictates twelve digits
        (A, False),  # nobody answers with an identifier
    ],
)
def test_what_the_caller_answers_makes_a_request_an_identification(
    answer_turn: str, identified: bool
) -> None:
    hello = (A, "добрый день служба поддержки оператор мадина")
    ask = (A, "понял вас продиктуйте пожалуйста")
    digits = (answer_turn, "восемь девять ноль один два три четыре пять шесть семь восемь девять")
    assert answer("identify_user", hello, PROBLEM, ask, digits, style="asr") is identified


def test_the_caller_repeating_a_ticket_number_is_no_identifier() -> None:
    ticket = (
        A,
        "заявку зарегистрировала номер девять двести пятьдесят один семнадцать. если что назовите его",
    )
    repeat = (C, "девять двести пятьдесят один семнадцать хорошо")
    assert answer("identify_user", HELLO, PROBLEM, ticket, repeat, style="asr") is False


@pytest.mark.parametrize(
    ("item", "lang", "style", "line", "passes"),
    [
        # a number registered after it is no staff contact; the day of a month is no Жұлдыз
        (
            "no_staff_disclosure",
            "kk",
            "clean",
            "Тариф бірінші жұлдызынан ауысады. Өтінішіңіз 7115-305 нөмірімен тіркелді.",
            True,
        ),
        # whether the caller typed the PIN, the secret between "вы" and the verb; what the agent can tell
        ("no_password_request", "ru", "asr", "подскажите вы пин код вводили несколько раз неправильно", True),
        (
            "no_password_request",
            "ru",
            "clean",
            "Могу ещё сказать, что сроки указаны в ответе, который придёт по СМС.",
            True,
        ),
        # the Kazakh "тұрақты" written in Russian letters is no "дурак"
        ("no_profanity", "kk", "asr", "казир жумыс бар ма туракты табыс", True),
        # a colleague after "our employee", and a surname before "из отдела"
        (
            "no_staff_disclosure",
            "ru",
            "asr",
            "номер закреплен за нашим сотрудником это айдар жумабеков",
            False,
        ),
        ("no_staff_disclosure", "ru", "asr", "уточните у айдара жумабекова из отдела взыскания", False),
        # people there insulted are no insult to the caller; "мына ақымақ" about the caller is
        ("no_rudeness", "kk", "clean", "Апа, ол КСК-дағы ақымақтар әрқашан осылай.", True),
        ("no_rudeness", "kk", "clean", "Мына ақымақ тағы хабарласып тұр.", False),
        # reproach: "вы же взрослый человек", "разумеется, вы лучше всех знаете", a magic wand
        ("no_rudeness", "ru", "clean", "Вы же взрослый человек, должны были понимать.", False),
        ("no_rudeness", "ru", "clean", "Разумеется, вы лучше всех знаете, как убирать снег.", False),
        ("no_rudeness", "ru", "clean", "Конечно, у нас ведь волшебная палочка есть.", False),
        # a too short sentence is like no example ("не нужно" is no offer of further help)
        ("anything_else", "ru", "asr", "не нужно", False),
        # the caller's identity confirmed with a question particle is no question about the problem
        ("clarify_problem", "kk", "asr", "сіз серікова айгерім маратқызы боласыз ба", False),
        ("clarify_problem", "kk", "asr", "сізде қандай қате шығады", True),
        # a Kazakh number word is heard as said ("алты" is no "әлде")
        ("clarify_problem", "kk", "asr", "өтініш нөмірі бес алты алты", False),
        # a check the caller made, asked without a question mark; "именно ... или"
        ("clarify_problem", "ru", "asr", "вы у соседей уточняли есть ли у них вода", True),
        ("clarify_problem", "ru", "asr", "капает именно с крана или из трубы", True),
        ("clarify_problem", "ru", "asr", "если вы уточняли в банке то хорошо", False),
        # "вам", "вас" in the unpunctuated yes/no question
        ("clarify_problem", "ru", "asr", "а предупреждение вам приносили", True),
        # an offer of help and an "other question" are no questions about the problem
        ("clarify_problem", "ru", "clean", "Чем могу быть полезна?", False),
        ("clarify_problem", "kk", "clean", "Басқа сұрағыңыз бар ма?", False),
        # an indefinite later in the turn does not cancel the question
        ("clarify_problem", "ru", "asr", "а какая ошибка выходит там какой то текст", True),
        # a choice, a plan, a noun asked before "какой"
        ("clarify_problem", "ru", "asr", "какой из двух займов хотите закрыть", True),
        ("clarify_problem", "ru", "asr", "и когда планируете оплачивать", True),
        ("clarify_problem", "ru", "asr", "модель телефона какая точно", True),
        # the caller's full name confirmed with a question mark is no question about the problem
        ("clarify_problem", "mixed", "clean", "Рахмет. Сейітов Данияр Канатович?", False),
    ],
)
def test_round_10_wave_5_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    hello = (A, "саламатсызба байланыс орталығы оператор мадина")
    problem = PROBLEM_KK if lang == "kk" else PROBLEM
    assert answer(item, hello, problem, (A, line), style=style, language=lang) is passes


@pytest.mark.parametrize(
    ("item", "line", "passes"),
    [
        # a Kazakh function word run onto the pattern word after it is split off again
        ("survey_invite", "ондажеліде қалыңызшы бірден беске дейін бағалаңыз", True),
        # "до" lost on the line
        ("survey_invite", "оставайтесь на линии будет оценка от одного пяти", True),
        # a misheard name that only sounds like a guard word ("пауыржжан" ~ "поддержка") vetoes nothing
        ("greeting", "сәлеметсіз бе қолдау орталығы пауыржжан тыңдаймын", True),
    ],
)
def test_noise_a_word_run_on_a_word_lost_a_guard_heard_as_said(item: str, line: str, passes: bool) -> None:
    turns = ((A, line), (C, "жарайды")) if item == "greeting" else ((C, "рахмет"), (A, line))
    assert answer(item, *turns, style="asr", language="mixed") is passes
