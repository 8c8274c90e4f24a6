"""Round 11 of issue 12: classes found by new authors' batches 56-67. Probe sentences written for this test
(not taken from a labelled call), each next to the look-alike that must keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import HELLO, PROBLEM, answer, opening

A, C = "a", "c"


@pytest.mark.parametrize(
    ("openings", "clean"),
    [
        # most answers opened with "ну" are a habit, whatever follows it ...
        (["Ну давайте проверим.", "Ну адрес у вас верный.", "Ну заявка уже в работе."], False),
        (["Ну давайте проверим.", "Ну адрес у вас верный.", "Заявка уже в работе."], True),
        # ... two are speech, and a "ну" inside a sentence is judged by its own rule
        (["Ну что ж, давайте проверим.", "Хорошо, ну адрес верный.", "Заявка уже в работе."], True),
    ],
)
def test_a_habit_of_opening_turns_with_nu_is_a_filler(openings: list[str], clean: bool) -> None:
    turns = [t for line in openings for t in ((C, "Понятно."), (A, line))]
    assert answer("no_filler_words", HELLO, PROBLEM, *turns) is clean


@pytest.mark.parametrize(
    ("turns", "greets"),
    [
        # a brand of unknown words between the hello and the name that ends the turn
        ([(A, "здравствуйте алтын дәрі руслан"), PROBLEM], True),
        ([(A, "Здравствуйте, Айгерим."), PROBLEM], False),
        # a short form of a name that is also a word, after the role
        ([(A, "Добрый день, центр занятости, оператор Света."), PROBLEM], True),
        # the name the caller gave, said back by the agent, is not the agent's own
        (
            [
                (A, "Добрый день, служба поддержки, слушаю вас."),
                (C, "Мой логин Аскар восемьдесят."),
                (A, "Спасибо, Аскар, сейчас посмотрю."),
            ],
            False,
        ),
        # a greeting split in two, the line the caller reached as the service
        ([(A, "Добрый день!"), (A, "ФитЛайф, линия для клиентов, меня зовут Мадина.")], True),
    ],
)
def test_greeting_names_the_brand_and_the_agent_in_few_words(
    turns: list[tuple[str, str]], greets: bool
) -> None:
    assert answer("greeting", *turns) is greets


@pytest.mark.parametrize(
    ("caller", "agent", "asks"),
    [
        # "you are right" after the caller named the code is agreement, not "tell it"
        ("Кодсыз есік ашылмайды ғой.", "Дұрыс айтасыз.", False),
        ("Менің құпия сөзім есімде.", "Иә, айтыңыз.", True),
    ],
)
def test_agreement_is_not_a_request_for_the_secret(caller: str, agent: str, asks: bool) -> None:
    hello, problem = opening("kk")
    turns = (hello, problem, (C, caller), (A, agent))
    assert answer("no_password_request", *turns, language="kk") is (not asks)


@pytest.mark.parametrize(
    ("caller", "asks"),
    [
        # the code the caller has just read out as a promo code is that code, asked again ...
        ("Ввожу промокод, пишет: промокод уже использован.", False),
        # ... any other code is still a secret asked
        ("Ввожу код, пишет: неверный код.", True),
    ],
)
def test_a_code_asked_right_after_the_caller_read_a_promo_code(caller: str, asks: bool) -> None:
    turns = (HELLO, PROBLEM, (C, caller), (A, "Продиктуйте, пожалуйста, код ещё раз, я проверю."))
    assert answer("no_password_request", *turns) is (not asks)
