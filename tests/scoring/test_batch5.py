"""Batch 5 (issue 12 failure classes, bench/batches/batch5.py): fully labelled, and kept at its final score.

First score before any change for it: item accuracy 0.896, macro violation-F1 0.196 (docs/scoring.md); the
rules were then changed by class, so these thresholds guard against regressions, they are not an estimate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring import TranscriptDoc, score_transcript
from scoring.evaluate import evaluate
from tests.scoring.helpers import default_checklist
from tests.scoring.test_heldout import ITEMS

BATCH = Path(__file__).parent / "batch5"


def _files() -> list[Path]:
    return sorted(BATCH.glob("*.json"))


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_batch5_call_is_fully_labelled(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["labels"]) == ITEMS and data["call_id"] == path.stem
    assert {k for k, v in data["labels"].items() if v is False} <= set(data["rationale"])


def test_batch5_keeps_its_score_and_no_caller_name_fails_staff_disclosure() -> None:
    checklist = default_checklist()
    pairs = []
    for path in _files():
        doc = TranscriptDoc.model_validate(json.loads(path.read_text(encoding="utf-8")))
        result = score_transcript(doc, checklist)
        pairs.append((doc.call_id, doc.labels or {}, {k: v.passed for k, v in result.items.items()}))
    report = evaluate(pairs)
    assert len(pairs) >= 20
    assert report.total.accuracy >= 0.95, report.mistakes
    staff = report.items["no_staff_disclosure"]
    assert staff.fp == 0 and staff.fn == 0, report.mistakes
