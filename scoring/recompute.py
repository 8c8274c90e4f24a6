"""The one scoring rule (pure): score, pass/fail and critical failures from item answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import SimpleNamespace
from typing import Any

from dialogue.checklist import Checklist, ScoringRules


def _passed_of(value: Any) -> bool | None:
    """The answer that counts in the score: an answer that needs review (and no human has answered) counts
    as not applicable."""
    if value is None or isinstance(value, bool):
        return value
    get = value.get if isinstance(value, Mapping) else lambda key: getattr(value, key, None)
    if get("needs_review") and not get("overridden"):
        return None
    passed: bool | None = get("passed")
    return passed


def _row_specs(result_items: Mapping[str, Any] | Iterable[Any]) -> list[Any]:
    """Without a checklist: each answer's own ``weight`` and ``criticality`` (stored item rows)."""
    rows = (
        result_items.items()
        if isinstance(result_items, Mapping)
        else [(getattr(r, "item_id", ""), r) for r in result_items]
    )
    return [
        SimpleNamespace(
            id=item_id,
            weight=getattr(row, "weight", 1.0),
            criticality=getattr(row, "criticality", "business"),
            auto_fail=None,
        )
        for item_id, row in rows
    ]


def recompute(
    result_items: Mapping[str, Any] | Iterable[Any], checklist: Checklist | None
) -> tuple[float, bool, list[str]]:
    """Score, pass/fail and critical failures from item answers (``{item_id: passed | answer}`` or rows
    with ``item_id``/``passed``), using the checklist's weights, criticality and scoring rules.

    ``checklist=None`` (an evaluation whose script version is unknown): the answers' own weights and
    criticality with the default ``ScoringRules`` (the one default pass mark, in dialogue.checklist)."""
    if not isinstance(result_items, Mapping):
        result_items = list(result_items)
    if isinstance(result_items, Mapping):
        answers = {k: _passed_of(v) for k, v in result_items.items()}
    else:
        answers = {getattr(row, "item_id", ""): _passed_of(row) for row in result_items}
    rules = checklist.scoring if checklist is not None else ScoringRules()
    specs: list[Any] = (
        [*checklist.items, *checklist.timing_checks] if checklist is not None else _row_specs(result_items)
    )
    got = total = 0.0
    critical: list[str] = []
    for spec in specs:
        passed = answers.get(spec.id)
        if passed is None and rules.not_applicable == "exclude":
            continue
        total += spec.weight
        got += spec.weight if passed in (True, None) else 0.0
        auto = getattr(spec, "auto_fail", None)
        auto = spec.criticality in rules.auto_fail_criticality if auto is None else auto
        if passed is False and auto:
            critical.append(spec.id)
    score = round(100.0 * got / total, 1) if total else 100.0
    if critical and rules.auto_fail_score is not None:
        score = rules.auto_fail_score
    return score, not critical and score >= rules.pass_mark, critical
