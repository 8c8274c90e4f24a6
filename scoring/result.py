"""Results of scoring one call (pure): item answers with evidence and confidence, and the call's score."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Evidence = dict[str, Any]


@dataclass
class ItemAnswer:
    item_id: str
    passed: bool | None
    weight: float
    criticality: str
    kind: str
    evidence: list[Evidence] = field(default_factory=list)
    reason: str = ""
    confidence: float = 1.0  # 0..1: how sure the scorer is of ``passed``
    needs_review: bool = False  # confidence below the checklist's review_below: out of the score

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "weight": self.weight,
            "criticality": self.criticality,
            "evidence": self.evidence,
            "reason": self.reason,
            "confidence": self.confidence,
            "needs_review": self.needs_review,
        }


@dataclass
class ScoreResult:
    call_id: str
    script: str
    version: int | None
    score: float
    passed: bool
    critical_failures: list[str]
    items: dict[str, ItemAnswer]
    timing_checks: dict[str, ItemAnswer]
    timings: dict[str, float | None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "script": self.script,
            "version": self.version,
            "score": self.score,
            "passed": self.passed,
            "critical_failures": self.critical_failures,
            "needs_review": [k for k, v in self.items.items() if v.needs_review],
            "items": {k: v.to_dict() for k, v in self.items.items()},
            "timing_checks": {k: v.to_dict() for k, v in self.timing_checks.items()},
            "timings": self.timings,
        }
