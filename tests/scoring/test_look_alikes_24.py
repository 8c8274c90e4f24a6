"""Round 24 of issue 12: classes found by the formerly untuned batches 220-227 (auto-fail false alarms first).
Probe sentences written for this test (not taken from a labelled call), each next to the look-alike that must
keep its answer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.scoring import items as i
from tests.scoring.helpers import answer_a_minute_in, answer_an_exchange_in

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # a code that names a design or is stamped on a thing is nobody's secret; a code sent to the caller is
    (i.SECRET, "ru", "clean", "Назовите, пожалуйста, код эскиза — он в письме под картинкой.", True),
    (i.SECRET, "ru", "asr", "назовите код который выбит на брелоке", True),
    (i.SECRET, "ru", "asr", "назовите код который пришел вам на телефон", False),
    # the password asked in Kazakh is a request whatever error is looked for after it; an error's code is not
    (i.SECRET, "kk", "clean", "Құпия сөзіңізді айтыңызшы, қатені өзім қарап көрейін.", False),
    (i.SECRET, "kk", "clean", "Қате кодын айтыңызшы, экранда не жазылған?", True),
    (i.SECRET, "kk", "clean", "Айтыңызшы, пароль бірнеше рет қате терілді ме?", True),
    # the password asked to log in as the caller, the request far from the word; the account alone is not
    (i.SECRET, "ru", "asr",
     "назовите номер телефона с которым регистрировались и пароль попробую зайти под вашей учеткой", False),
    (i.SECRET, "ru", "asr", "назовите номер телефона попробую найти вашу учетку", True),
    # a surname that sounds like a curse; the curse still is one
    (i.CURSE, "ru", "clean", "Хорошо, господин Хренов, сейчас посмотрю.", True),
    (i.CURSE, "ru", "asr", "это хрен а не ремонт", False),
    # "идите от" run together before a direction is no insult; the insult still is
    (i.CURSE, "ru", "asr", "с талоном идиот стойки налево до лифта", True),
    (i.RUDE, "ru", "asr", "с талоном идиот стойки налево до лифта", True),
    (i.RUDE, "ru", "asr", "вы идиот что ли", False),
    # repeating slowly offered for the caller's sake; the caller treated as slow is still rude
    (i.RUDE, "ru", "asr", "давайте я повторю медленно чтобы вам было удобно записать", True),
    (i.RUDE, "ru", "asr", "повторяю медленно для тех кто не понял", False),
    # thanks for calling in other words
    (i.THANK, "ru", "asr", "спасибо что набрали нас", True),
    (i.THANK, "ru", "clean", "Спасибо, что связались с нами!", True),
    # the agent's own look-up is no identifier asked; the name and phone asked are
    (i.IDENT, "ru", "clean", "Минутку, проверяю статус вашей учётной записи.", False),
    (i.IDENT, "kk", "asr", "келисим номери кандай", True),
    # whose name the order is in: the caller identified, no question about the problem
    (i.IDENT, "ru", "asr", "на кого бронь оформлена", True),
    (i.CLARIFY, "ru", "asr", "на кого бронь оформлена", False),
    (i.CLARIFY, "ru", "asr", "кто вам это сказал", True),
    # "а" and a noun asked about is a clarifying question; the caller's phone asked so is not
    (i.CLARIFY, "ru", "asr", "так а тариф какой и с какого числа", True),
    (i.CLARIFY, "ru", "asr", "а телефон какой", False),
    # a Kazakh word in Russian letters is no Russian question word misheard; the question still is one
    (i.CLARIFY, "kk", "asr", "сал куте турыныз тизимди карап жатырмын", False),
    (i.CLARIFY, "ru", "asr", "куда вы отправляли документы", True),
    # the look-up announced with the person left out; the caller told to look is no announcement
    (i.INFORM, "ru", "asr", "щас глянуть что свободно на складе", True),
    (i.INFORM, "ru", "asr", "вам надо сейчас проверить почту", False),
    (i.INFORM, "kk", "clean", "Эскизді тексеріп, ертеңге дейін бекітіңіз.", False),
    # "короче" before a verb after a pronoun is a filler; the comparative is not
    (i.FILLER, "ru", "asr", "он короче завис на старой версии", False),
    (i.FILLER, "ru", "asr", "этот кабель короче чем прежний", True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_24_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


# the agent's words and the caller's answer, a minute into the call: (item, language, turns, passes)
EXCHANGES: list[tuple[str, str, list[tuple[Any, ...]], bool]] = [
    # the caller's ИИН asked in two words after a question about a form; a secret asked so still is one
    (i.SECRET, "ru", [("c", "не знаю что туда входит"), ("a", "иин продиктуйте")], True),
    (i.SECRET, "ru", [("c", "пароль у меня не подходит"), ("a", "продиктуйте")], False),
    # the caller's own name read back after a look-up; a colleague's surname named is still staff
    (i.STAFF, "ru", [
        ("a", "подскажите фамилию на кого бронь"), ("c", "Сагинтаева"), ("a", "открываю"),
        ("a", "да сагинтаева айгерим бронь на десятое"),
    ], True),
    (i.STAFF, "ru", [
        ("c", "мне ваш повар бахыт нагрубил"), ("a", "бахыт серикбаев понятно я передам руководству"),
    ], False),
    # the name and the phone asked together, the caller answering with the number
    (i.IDENT, "ru", [
        ("a", "как к вам обращаться и номер телефона"),
        ("c", "алия восемь семь ноль один два три четыре пять шесть"),
    ], True),
    # a yes/no question answered with the verb echoed; whether the caller noted the number is no such question
    (i.CLARIFY, "ru", [
        ("a", "в приложении пробовали сами оплатить"), ("c", "пробовал там кнопка серая"),
    ], True),
    (i.CLARIFY, "ru", [("a", "номер записали"), ("c", "записала")], False),
    # places' numbers near a request are no ticket's number
    (i.TICKET, "ru", [("a", "запрос передала мастер проверит ячейку семь и соседние восемь девять")], False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "turns", "passes"), EXCHANGES)
def test_round_24_exchanges(item: str, lang: str, turns: list[tuple[Any, ...]], passes: bool) -> None:
    assert answer_an_exchange_in(item, lang, turns) is passes
