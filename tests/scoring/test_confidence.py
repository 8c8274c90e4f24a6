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


def inform(line: str) -> tuple[bool | None, float]:
    ans = score_transcript(doc(*CLEAR[:4], (A, line, 0.95)), default_checklist()).items["inform_actions"]
    return ans.passed, ans.confidence


def test_a_word_said_exactly_is_full_evidence_even_if_one_edit_from_another_pattern_word() -> None:
    # "подождите" is a pattern word and one letter from "подождете", another: said exactly it is a plain hit;
    # only a word matched through ASR tolerance alone ("подаждите") is weaker evidence
    exact, misheard = inform("Подождите, пожалуйста, на линии."), inform("подаждите пожалуйста на линии")
    assert exact == (True, 0.95)
    assert misheard[0] is True and misheard[1] < exact[1]


def test_thanks_for_having_waited_is_no_announcement_of_a_check() -> None:
    # after a silent hold the agent thanks the caller: nothing was announced (the past, not a request)
    assert inform("Спасибо, что подождали, у вас в системе не стоит допуск.")[0] is False
    assert inform("Ожидайте, пожалуйста, на линии.")[0] is True
