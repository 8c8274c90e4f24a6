"""Scoring rules (weights, pass mark, auto-fail, N/A), timings, timing checks and recompute."""

from __future__ import annotations

from typing import Any

import pytest

from dialogue.checklist import Checklist
from scoring import recompute, score_transcript
from tests.scoring.helpers import doc, score

A, C = "a", "c"


def checklist(**scoring: Any) -> Checklist:
    return Checklist.model_validate(
        {
            "items": [
                {
                    "id": "hello",
                    "title": "h",
                    "kind": "stage",
                    "criticality": "client",
                    "weight": 3,
                    "match": [{"any": ["здравствуйте"]}],
                },
                {
                    "id": "bye",
                    "title": "b",
                    "kind": "stage",
                    "criticality": "business",
                    "weight": 1,
                    "match": [{"any": ["до свидания"]}],
                    "applies_when": {"min_call_s": 30},
                },
                {
                    "id": "no_swear",
                    "title": "s",
                    "kind": "forbidden",
                    "criticality": "regulator",
                    "weight": 1,
                    "match": [{"any": ["блин"]}],
                },
            ],
            "timing_checks": [
                {"id": "answer", "kind": "answer_time", "limit_s": 20, "weight": 1},
                {"id": "length", "kind": "max_call_length", "limit_s": 600, "weight": 0},
                {"id": "quiet", "kind": "agent_silence", "limit_s": 60, "explained_by": "hello", "weight": 0},
            ],
            "scoring": scoring,
        }
    )


def test_weighted_score_and_pass_mark() -> None:
    result = score(
        (A, "Здравствуйте."), (40.0, C, "Пока."), (42.0, A, "Ага."), checklist=checklist(pass_mark=60)
    )
    # hello 3 + no_swear 1 + answer 1 passed, bye (1) failed: 5 of 6
    assert result.items["bye"].passed is False
    assert result.score == pytest.approx(83.3) and result.passed and result.critical_failures == []


def test_not_applicable_items_leave_the_denominator() -> None:
    result = score((A, "Ну здравствуйте."), checklist=checklist())
    assert result.items["bye"].passed is None and result.score == 100.0
    counted = score((A, "Ну здравствуйте."), checklist=checklist(not_applicable="pass"))
    assert counted.score == 100.0 and counted.items["bye"].passed is None


def test_regulator_violation_fails_the_call() -> None:
    result = score((A, "Здравствуйте, блин."), checklist=checklist())
    assert result.critical_failures == ["no_swear"] and result.passed is False and result.score == 0.0
    kept = score((A, "Здравствуйте, блин."), checklist=checklist(auto_fail_score=None))
    assert kept.score == pytest.approx(80.0) and kept.passed is False


def test_recompute_after_override() -> None:
    cl = checklist()
    result = score((A, "Здравствуйте, блин."), checklist=cl)
    answers: dict[str, Any] = {**result.items, **result.timing_checks}
    answers["no_swear"] = True  # a QA specialist decides it was not a violation
    assert recompute(answers, cl) == (100.0, True, [])
    assert recompute({"hello": False, "no_swear": True, "answer": True}, cl) == (40.0, False, [])


def test_timings() -> None:
    d = doc((2.0, A, "Здравствуйте слушаю вас"), (3.0, C, "Алло у меня вопрос"), (90.0, A, "Да"))
    t = score_transcript(d, checklist()).timings
    assert t["answer_time_s"] == 2.0 and t["overtalk_s"] > 0
    assert t["longest_agent_silence_s"] == pytest.approx(90.0 - d.segments[0].end, abs=0.01)
    assert t["call_length_s"] == d.segments[-1].end
    talk = (d.segments[1].end - 2.0) + (d.segments[2].end - 90.0)  # the first two overlap
    assert t["total_silence_s"] == pytest.approx(t["call_length_s"] - talk, abs=0.01)
    assert t["agent_words_per_min"] > 0


def test_timing_checks() -> None:
    late = score((25.0, A, "Алло."), (200.0, A, "Да."), checklist=checklist())
    checks = late.timing_checks
    assert checks["answer"].passed is False and "25.0" in checks["answer"].reason
    assert checks["quiet"].passed is False and checks["quiet"].evidence[0]["end"] == 200.0
    explained = score((1.0, A, "Здравствуйте."), (200.0, A, "Да."), checklist=checklist()).timing_checks
    assert explained["quiet"].passed is True  # the item named in explained_by was said right before
    assert (
        score((1.0, A, "Да."), (700.0, A, "Всё."), checklist=checklist()).timing_checks["length"].passed
        is False
    )


def test_result_json_shape() -> None:
    out = score((A, "Здравствуйте."), checklist=checklist()).to_dict()
    assert set(out) >= {
        "call_id",
        "script",
        "version",
        "score",
        "passed",
        "critical_failures",
        "items",
        "timings",
    }
    assert set(out["items"]["hello"]) == {
        "passed", "weight", "criticality", "evidence", "reason", "confidence", "needs_review"
    }  # fmt: skip
    ev = out["items"]["hello"]["evidence"][0]
    assert ev == {
        "start": 0.5,
        "end": ev["end"],
        "speaker": "agent",
        "text": "Здравствуйте.",
        "match": "здравствуйте",
        "confidence": 0.95,
    }
    assert set(out["timings"]) == {
        "call_length_s",
        "answer_time_s",
        "agent_talk_s",
        "caller_talk_s",
        "total_silence_s",
        "longest_agent_silence_s",
        "overtalk_s",
        "agent_words_per_min",
    }


def test_no_agent_speech_is_not_applicable_everywhere() -> None:
    result = score((C, "Алло? Алло?"), checklist=checklist())
    assert all(a.passed is None for a in result.items.values())
    assert result.timings["answer_time_s"] is None
