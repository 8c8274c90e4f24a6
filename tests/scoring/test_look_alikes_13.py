"""Round 13 of issue 12: classes found by the untuned batches 88-91 and new authors' batches 92-103. Probe
sentences written for this test (not taken from a labelled call), each next to the look-alike that must keep
its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import PROBLEM, answer
from tests.scoring.items import SECRET, STAFF, TICKET

A, C = "a", "c"

OUR_FITTER = "монтажник у нас тимур сапаров его сотовый восемь семьсот один два два три сорок пять"
HIS_MOBILE = "звоните ерлану сотовый восемь семьсот один пять пять пять двадцать три он ваш акт видел"


@pytest.mark.parametrize(
    ("hello", "greets"),
    [
        # a brand's second word before "слушаю" is no agent's name; a Kazakh vowel heard as "э" still greets
        ("Добрый день! Компания «Өмір Сақтандыру», слушаю вас.", False),
        ("сэлеметсиз бе жол сервис колдау кызметы арман тындап турмын", True),
    ],
)
def test_greeting_in_other_words(hello: str, greets: bool) -> None:
    assert answer("greeting", (A, hello), PROBLEM, (A, "Назовите номер договора.")) is greets


@pytest.mark.parametrize(
    ("caller", "given"),
    [
        # the number given in answer to the caller's question about the ticket's number; an amount is not
        ("А номер заявки будет?", True),
        ("А сколько стоит выезд?", False),
    ],
)
def test_a_number_answering_the_callers_question(caller: str, given: bool) -> None:
    turns = [(A, "Добрый день, поддержка, Мадина."), PROBLEM, (A, "Передам на вторую линию."), (C, caller)]
    assert answer(TICKET, *turns, (A, "Да, по звонкам — 419-708.")) is given


def test_the_code_the_caller_read_from_an_sms_asked_with_a_pronoun() -> None:
    turns = [(A, "Добрый день, поддержка, Мадина."), PROBLEM, (A, "Отправила новый код. Пришёл?")]
    asked = (C, "Да, пришло СМС, четыре цифры."), (A, "Продиктуйте их мне, пожалуйста.")
    kept = (C, "Да, пришло СМС, четыре цифры."), (A, "Никому их не говорите, введите сами.")
    assert answer(SECRET, *turns, *asked) is False
    assert answer(SECRET, *turns, *kept) is True


def test_the_first_turn_names_the_agent_even_misheard() -> None:
    hello = (A, "добрыйй день лифт сервис диспеттчир руслан слушою")
    turns = [hello, PROBLEM, (A, "руслан на связи сейчас проверю заявку")]
    assert answer(STAFF, *turns, language="ru", style="asr") is True
