"""Round 19 of issue 12: classes found by the formerly untuned batches 180-187 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import answer, answer_an_exchange_in
from tests.scoring.items import (
    CLARIFY,
    HELLO,
    MORE,
    STAFF,
    SURVEY,
)

# the same classes under ASR noise (a short word lost or run onto the next, "?" gone): (item, turns, passes)
NOISY: list[tuple[str, list[tuple[Any, ...]], bool]] = [
    # "ударов не" run together is no patronymic; a toll-free number with its 8 or some digits lost is public;
    # a colleague's mobile still fails
    (STAFF, [("a", "исли ударовне было это гарантийный случай наш мастер посмотрит")], True),
    (STAFF, [("a", "звоните на горячую линию 800 080 30 30 там круглосуточно")], True),
    (STAFF, [("a", "звоните на горячую линию 8 800 080 37 там круглосуточно")], True),
    (STAFF, [("a", "наш мастер ерлан его номер 8 701 234 56 78")], False),
    # the scale's top, its "до", its "от" lost (the rating run onto the word before it)
    (SURVEY, [("a", "не кладите трубку будет короткая оценка по шкале от 1 до")], True),
    (SURVEY, [("a", "побудьте на линии оценка от единицы пятерки")], True),
    (SURVEY, [("a", "останьтесь на линии щасоценка будет одного до пяти")], True),
    # a word of "ещё что-нибудь" lost; "ещё, то есть" offers nothing
    (MORE, [("a", "еще нибудь по заказу подсказать")], True),
    (MORE, [("a", "может что то по карте нужно")], True),
    (MORE, [("a", "еще то есть доставка платная")], False),
    # questions without "?": "скажите почему", "совсем не" run together, "вы брали" (not "выбрали"), "все ...
    # или какие-то"
    (CLARIFY, [("a", "сто пятьдесят тысяч скажите почему решили отказаться")], True),
    (CLARIFY, [("a", "он совсемне держит или просто хлопает"), ("c", "просто хлопает")], True),
    (CLARIFY, [("a", "билеты вы брали на кассе или в приложении"), ("c", "на кассе")], True),
    (CLARIFY, [("a", "зависают все каналы или какие то определенные"), ("c", "все")], True),
    # a yes/no question in the present answered yes or no; an instruction acknowledged is none
    (CLARIFY, [("a", "так вы заходите через приложение"), ("c", "нет через сайт")], True),
    (CLARIFY, [("a", "вы получите смс когда заявку одобрят"), ("c", "да хорошо")], False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "turns", "passes"), NOISY)
def test_round_19_under_noise(item: str, turns: list[tuple[Any, ...]], passes: bool) -> None:
    assert answer_an_exchange_in(item, "ru", turns) is passes


# the opening: a first name that is also a noun; the second word of the organisation's name is no agent's
# name; a brand of two words before "слушаю"
@pytest.mark.parametrize(
    ("line", "passes"),
    [
        ("Здравствуйте. Служба поддержки «Саяхат», Роман. Чем могу быть полезен?", True),
        ("добрый день поддержка университета ала тау слушаю вас", False),
        ("береке кредит слушаю вас марат меня зовут добрый день", True),
    ],
)
def test_round_19_openings(line: str, passes: bool) -> None:
    style = "clean" if line[0].isupper() else "asr"
    got = answer(HELLO, ("a", line), ("c", "Здравствуйте, у меня вопрос."), language="ru", style=style)
    assert got is passes
