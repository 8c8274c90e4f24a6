"""Absence confidence where the item belongs (issue 12): a stage item missing from a badly heard window is
"not heard", not "not said", even when the rest of the call was recognised clearly."""

from __future__ import annotations

from scoring import score_transcript
from tests.scoring.helpers import default_checklist
from tests.scoring.test_examples import A, C, doc

CLEAR = [
    (A, "Здравствуйте, служба поддержки, меня зовут Асем.", 0.95),
    (C, "У меня не открывается личный кабинет.", 0.95),
    (A, "Назовите, пожалуйста, ваш логин.", 0.95),
    (C, "Логин сапаров восемьдесят.", 0.95),
    (A, "Спасибо, сейчас проверю вашу учётную запись.", 0.95),
    (A, "Я сбросила блокировку, попробуйте войти снова.", 0.95),
    (C, "Да, получилось, спасибо.", 0.95),
]


def farewell(last: tuple[str, str, float]) -> tuple[bool | None, bool, float]:
    ans = score_transcript(doc(*CLEAR, last), default_checklist()).items["farewell"]
    return ans.passed, ans.needs_review, ans.confidence


def test_missing_item_in_a_badly_heard_window_needs_review() -> None:
    # the agent's last words were recognised with low confidence: the farewell may be there, misheard
    passed, review, confidence = farewell((A, "вам тоже ста сви ни я", 0.3))
    assert passed is False and review and confidence < 0.6


def test_missing_item_in_a_clearly_heard_window_is_a_confident_fail() -> None:
    passed, review, confidence = farewell((A, "хорошо, обращайтесь если что", 0.95))
    assert passed is False and not review and confidence >= 0.85
    # badly heard words elsewhere in the call (before the closing window) do not make the absence unsure
    early = [(A, "сейчас пра верю ваш у запис", 0.2)] * 6
    call = doc(*CLEAR[:5], *early, *CLEAR[5:], (A, "хорошо, обращайтесь если что", 0.95))
    ans = score_transcript(call, default_checklist()).items["farewell"]
    assert ans.passed is False and not ans.needs_review
