"""Round 12 of issue 12: classes found by new authors' batches 72-87. Probe sentences written for this test
(not taken from a labelled call), each next to the look-alike that must keep its answer."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from dialogue.checklist import Position
from tests.scoring.helpers import HELLO, PROBLEM, answer

A, C = "a", "c"


def _call_with_offer_at(offer_at: float) -> list[tuple[object, ...]]:
    """A four-minute call: an offer of further questions at ``offer_at`` s, then the caller's next problem."""
    return [
        HELLO,
        PROBLEM,
        (30.0, A, "Проверяю, одну минуту. Код отправлен повторно, войдите сейчас."),
        (offer_at, A, "Получилось? Есть ли у вас ещё вопросы?"),
        (offer_at + 5, C, "Да, ещё не приходит счёт на почту, и карта не привязывается."),
        (offer_at + 12, A, "Смотрю счёт, минутку. Счёт отправлен на почту, проверьте папку спам."),
        (200.0, C, "Пришёл. А карта?"),
        (210.0, A, "Карту привяжите в разделе оплата, кнопка добавить карту."),
        (225.0, C, "Сделал, спасибо."),
        (232.0, A, "Оставайтесь на линии и оцените мою работу от одного до пяти. До свидания."),
    ]


@pytest.mark.parametrize(
    ("hello", "greets"),
    [
        # a name after "с вами", a clinic network in Kazakh; no name, a web account's e-mail is no service
        ("Добрый вечер! Поддержка «Ойын Әлемі», с вами Дана. Слушаю.", True),
        ("Добрый вечер! Поддержка. Оператор с вами свяжется.", False),
        ("Сәлеметсіз бе! «Ақ Тұяқ» ветеринарлық клиникалар желісі, менің есімім Нұрлан.", True),
    ],
)
def test_greeting_in_other_words(hello: str, greets: bool) -> None:
    assert answer("greeting", (A, hello), PROBLEM, (A, "Назовите почту от личного кабинета.")) is greets


@pytest.mark.parametrize(("offer_at", "offered"), [(60.0, False), (185.0, True)])
def test_an_offer_of_more_questions_counts_in_the_closing_part_only(offer_at: float, offered: bool) -> None:
    assert answer("anything_else", *_call_with_offer_at(offer_at)) is offered


def test_a_closing_share_is_given_with_the_end_not_the_start() -> None:
    assert Position(last_s=45, after_share=0.7).after_share == 0.7
    with pytest.raises(ValidationError, match="after_share"):
        Position(first_s=20, after_share=0.7)
