"""Evaluations of calls (automatic scores and human overrides), with their item answers (persistence only).

Scores are computed above storage (``qa.service`` with ``scoring.recompute``); this module stores them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from storage.exceptions import NotFound, StorageError
from storage.models import Call, Evaluation, ItemResult, Transcript, User, utcnow

log = logging.getLogger(__name__)


class EvaluationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save_auto(
        self,
        call: Call,
        result: ScoredCall,
        script_version_id: int | None,
        transcript_id: int | None = None,
    ) -> Evaluation:
        """Store an automatic evaluation; earlier current auto evaluations of the call stop being current."""
        self.session.execute(
            update(Evaluation)
            .where(Evaluation.call_id == call.id, Evaluation.kind == "auto", Evaluation.is_current.is_(True))
            .values(is_current=False)
        )
        evaluation = Evaluation(
            call_id=call.id,
            transcript_id=transcript_id,
            script_version_id=script_version_id,
            kind="auto",
            is_current=True,
            score=result.score,
            passed=result.passed,
            critical_failures=len(result.critical_failures),
            timings=dict(result.timings),
        )
        for answer in [*result.items.values(), *result.timing_checks.values()]:
            evaluation.items.append(
                ItemResult(
                    item_id=answer.item_id,
                    passed=answer.passed,
                    auto_passed=answer.passed,
                    weight=answer.weight,
                    criticality=answer.criticality,
                    evidence=list(answer.evidence),
                    reason=answer.reason,
                    confidence=answer.confidence,
                    needs_review=answer.needs_review,
                )
            )
        self.session.add(evaluation)
        self.session.flush()
        log.info("call %s: auto evaluation %d, score %.1f", call.external_id, evaluation.id, result.score)
        return evaluation

    def current_for_call(self, call_id: int) -> Evaluation | None:
        """The newest current evaluation of a call, with its items."""
        stmt = (
            select(Evaluation)
            .where(Evaluation.call_id == call_id, Evaluation.is_current.is_(True))
            .options(selectinload(Evaluation.items))
            .order_by(Evaluation.created_at.desc(), Evaluation.id.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)

    def unscored(self, limit: int = 1000) -> list[tuple[Call, Transcript]]:
        """Calls with a finished transcript and no current evaluation (newest transcript of each)."""
        evaluated = select(Evaluation.call_id).where(Evaluation.is_current.is_(True))
        newest = (
            select(Transcript.call_id, func.max(Transcript.id).label("tid"))
            .where(Transcript.status == "done", Transcript.call_id.not_in(evaluated))
            .group_by(Transcript.call_id)
            .subquery()
        )
        stmt = (
            select(Call, Transcript)
            .join(newest, newest.c.call_id == Call.id)
            .join(Transcript, Transcript.id == newest.c.tid)
            .order_by(Call.id)
            .limit(limit)
        )
        return [(call, transcript) for call, transcript in self.session.execute(stmt).all()]

    def get_item(self, item_result_id: int) -> ItemResult:
        row = self.session.get(ItemResult, item_result_id)
        if row is None:
            raise NotFound(f"item result {item_result_id} not found")
        return row

    def record_override(
        self, item_result_id: int, passed: bool | None, comment: str, user: User
    ) -> ItemResult:
        """A QA specialist's answer replaces the automatic one (kept in ``auto_passed``). The caller
        (``qa.service.override``) recomputes the score and writes the audit record."""
        if not comment or not comment.strip():
            raise StorageError("an override needs a comment explaining it")
        row = self.get_item(item_result_id)
        row.passed, row.overridden = passed, True
        row.override_comment, row.override_user_id, row.override_at = comment.strip(), user.id, utcnow()
        self.session.flush()
        return row

    def set_score(self, evaluation: Evaluation, score: float, passed: bool, critical: list[str]) -> None:
        evaluation.score, evaluation.passed = score, passed
        evaluation.critical_failures = len(critical)
        self.session.flush()


class ScoredCall(Protocol):
    """What ``save_auto`` stores (``scoring.ScoreResult`` is one): score and item answers, each with
    ``item_id``, ``passed``, ``weight``, ``criticality``, ``evidence`` and ``reason``."""

    @property
    def score(self) -> float: ...
    @property
    def passed(self) -> bool: ...
    @property
    def critical_failures(self) -> list[str]: ...
    @property
    def timings(self) -> Mapping[str, float | None]: ...
    @property
    def items(self) -> Mapping[str, Any]: ...
    @property
    def timing_checks(self) -> Mapping[str, Any]: ...
