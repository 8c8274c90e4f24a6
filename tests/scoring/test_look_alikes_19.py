"""Round 19 of issue 12: classes found by the formerly untuned batches 180-187 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring.helpers import answer, answer_a_minute_in, answer_an_exchange_in
from tests.scoring.items import (
    CLARIFY,
    CURSE,
    FILLER,
    HELLO,
    IDENT,
    INFORM,
    MORE,
    RUDE,
    SECRET,
    STAFF,
    SURVEY,
    THANK,
)

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # horseradish on a menu is no curse; the curse and "ёп твою" still fail
    (CURSE, "ru", "asr", "соус с хреном в заказ не положили деньги за него верну", True),
    (CURSE, "ru", "clean", "Да хрен его знает, почему так вышло.", False),
    (CURSE, "ru", "asr", "ёп твою опять всё висит", False),
    # a device's code, a serial number asked after a code is named; the password of the courier's or the
    # driver's own app is still a secret, a code told to the courier is not asked by the agent
    (SECRET, "ru", "asr", "на экране телевизора код активации продиктуйте мне его", True),
    (SECRET, "ru", "asr", "это код самодиагностики не страшно продиктуйте заводской номер счетчика", True),
    (SECRET, "ru", "clean", "Продиктуйте ваш пароль от приложения водителя.", False),
    (SECRET, "ru", "asr", "код из смс назовете курьеру при получении", True),
    # a Kazakh genitive cut off a Russian word is no name "Дин"; "отлично" misheard is no patronymic; a first
    # name that is also a noun is still a name
    (STAFF, "kk", "asr", "қазір отельдин менеджерине жазып жатырмын", True),
    (STAFF, "kk", "asr", "атлична соны пайдаланыңыз ал маман ертең хабарласады", True),
    (STAFF, "ru", "asr", "вам перезвонит наш менеджер роман", False),
    # "the third time I tell you", "you don't listen"; sincere congratulations; a complaint quoted for the
    # record
    (RUDE, "ru", "asr", "я вам третий раз говорю без справки не получится", False),
    (RUDE, "ru", "asr", "вы меня не слушаете я же объяснила", False),
    (RUDE, "ru", "clean", "Поздравляю с покупкой! Гарантия не распространяется на батарею.", True),
    (RUDE, "ru", "clean", "Поздравляю, вы опять не туда нажали.", False),
    (RUDE, "ru", "asr", "то есть он вам сказал вы что дурак так и записываю в жалобу", True),
    # the login asked by its kind, the caller's unit (ru, kk); not a city
    (IDENT, "ru", "asr", "что используете как логин почту или телефон", True),
    (IDENT, "ru", "clean", "Уточните, из какого вы ЦОНа?", True),
    (IDENT, "ru", "asr", "из какого вы города звоните", False),
    (IDENT, "kk", "asr", "сіз қай факультеттен", True),
    (IDENT, "kk", "asr", "сіз қай қаладан", False),
    # the thanks after its reason; kk thanks for the call with the Russian noun
    (THANK, "ru", "asr", "хорошо что позвонили спасибо", True),
    (THANK, "kk", "asr", "рахмет звонок ушин", True),
    # kk "it checks" (the 3rd person) is no "I check"; "басса" (if pressed) is no "басқа" (other)
    (INFORM, "kk", "asr", "техник сызықты ертең тексереді", False),
    (MORE, "kk", "asr", "батырманы қайта басса да жүйе не істейді көрмейміз", False),
    (MORE, "kk", "asr", "тағы не сұрайсыз", True),
    # "как бы ... не" (lest) is no filler
    (FILLER, "ru", "asr", "платите заранее как бы пятнадцатое не выпало на выходной", True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_19_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


# the agent's words and the caller's answer, a minute into the call: (item, language, turns, passes)
EXCHANGES: list[tuple[str, str, list[tuple[Any, ...]], bool]] = [
    # identifiers as the whole turn, answered with digits; a ticket's number repeated is none
    (IDENT, "ru", [("a", "номер заявления или иин"),
                   ("c", "иин восемь семь ноль один ноль два три ноль ноль четыре пять шесть")], True),
    (IDENT, "ru", [("a", "номер телефона или брони"), ("c", "бронь эй би семь семь три один пять")], True),
    (IDENT, "ru", [("a", "так значит я сама запишу иин давайте"),
                   ("c", "девять ноль ноль один ноль два три ноль ноль четыре пять шесть")], True),
    (IDENT, "ru", [("a", "номер заявки пять пять один ноль"), ("c", "записал пять пять один ноль")], False),
    # a yes/no question on the state of things, what the caller tries to do, a need asked as a choice
    (CLARIFY, "ru", [("a", "а старый номер у вас еще работает"), ("c", "нет сим карту потеряла")], True),
    (CLARIFY, "ru", [("a", "на какой рейс пытаетесь зарегистрироваться"), ("c", "на утренний")], True),
    (CLARIFY, "ru", [("a", "а номер нужен сразу с утра или можно после обеда"), ("c", "лучше с утра")], True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "turns", "passes"), EXCHANGES)
def test_round_19_exchanges(item: str, lang: str, turns: list[tuple[Any, ...]], passes: bool) -> None:
    assert answer_an_exchange_in(item, lang, turns) is passes


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
