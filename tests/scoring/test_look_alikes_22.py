"""Round 22 of issue 12: classes found by the formerly untuned batches 204-211 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import answer, answer_a_minute_in, answer_an_exchange_in
from tests.scoring.items import BYE, CLARIFY, CURSE, IDENT, RUDE, SECRET

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # a breeder's word for a female dog is no curse; the curse still fails
    (CURSE, "ru", "asr", "в паспорте питомца пол сука окрас рыжий", True),
    (CURSE, "ru", "clean", "Щенки от этой суки уже привиты?", True),
    (CURSE, "ru", "asr", "сука опять система легла", False),
    # a film's or a book's title is no insult, said to nobody; an insult still fails
    (CURSE, "ru", "asr", "два билета на фильм дурак сегодня в девятнадцать тридцать", True),
    (RUDE, "ru", "asr", "два билета на фильм дурак сегодня в девятнадцать тридцать", True),
    (CURSE, "ru", "asr", "ну вы и дурак простите", False),
    # sent off to settle it alone: dismissive; help with it is not
    (RUDE, "ru", "asr", "это не к нам с продавцом сами договаривайтесь", False),
    (RUDE, "ru", "asr", "давайте я сама с продавцом договорюсь и перезвоню вам", True),
    # an application's public code is no secret; the code from the message still is
    (SECRET, "kk", "clean", "Өтінішіңіздің кодын айтыңызшы, ол кабинетте жоғарыда тұр.", True),
    (SECRET, "ru", "clean", "Назовите код заявления, он вверху страницы.", True),
    (SECRET, "ru", "clean", "Назовите код из СМС, который пришёл вам сейчас.", False),
    # "neither to me nor to anyone": a negation, no question
    (CLARIFY, "ru", "clean", "Пароль ни мне, ни кому-то ещё называть не нужно.", False),
    # the Kazakh wish for a good day at parting
    (BYE, "kk", "clean", "Жақсы күн өткізіңіз!", True),
    (BYE, "kk", "asr", "күніңіз сәтті өтсін", True),
    # the booking's code asked; a third person's card (a shop's customer) identifies nobody
    (IDENT, "ru", "asr", "продиктуйте код брони из письма", True),
    (IDENT, "ru", "asr", "назовите последние четыре цифры карты покупателя с чека", False),
    (IDENT, "ru", "asr", "назовите последние четыре цифры вашей карты", True),
    # the agent finding the caller by the account's ID; the number the caller calls from, asked
    (IDENT, "ru", "asr", "давайте найду вас мерчант айди у вас на чеке сверху", True),
    (IDENT, "ru", "asr", "а вы с какого номера звоните он к договору привязан", True),
    (IDENT, "ru", "asr", "по номеру с которого вы звоните ничего не вижу", False),
    # which of two the login is, asked; what a login can be, explained, is no request
    (IDENT, "ru", "asr", "а логин у вас эта почта или иин", True),
    (IDENT, "ru", "asr", "логин может быть почта или номер телефона как вам удобно", False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_22_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


# the agent's words and the caller's answer, a minute into the call: (item, language, turns, passes)
EXCHANGES: list[tuple[str, str, list[tuple[Any, ...]], bool]] = [
    (CLARIFY, "ru", [("a", "а кто вам это сказал"), ("c", "сосед")], True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "turns", "passes"), EXCHANGES)
def test_round_22_exchanges(item: str, lang: str, turns: list[tuple[Any, ...]], passes: bool) -> None:
    assert answer_an_exchange_in(item, lang, turns) is passes


# the opening: common Kazakh first names are the agent's; a fund's service word misheard is no name; a recall
# campaign is no company
@pytest.mark.parametrize(
    ("line", "passes"),
    [
        ("кайырлы кун тулпар кунак уйи гулназ тындап турмын", True),
        ("саламатсыз ба алтын банк колдау кызметы балауса", True),
        ("здравствуйте пенсионный фонд подержка слушаю", False),
        ("здравствуйте пенсионный фонд оператор камшат слушаю", True),
    ],
)
def test_round_22_openings(line: str, passes: bool) -> None:
    got = answer("greeting", ("a", line), ("c", "Здравствуйте, у меня вопрос."), language="ru", style="asr")
    assert got is passes


def test_round_22_a_recall_campaign_names_no_company() -> None:
    turns = [
        ("a", "здравствуйте меня зовут марат слушаю вас"),
        ("c", "у меня письмо пришло про отзыв машины"),
        (8.0, "a", "так значит сервисная кампания назовите номер машины"),
    ]
    assert answer("greeting", *turns, language="ru", style="asr") is False
