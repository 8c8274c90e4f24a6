"""Round 15 of issue 12: classes found by the formerly untuned batches 120-123, 128-131, 136-139 and the new
authors' batches 140-143. Probe sentences written for this test (not taken from a labelled call), each next to
the look-alike that must keep its answer."""

from __future__ import annotations

import pytest

from tests.scoring.helpers import PROBLEM, answer, answer_a_minute_in
from tests.scoring.items import CLARIFY, IDENT, MORE, RUDE, SECRET, STAFF

A, C = "a", "c"

# one sentence of the agent's, a minute into the call, after the opening in the call's language:
# (item, language, style, sentence, does the item pass)
ONE_LINE = [
    # rudeness by construction, no rude word: shouting told off in reversed order, nothing owed, the caller's
    # own affairs, what could have been read before, the caller's own delay, put in their place, a novice
    (RUDE, "ru", "asr", "повышать голос на меня не надо", False),
    (RUDE, "ru", "clean", "Я вам ничего не обязана, решайте с магазином.", False),
    (RUDE, "ru", "clean", "Это уже ваши личные дела с арендодателем.", False),
    (RUDE, "ru", "asr", "разбирайтесь со своим банком", False),
    (RUDE, "ru", "clean", "Пусть ваш бухгалтер и разбирается.", False),
    (RUDE, "ru", "clean", "Тут обсуждать нечего, тариф один для всех.", False),
    (RUDE, "ru", "clean", "Условия можно было прочитать заранее, до оплаты.", False),
    (RUDE, "ru", "clean", "А правила вы читали, когда оформляли карту?", False),
    (RUDE, "ru", "asr", "вы же сами неделю нам ничего не писали", False),
    (RUDE, "ru", "clean", "Хотите, чтобы за час всё сделали? Так не бывает.", False),
    (RUDE, "ru", "clean", "Я оператор, а не ваш личный помощник.", False),
    (RUDE, "ru", "clean", "Курьеры тоже люди, подождёте.", False),
    (RUDE, "ru", "asr", "видимо первый раз пользуетесь приложением", False),
    (RUDE, "ru", "clean", "Объясню ещё раз, раз непонятно с первого.", False),
    (RUDE, "ru", "clean", "Ну конечно, система специально ваши баллы списала.", False),
    (RUDE, "ru", "clean", "Конечно, специально для вас подберу время.", True),
    (RUDE, "ru", "clean", "Понимаю, давайте разберёмся с банком вместе.", True),
    (RUDE, "ru", "clean", "Это ваши документы, проверьте, пожалуйста.", True),
    # a car's VIN and its last characters identify the caller's car and are no secret; a gate's code neither
    (IDENT, "ru", "asr", "продиктуйте пожалуйста последние шесть символов вин кода", True),
    (IDENT, "kk", "asr", "көліктің вин кодын айтып жібересіз бе", True),
    (IDENT, "kk", "asr", "адресіңізді айтыңызшы үй пәтер", True),
    (SECRET, "ru", "clean", "Подскажите VIN, он указан в техпаспорте.", True),
    (SECRET, "ru", "clean", "Назовите код от калитки, чтобы мастер прошёл.", True),
    (SECRET, "ru", "clean", "Назовите код из СМС, который пришёл сейчас.", False),
    # a colleague on duty, from a line, after a role word; a temporary number given to the caller
    (STAFF, "ru", "clean", "Сегодня там дежурит Нурланова, она посмотрит.", False),
    (STAFF, "ru", "asr", "я уточнила у жаксылыковой со второй линии", False),
    (STAFF, "ru", "asr", "инженер кусаинов приедет после обеда", False),
    (STAFF, "ru", "asr", "инженер приедет после обеда", True),
    (STAFF, "ru", "asr", "ваш временный номер восемь семь ноль семь один два три четыре пять шесть", True),
    # questions invited now (not a call-back offered)
    (MORE, "ru", "clean", "Если есть ещё вопросы, задавайте, слушаю.", True),
    (MORE, "kk", "asr", "басқа сұрағыңыз болса айта беріңіз", True),
    (MORE, "kk", "asr", "басқа сұрақ болса хабарласыңыз", False),
    (MORE, "ru", "asr", "ещё чем нибудь могу помочь", True),
    # clarifying questions without "?" and look-alikes that ask nothing
    (CLARIFY, "ru", "asr", "а в чём ошибка", True),
    (CLARIFY, "ru", "asr", "выясню в чём проблема и перезвоню", False),
    (CLARIFY, "ru", "asr", "а по тарифу сейчас сколько списали", True),
    (CLARIFY, "ru", "asr", "вы вчера отправляли какие нибудь платежи", True),
    (CLARIFY, "ru", "asr", "сейчас посмотрю по базе что там происходит", False),
    (CLARIFY, "ru", "clean", "Договор на Ахметова Серика, верно?", False),
]  # fmt: skip


@pytest.mark.parametrize(("item", "lang", "style", "line", "passes"), ONE_LINE)
def test_round_15_classes(item: str, lang: str, style: str, line: str, passes: bool) -> None:
    assert answer_a_minute_in(item, lang, style, line) is passes


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
