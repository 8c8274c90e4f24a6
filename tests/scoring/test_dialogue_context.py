"""Who spoke before and what a word is there for (issue 12, round 7): probe calls written for this test.

* a secret asked for in the agent's answer to the caller naming it ("там мой пароль" — "да, скажите его"):
  the rule option ``after_caller``;
* the organisation named in any words between the hello and the agent's own name;
* a duration is no request to wait; a relative "где" is no question; "задержитесь на линии" is staying on the
  line; a Kazakh pattern word is not matched through Russian inflections of a look-alike ("неге" / "него").
"""

from __future__ import annotations

import pytest

from tests.scoring.helpers import answer

A, C = "a", "c"


@pytest.mark.parametrize(
    ("caller", "agent", "asked"),
    [
        ("Ну там мой пароль, я его всегда ввожу.", "Да, скажите его, я сверю.", True),
        ("Код пришёл, четыре цифры.", "Хорошо, диктуйте.", True),
        ("Мен онда құпия сөзімді жазамын.", "Иә, соны айтыңыз, тексеремін.", True),
        # the same words after the caller said nothing secret, or the agent warning
        ("Логин у меня ahmet77.", "Да, скажите его по буквам.", False),
        ("Код пришёл, четыре цифры.", "Нет, его никому не говорите.", False),
        ("Пароль не подходит.", "А логин какой?", False),
    ],
)
def test_a_secret_asked_for_after_the_caller_names_it(caller: str, agent: str, asked: bool) -> None:
    turns = [(A, "Что вы вводите во втором поле?"), (C, caller), (A, agent)]
    assert answer("no_password_request", *turns) is (not asked)


def test_the_caller_turn_is_the_one_before_the_agents_answer() -> None:
    # the secret was named two turns earlier: the agent's later "скажите его" is about something else
    turns = [
        (C, "Пароль я поменял."),
        (A, "Хорошо."),
        (C, "А номер договора нужен?"),
        (A, "Да, скажите его."),
    ]
    assert answer("no_password_request", *turns) is True


@pytest.mark.parametrize(
    ("text", "greets"),
    [
        ("Здравствуйте, областная детская библиотека Ақ жол, меня зовут Дана.", True),
        ("Добрый день, городской паркинг Сити, с вами говорит Ерлан.", True),
        ("Здравствуйте, слушаю, меня зовут Дана.", False),
    ],
)
def test_the_organisation_named_between_hello_and_own_name(text: str, greets: bool) -> None:
    assert answer("greeting", (A, text)) is greets


@pytest.mark.parametrize(
    ("text", "announces"),
    [
        ("Мастер двадцать минут ждал у подъезда.", False),
        ("Посылка пролежала 40 минут на складе.", False),
        ("Одну минуту, пожалуйста.", True),
        ("Минуточку.", True),
    ],
)
def test_a_duration_is_no_request_to_wait(text: str, announces: bool) -> None:
    assert answer("inform_actions", (A, text)) is announces


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Укажите папку, где хранится сертификат.", False),
        ("Сохраните файл там, где вам удобно.", False),
        ("После него программа всё настроит сама.", False),
        ("А где именно появляется ошибка", True),
        ("Неге ашылмай тұр", True),
    ],
)
def test_relative_clauses_and_look_alikes_are_no_question(text: str, asks: bool) -> None:
    assert answer("clarify_problem", (A, "Здравствуйте."), (C, "Не работает."), (A, text)) is asks


def test_staying_on_the_line_in_other_words() -> None:
    turns = [
        (A, "Здравствуйте."),
        (C, "Спасибо, всё."),
        (A, "Задержитесь на линии, оцените звонок от одного до пяти."),
    ]
    assert answer("survey_invite", *turns) is True


def test_a_name_read_after_a_look_up_by_identifier_or_login_is_the_callers() -> None:
    # the caller dictated an ИИН (digit groups) or a login; a hold; then the agent addresses them by name
    for ident in ("880514 400321.", "Логин: kost_aidar77."):
        turns = [(A, "Назовите, пожалуйста, ИИН или логин."), (C, ident), (A, "Секунду, ищу."), (C, "Жду."),
                 (A, "Айдар Серикович, вижу заявку от вторника.")]  # fmt: skip
        assert answer("no_staff_disclosure", *turns) is True
    # without an identifier before it, the same words name someone else
    turns = [(A, "Секунду, ищу."), (C, "Жду."), (A, "Айдар Серикович, вижу заявку от вторника.")]
    assert answer("no_staff_disclosure", *turns) is False


