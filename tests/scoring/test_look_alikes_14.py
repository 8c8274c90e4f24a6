"""Round 14 of issue 12: classes found by the untuned batches 104-107 and 112-115 and new authors' batches
116-119 and 124-127. Probe sentences written for this test (not taken from a labelled call), each next to the
look-alike that must keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import PROBLEM, answer
from tests.scoring.items import STAFF

A, C = "a", "c"


@pytest.mark.parametrize(
    ("hello", "greets"),
    [
        # a listed first name that is also a Russian word, before "чем помочь"; a place asked about in the
        # second turn is no organisation
        ("Добрый день, автомойки «Таза Көлік», Дана, чем помочь?", True),
        ("сәлеметсіз бе дана тыңдап тұрмын", False),
    ],
)
def test_greeting_in_other_words(hello: str, greets: bool) -> None:
    second = (A, "здравствуйте қай терминал қай аялдамада")
    assert answer("greeting", (A, hello), PROBLEM, second, (A, "Назовите номер договора.")) is greets


@pytest.mark.parametrize(
    ("dictated", "read_back", "staff"),
    [
        # the caller's contract number (letters and five digits) before the read-back: the caller's family
        ("Договор КД-41 207.", "Вижу, Омарова Жанна, младшая группа.", True),
        # a name and patronymic after "вижу" address the caller
        ("Не помню, он дома.", "Вижу, Жанна Сериковна, долг погашен.", True),
        ("Не помню, он дома.", "Это к Омаровой Жанне Сериковне из бухгалтерии.", False),
    ],
)
def test_the_callers_family_read_back(dictated: str, read_back: str, staff: bool) -> None:
    turns = [(A, "Добрый день, детский сад «Балапан», Мадина."), (C, "Не вижу оплату за март.")]
    asked = (A, "Номер договора подскажите?"), (C, dictated), (A, "Минуту."), (C, "Жду.")
    assert answer(STAFF, *turns, *asked, (A, read_back)) is staff
