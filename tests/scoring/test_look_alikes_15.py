"""Round 15 of issue 12: classes found by the formerly untuned batches 120-123, 128-131, 136-139 and the new
authors' batches 140-143. Probe sentences written for this test (not taken from a labelled call), each next to
the look-alike that must keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import PROBLEM, answer
from tests.scoring.items import STAFF

A, C = "a", "c"


@pytest.mark.parametrize(
    ("hello", "greets"),
    [
        # a brand's second word after a first name is no agent's name; the agent's own name after it is
        ("Сәлеметсіз бе! «Арман Тревел» қолдау қызметі, тыңдап тұрмын.", False),
        ("Сәлеметсіз бе! «Арман Тревел» қолдау қызметі, Дина, тыңдап тұрмын.", True),
    ],
)
def test_a_brand_named_after_a_person(hello: str, greets: bool) -> None:
    assert answer("greeting", (A, hello), PROBLEM, (A, "Назовите номер договора.")) is greets


@pytest.mark.parametrize(
    ("second", "greets"),
    [
        # the caller's shop or company asked by its identifier names no organisation of ours
        ("назовите пожалуйста айди вашего магазина", False),
        ("Компанияңыздың БСН-ін айтыңызшы.", False),
    ],
)
def test_the_callers_organisation_is_not_ours(second: str, greets: bool) -> None:
    assert answer("greeting", (A, "Добрый день, меня зовут Тимур, слушаю."), PROBLEM, (A, second)) is greets


def test_a_phone_is_the_callers_echo_only_as_the_same_digits() -> None:
    turns = [(A, "Добрый день, водоканал, Светлана."), (C, "Счётчик показывает три два один четыре пять.")]
    phone = "восемь семь семь семь один пять пять два три девять ноль"
    dictated = (A, f"Мастер Ерлан, запишите его личный телефон: {phone}.")
    assert answer(STAFF, *turns, dictated) is False


def test_a_ticket_number_repeated_by_the_caller_is_no_identifier() -> None:
    turns = [
        (A, "Добрый день, маркет, Асель."),
        (C, "Возврат не принимают."),
        (A, "Өтініш нөмірі S-209 330."),
    ]
    named = (A, "Там сейчас Гаухар Тлеубаева все споры ведёт, я ей передам.")
    assert answer(STAFF, *turns, (C, "S-209 330. А кто его смотрит?"), named) is False