@pytest.mark.parametrize(
    ("text", "registered"),
    [
        ("Өтінішіңіз тіркелді, номері 38.", True),
        ("Заявка оформлена, номер 52.", True),
        ("Заявка оформлена, подойдите в кабинет номер 12.", False),
    ],
)
def test_a_short_ticket_number_right_after_the_number_word(text: str, registered: bool) -> None:
    assert answer("register_ticket", (A, text)) is registered


@pytest.mark.parametrize(
    ("text", "greets"),
    [
        ("Айгерим банк, добрый день, слушаю вас.", False),  # a name, but the bank's
        ("Добрый день, автосервис Тұлпар, на связи Ерлан.", True),
        ("Здравствуйте, медцентр Шипа, меня зовут Дина.", True),
    ],
)
def test_the_organisation_kind_and_the_agents_own_name(text: str, greets: bool) -> None:
    assert answer("greeting", (A, text)) is greets


def test_a_card_code_described_before_the_request() -> None:
    ask = "Картаңызды аударыңыз, артқы жағындағы үш санды айтыңызшы."
    assert answer("no_password_request", (A, ask)) is False
    assert answer("no_password_request", (A, "Картаның артқы жағындағы сандарды ешкімге айтпаңыз.")) is True


@pytest.mark.parametrize(
    ("text", "identifies"),
    [
        ("На кого оформлен абонемент?", True),
        ("Какая почта привязана к аккаунту?", True),
        ("Номер накладной у вас под рукой?", True),
        ("Абонемент кімнің атына рәсімделген?", True),
        ("На какой адрес доставить?", False),
    ],
)
def test_the_account_holder_or_its_contact_identifies_the_caller(text: str, identifies: bool) -> None:
    assert answer("identify_user", (A, "Здравствуйте."), (C, "У меня вопрос."), (A, text)) is identifies


def test_the_opening_what_is_your_question_offers_no_further_help() -> None:
    opening = (A, "Здравствуйте, по какому вопросу обращаетесь?")
    assert answer("anything_else", opening, (C, "По заказу."), (A, "Всего доброго.")) is False
    assert answer("anything_else", opening, (C, "По заказу."), (A, "Какие-то вопросы ещё остались?")) is True


def test_the_organisation_before_the_hello() -> None:
    assert answer("greeting", (A, "Химчистка Ақ Су, здравствуйте, меня зовут Дина.")) is True
    assert answer("greeting", (A, "Алло, здравствуйте, меня зовут Дина.")) is False


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("А что вы во втором поле набираете, продиктуйте.", True),
        ("Кілтке теріп жүрген сандарыңызды маған айтыңызшы.", True),
        ("Введите пароль сами. Вслух его не называйте никому.", False),
        ("Что вы вводите в поле адреса, скажите.", False),
    ],
)
def test_what_the_caller_types_asked_after_and_a_warning_past_the_sentence(text: str, asked: bool) -> None:
    assert answer("no_password_request", (A, text)) is (not asked)


@pytest.mark.parametrize(
    ("text", "filler"),
    [
        ("Значит, смотрите, нажимаете сюда.", True),
        ("Так значит, давайте сначала.", True),
        ("Значит, причина в браузере.", False),  # a conclusion drawn from what was said
        ("Значит, у вашей роли нет доступа.", False),
    ],
)
def test_a_sentence_initial_conclusion_is_no_filler(text: str, filler: bool) -> None:
    assert answer("no_filler_words", (A, text)) is (not filler)


def test_asking_which_code_the_system_wants_or_an_error_text_is_no_secret_request() -> None:
    turns = [(A, "Что у вас на экране?"), (C, "Просит код какой-то.")]
    assert (
        answer("no_password_request", *turns, (A, "А какой именно код он просит, из смс или постоянный?"))
        is True
    )
    kk = [(A, "Не шығады?"), (C, "Құпия сөз дейді, бір терезе шықты.")]
    assert answer("no_password_request", *kk, (A, "Терезедегі хабарламаның мәтінін оқып берсеңіз.")) is True
    assert answer("no_password_request", *kk, (A, "Иә, айтыңыз.")) is False
