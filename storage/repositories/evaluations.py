"""Evaluations of calls (automatic scores and human overrides), with their item answers."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from storage.exceptions import NotFound, StorageError
from storage.models import Call, Evaluation, ItemResult, ScriptVersion, Transcript, User, utcnow
from storage.repositories.audit import AuditRepository

if TYPE_CHECKING:
    from dialogue.checklist import Checklist
    from scoring import ScoreResult

log = logging.getLogger(__name__)


class EvaluationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save_auto(
        self,
        call: Call,
        result: ScoreResult,
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

    def override_item(self, item_result_id: int, passed: bool | None, comment: str, user: User) -> ItemResult:
        """A QA specialist's answer replaces the automatic one (kept in ``auto_passed``); the score is
        recomputed with the checklist of the evaluation's script version, and the change is audited."""
        if not comment or not comment.strip():
            raise StorageError("an override needs a comment explaining it")
        row = self.get_item(item_result_id)
        before = row.passed
        row.passed, row.overridden = passed, True
        row.override_comment, row.override_user_id, row.override_at = comment.strip(), user.id, utcnow()
        evaluation = row.evaluation
        old_score = evaluation.score
        evaluation.score, evaluation.passed, critical = self._recompute(evaluation)
        evaluation.critical_failures = len(critical)
        self.session.flush()
        AuditRepository(self.session).record(
            user.username,
            "evaluation.override",
            "item_result",
            row.id,
            {
                "evaluation_id": evaluation.id,
                "item_id": row.item_id,
                "from": before,
                "to": passed,
                "auto": row.auto_passed,
                "comment": row.override_comment,
                "score": [old_score, evaluation.score],
            },
            actor_user_id=user.id,
        )
        return row

    def _recompute(self, evaluation: Evaluation) -> tuple[float, bool, list[str]]:
        from scoring import recompute

        checklist = self._checklist(evaluation.script_version_id)
        if checklist is not None:
            return recompute(evaluation.items, checklist)
        return _recompute_from_rows(evaluation.items)

    def _checklist(self, script_version_id: int | None) -> Checklist | None:
        if script_version_id is None:
            return None
        version = self.session.get(ScriptVersion, script_version_id)
        if version is None:
            return None
        from dialogue import load_script

        return load_script(version.content, f"script version {version.id}").checklist


def _recompute_from_rows(items: list[ItemResult]) -> tuple[float, bool, list[str]]:
    """Without a stored checklist: weights and criticality of the rows, regulator class auto-fails."""
    answered: list[Any] = [r for r in items if r.passed is not None and (r.overridden or not r.needs_review)]
    total = sum(r.weight for r in answered)
    got = sum(r.weight for r in answered if r.passed)
    critical = [r.item_id for r in answered if r.passed is False and r.criticality == "regulator"]
    score = 0.0 if critical else (round(100.0 * got / total, 1) if total else 100.0)
    return score, not critical and score >= 80.0, critical
