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
    turns = [(C, "Пароль я поменял."), (A, "Хорошо."), (C, "А номер договора нужен?"), (A, "Да, скажите его.")]
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
    turns = [(A, "Здравствуйте."), (C, "Спасибо, всё."), (A, "Задержитесь на линии, оцените звонок от одного до пяти.")]
    assert answer("survey_invite", *turns) is True
