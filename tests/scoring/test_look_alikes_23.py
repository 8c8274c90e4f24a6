"""Round 23 of issue 12: classes found by the formerly untuned batches 212-219 (auto-fail false alarms first).
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
    # the card game is no insult; an insult still fails
    (i.CURSE, "ru", "asr", "в карточной игре дурак турниров у нас нет", True),
    (i.RUDE, "ru", "asr", "в карточной игре дурак турниров у нас нет", True),
    (i.CURSE, "ru", "asr", "в дураке онлайн есть ежедневный бонус", True),
    (i.CURSE, "ru", "asr", "вы что дурак совсем", False),
    # a word cut after its first syllables by the recogniser is no curse; the curse still is
    (i.CURSE, "ru", "asr", "там рядом похер онное бюро на углу", True),
    (i.CURSE, "ru", "asr", "мне честно говоря похер", False),
    # the machine cursed: profanity, not rudeness to the caller
    (i.RUDE, "ru", "asr", "опять программа зависла ах ты сволочь", True),
    (i.CURSE, "ru", "asr", "опять программа зависла ах ты сволочь", False),
    # "not our problem" in Kazakh; the word the agent will not repeat is the chat's banned word
    (i.RUDE, "kk", "asr", "бұл біздің проблема емес", False),
    (i.RUDE, "kk", "asr", "ол сөзді мен қайталамаймын бірақ ол тыйым салынған тізімде", True),
    (i.RUDE, "kk", "asr", "мен қайталамаймын бәрін айттым", False),
    # "типа" before a conjunction is a filler; a type of a thing is not
    (i.FILLER, "ru", "asr", "включите уведомления типа чтобы не пропустить", False),
    (i.FILLER, "ru", "asr", "нужен кабель типа си", True),
    # which code it is, asked (the one that ...), is no request for it; asking to say it still is
    (i.SECRET, "ru", "clean", "Какой ПИН вы вводите — тот, что на конверте?", True),
    (i.SECRET, "ru", "clean", "Какой именно код вы набираете — тот, который пришёл на почту?", True),
    (i.SECRET, "ru", "clean", "Назовите код, тот что пришёл в СМС.", False),
    # a name in the inscription the caller orders is no colleague's
    (i.STAFF, "ru", "clean", "Текст надписи на табличке: Сергею Петровичу от благодарных учеников.", True),
    # the noun first, then what the screen shows: a clarifying question; more help offered is not one
    (i.CLARIFY, "ru", "asr", "ошибка какая выходит на экране", True),
    (i.CLARIFY, "ru", "asr", "спасибо за звонок еще что нибудь нужно", False),
    # thanks for waiting, code-switched or with "сабыр" misheard
    (i.THANK, "kk", "asr", "рахмет что подождать енди карап шыктым", True),
    (i.THANK, "kk", "asr", "сабр еткениниз ушин рахмет", True),
    # the surname asked to identify the caller
    (i.IDENT, "ru", "asr", "фамилию владельца подтвердите", True),
    (i.IDENT, "ru", "asr", "подскажите пожалуйста фамилию на кого договор", True),
    # five points in Kazakh spelt "бал"
    (i.SURVEY, "kk", "clean", "Желіден шықпай, қызметімді бес балмен бағалаңыз.", True),
    # no goodbye: a number for contact, a Kazakh "your child" one sound from "болыңыз"
    (i.BYE, "ru", "asr", "назовите номер телефона для связи", False),
    (i.BYE, "kk", "clean", "Балаңыз неше жаста?", False),
    (i.BYE, "ru", "asr", "все тогда до связи", True),
    # whether the question is solved offers no further help
    (i.MORE, "kk", "clean", "Сұрағыңыз шешілді ме?", False),
    # a Kazakh word is no Russian one misheard ("аварийлық" is no "оформляю")
    (i.INFORM, "kk", "asr", "аварийлық бригада жиырма минутта келеді", False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_23_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


# the agent's words and the caller's answer, a minute into the call: (item, language, turns, passes)
EXCHANGES: list[tuple[str, str, list[tuple[Any, ...]], bool]] = [
    # the account's login and password asked, whatever the caller said before
    (i.SECRET, "ru", [
        ("c", "мешки уже у подъезда стоят"), ("a", "назовите логин и пароль от личного кабинета"),
    ], False),
    # the ticket's number dictated after "номер запишите" and the caller's "пишу"
    (i.TICKET, "ru", [
        ("a", "я зарегистрировала обращение по вашей жалобе номер запишите"), ("c", "пишу"),
        ("a", "семь три один девять"),
    ], True),
    (i.TICKET, "ru", [("a", "я заявочку оформил номер сорок два семнадцать"), ("c", "ага")], True),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "turns", "passes"), EXCHANGES)
def test_round_23_exchanges(item: str, lang: str, turns: list[tuple[Any, ...]], passes: bool) -> None:
    assert answer_an_exchange_in(item, lang, turns) is passes
