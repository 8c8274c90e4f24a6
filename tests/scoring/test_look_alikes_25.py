"""Round 25 of issue 12: classes found by the formerly untuned batches 228-235 (auto-fail false alarms first).
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
    # an order's or a certificate's code in Kazakh is nobody's secret; the password still is one
    (i.SECRET, "kk", "asr", "тапсырыс кодын айтып жіберіңізші ол чектің үстінде", True),
    (i.SECRET, "kk", "clean", "Сертификаттағы кодты оқып беріңізші, тексеремін.", True),
    (i.SECRET, "kk", "clean", "Құпия сөзіңізді айтып жіберіңізші, тексеремін.", False),
    # the side of a thing is no Kazakh curse; the curse alone still is one
    (i.CURSE, "kk", "asr", "шкафтың бок панелін жаңасына ауыстырамыз", True),
    (i.CURSE, "ru", "asr", "бок машины поцарапан мы оформим акт", True),
    (i.CURSE, "kk", "asr", "бұл не деген боқ", False),
    # a surname cut in two after the first name and the patronymic; the curse on its own still is one
    (i.CURSE, "ru", "asr", "могу я услышать ивана сергеевича сука ченко", True),
    (i.CURSE, "ru", "asr", "так сука опять всё зависло", False),
    # a colleague sent to by name, "он" after it the Russian "he", not the Kazakh ten
    (i.STAFF, "ru", "asr", "подойдите к нашему администратору к айдару он по пропускам", False),
    # the phone asked as the other way in; a time asked is no identification
    (i.IDENT, "ru", "asr", "номер заказа или телефон назовите", True),
    (i.IDENT, "ru", "asr", "с какого времени вы это замечаете", False),
    # where the master comes is no identification; a fine told is no number asked
    (i.IDENT, "kk", "asr", "мастер на дом приедет мекенжайыңызды айтыңызшы", False),
    (i.IDENT, "kk", "asr", "бес жүз нөмірлі көлікке айып пұл салынған", False),
    (i.IDENT, "kk", "asr", "мекенжайыңызды айтыңызшы", True),
    # two identifiers offered are no clarifying question; a channel or a time chosen still is one
    (i.CLARIFY, "ru", "asr", "назовите номер телефона или почту на которую оформлен аккаунт", False),
    (i.CLARIFY, "ru", "asr", "вам чек присылать на почту или смской", True),
    (i.CLARIFY, "ru", "asr", "на пятницу вам удобнее утро или вечер", True),
    # where the caller brings a thing is no question about the problem
    (i.CLARIFY, "ru", "asr", "вам какой пункт ближе абая или сейфуллина", False),
    # what someone said asked; the request restated and confirmed
    (i.CLARIFY, "ru", "asr", "а что вам оператор ещё говорил про сроки", True),
    (i.CLARIFY, "ru", "asr", "у вас подписка на один месяц и вы хотите продлить на год правильно", True),
    (i.CLARIFY, "ru", "asr", "ваш телефон восемь семь ноль один два два три четыре пять правильно", False),
    # the look-up announced in Kazakh; how long the caller waited, a rate, the rating's wait are none
    (i.INFORM, "kk", "asr", "жақсы қазір іздеймін", True),
    (i.INFORM, "kk", "asr", "код қанша уақыт күттіңіз", False),
    (i.INFORM, "kk", "asr", "желіден шықпай күтіңізші бес балдық бағалау болады", False),
    (i.INFORM, "ru", "asr", "датчик мигает раз в минуту или чаще", False),
    # a thing that goes quiet is no caller told to; "I am telling you" thrown back is rude
    (i.RUDE, "ru", "asr", "сирена замолчит сама через несколько секунд", True),
    (i.RUDE, "ru", "asr", "замолчите и слушайте", False),
    (i.RUDE, "ru", "asr", "ну я же вам говорю нажмите внизу", False),
    # a word cut in two by the recogniser is no filler; the filler still is one
    (i.FILLER, "ru", "asr", "на полдник блин чики с творогом", True),
    (i.FILLER, "ru", "asr", "блин опять программа зависла", False),
    # thanks in an old-fashioned word; more help offered in other words
    (i.THANK, "ru", "asr", "благодарствую что позвонили", True),
    (i.MORE, "ru", "clean", "Что ещё я могу для вас сделать?", True),
    # stay on the line and the scale in Kazakh, said in code-switched words
    (i.SURVEY, "kk", "asr", "линиядан кетпеңіз бестен нешеге бағалайсыз айтасыз", True),
    # a duration after the ticket's number, a short line to call, the contract's spelt number
    (i.TICKET, "kk", "asr",
     "өтініш тіркелді нөмірі үш мың сегіз жүз он бір екі күн ішінде хабарласады", True),
    (i.TICKET, "kk", "asr", "өтінішіңіз тіркелді сұрақ болса 7979 қысқа нөміріне хабарласыңыз", False),
    (i.TICKET, "ru", "asr",
     "обращение зафиксировала смотрите по номеру договора эм эф ноль ноль пять два один", False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_25_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


# the agent's words and the caller's answer, a minute into the call: (item, language, turns, passes)
EXCHANGES: list[tuple[str, str, list[tuple[Any, ...]], bool]] = [
    # a name read from the record found by the caller's case number; a colleague named after it is staff
    (i.STAFF, "ru", [
        ("c", "у меня номер дела ка эс сорок два ноль один три"), ("a", "секунду открываю"),
        ("a", "серик ахметович ваша задолженность двенадцать тысяч"),
    ], True),
    # whose name a booking is in, read from it; the contact list with the caller on it
    (i.STAFF, "ru", [
        ("c", "код брони эм ка пять два"), ("a", "смотрю"), ("a", "вижу бронь на жумабаева алина на июль"),
    ], True),
    (i.STAFF, "kk", [
        ("c", "ұлымды тізімге қосқым келеді"), ("a", "қазір тізімде сіз және марат оспанов бар"),
    ], True),
    # a worker of the organisation named after the caller's identifier
    (i.STAFF, "ru", [
        ("c", "телефон восемь семь ноль пять один один два два три три"),
        ("a", "протокол составил инспектор жумабеков ерлан он работает на этой улице"),
    ], False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "turns", "passes"), EXCHANGES)
def test_round_25_exchanges(item: str, lang: str, turns: list[tuple[Any, ...]], passes: bool) -> None:
    assert answer_an_exchange_in(item, lang, turns) is passes
