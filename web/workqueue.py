"""The QA work queue: sampling rules (web.sampling), balanced assignment to QA specialists, completion.

Sampling looks at scored calls of the last ``lookback_days`` without an assignment and gives each the
strongest reason that applies: a critical failure, an answer the scorer marked "needs review" (the
``item_results.needs_review`` column, read only when the model has it), a caller rating ≤ ``max_rating``,
then per agent and ISO week a seeded random choice (more calls for agents added within ``new_agent_days``).
Re-running is idempotent: one assignment per call, and random picks count those already made that week.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, true
from sqlalchemy.orm import Session

from reports.metrics import effective_evaluation
from storage.models import (
    Agent,
    Call,
    Evaluation,
    ItemResult,
    QaAssignment,
    Role,
    SurveyResponse,
    User,
    utcnow,
)
from storage.repositories.audit import AuditRepository
from web.config import SamplingConfig
from web.exceptions import BadRequest
from web.i18n import N_

log = logging.getLogger(__name__)

PRIORITY = ("critical", "needs_review", "low_rating", "new_agent", "random")


@dataclass
class SampleResult:
    added: Counter[str] = field(default_factory=Counter)  # reason -> new assignments
    per_qa: Counter[str] = field(default_factory=Counter)  # QA username -> new assignments

    @property
    def total(self) -> int:
        return sum(self.added.values())


def _window(now: datetime, cfg: SamplingConfig) -> ColumnElement[bool]:
    unassigned = ~select(QaAssignment.id).where(QaAssignment.call_id == Call.id).exists()
    return and_(Call.started_at >= now - timedelta(days=cfg.lookback_days), Call.started_at < now, unassigned)


def _scored() -> Select[Any]:
    """Window calls with an effective evaluation (the reports' rule), joined for the rules below."""
    return select(Call.id).join(Evaluation, effective_evaluation())


def critical_calls(session: Session, window: ColumnElement[bool]) -> set[int]:
    return set(session.scalars(_scored().where(window, Evaluation.critical_failures > 0)))


def needs_review_calls(session: Session, window: ColumnElement[bool]) -> set[int]:
    """Calls whose effective evaluation has an answer marked needs-review. The column is added by the
    scoring branch (migration 0004); until it exists in the model this rule selects nothing."""
    if not hasattr(ItemResult, "needs_review"):
        return set()
    flag = ItemResult.needs_review
    stmt = _scored().join(ItemResult, ItemResult.evaluation_id == Evaluation.id).where(window, flag == true())
    return set(session.scalars(stmt.distinct()))


def low_rating_calls(session: Session, window: ColumnElement[bool], max_rating: int) -> set[int]:
    if max_rating <= 0:
        return set()
    stmt = _scored().join(SurveyResponse, SurveyResponse.call_id == Call.id)
    return set(session.scalars(stmt.where(window, SurveyResponse.rating <= max_rating)))


def _rank(seed: int, call_id: int) -> str:
    """A seeded, order-independent random rank: the same calls are picked whatever runs first."""
    return hashlib.sha256(f"{seed}:{call_id}".encode()).hexdigest()


def _week(value: datetime) -> tuple[int, int]:
    iso = value.isocalendar()
    return iso.year, iso.week


def random_calls(
    session: Session, window: ColumnElement[bool], cfg: SamplingConfig, now: datetime, taken: set[int]
) -> dict[int, str]:
    """Per agent and ISO week: ``random_per_agent_week`` calls (``new_agent_calls_week`` for a new agent)
    by seeded rank, minus the random picks already assigned that week."""
    hired = {agent_id: created for agent_id, created in session.execute(select(Agent.id, Agent.created_at))}
    new_since = now - timedelta(days=cfg.new_agent_days)
    rows = session.execute(_scored().add_columns(Call.agent_id, Call.started_at).where(window))
    buckets: dict[tuple[int, tuple[int, int]], list[int]] = defaultdict(list)
    for call_id, agent_id, started in rows:
        if agent_id is not None and call_id not in taken:
            buckets[(agent_id, _week(started))].append(call_id)
    already = _random_already(session, now, cfg)
    picked: dict[int, str] = {}
    for (agent_id, week), ids in buckets.items():
        since = hired.get(agent_id)
        is_new = cfg.new_agent_days > 0 and since is not None and since >= new_since
        quota = cfg.new_agent_calls_week if is_new else cfg.random_per_agent_week
        quota -= already.get((agent_id, week), 0)
        for call_id in sorted(ids, key=lambda i: _rank(cfg.seed, i))[: max(quota, 0)]:
            picked[call_id] = "new_agent" if is_new else "random"
    return picked


def _random_already(
    session: Session, now: datetime, cfg: SamplingConfig
) -> Counter[tuple[int, tuple[int, int]]]:
    since = now - timedelta(days=cfg.lookback_days + 7)
    stmt = (
        select(Call.agent_id, Call.started_at)
        .join(QaAssignment, QaAssignment.call_id == Call.id)
        .where(QaAssignment.reason.in_(("random", "new_agent")), Call.started_at >= since)
    )
    rows = session.execute(stmt)
    return Counter((agent_id, _week(started)) for agent_id, started in rows if agent_id is not None)


def qa_load(session: Session) -> list[tuple[int, int, str]]:
    """(open assignments, user id, username) of every active QA specialist, least loaded first."""
    open_count = (
        select(func.count(QaAssignment.id))
        .where(QaAssignment.assignee_user_id == User.id, QaAssignment.status == "open")
        .scalar_subquery()
    )
    stmt = select(open_count, User.id, User.username).where(User.role == Role.QA, User.active.is_(True))
    return sorted((int(n), uid, name) for n, uid, name in session.execute(stmt))


def sample(session: Session, cfg: SamplingConfig, now: datetime | None = None) -> SampleResult:
    """Select calls by the rules and assign them, each to the least-loaded QA specialist."""
    now = now or utcnow()
    window = _window(now, cfg)
    reasons: dict[int, str] = {}
    rules: list[tuple[str, set[int]]] = [
        ("critical", critical_calls(session, window) if cfg.critical_failures else set()),
        ("needs_review", needs_review_calls(session, window) if cfg.needs_review else set()),
        ("low_rating", low_rating_calls(session, window, cfg.max_rating)),
    ]
    for reason, ids in rules:
        for call_id in ids:
            reasons.setdefault(call_id, reason)
    reasons.update(random_calls(session, window, cfg, now, set(reasons)))
    result = SampleResult()
    load = qa_load(session)
    if not load:
        log.warning("QA sampling: %d calls selected but there is no active QA specialist", len(reasons))
        return result
    heapq.heapify(load)
    for call_id in sorted(reasons, key=lambda c: (PRIORITY.index(reasons[c]), c)):
        count, uid, name = heapq.heappop(load)
        session.add(
            QaAssignment(
                call_id=call_id,
                assignee_user_id=uid,
                reason=reasons[call_id],
                due_at=now + timedelta(days=cfg.due_days),
            )
        )
        heapq.heappush(load, (count + 1, uid, name))
        result.added[reasons[call_id]] += 1
        result.per_qa[name] += 1
    session.flush()
    log.info("QA sampling: %d new assignments %s", result.total, dict(result.added))
    return result


def open_assignment(session: Session, call_id: int) -> QaAssignment | None:
    return session.scalar(
        select(QaAssignment).where(QaAssignment.call_id == call_id, QaAssignment.status == "open")
    )


def complete(session: Session, assignment: QaAssignment, user: User, comment: str = "") -> str:
    """Close a review: 'overridden' when this QA specialist changed an answer of the call since it was
    assigned, else 'confirmed'. The agent is notified (web.notices). Returns the outcome."""
    if assignment.status != "open":
        raise BadRequest(N_("this review is already done"))
    if user.role != Role.ADMIN and assignment.assignee_user_id != user.id:
        raise BadRequest(N_("this call is in another QA specialist's queue"))
    changed = session.scalar(
        select(func.count(ItemResult.id))
        .join(Evaluation, Evaluation.id == ItemResult.evaluation_id)
        .where(
            Evaluation.call_id == assignment.call_id,
            Evaluation.is_current.is_(True),
            ItemResult.overridden.is_(True),
            ItemResult.override_at >= assignment.created_at,
        )
    )
    outcome = "overridden" if changed else "confirmed"
    assignment.status, assignment.outcome, assignment.completed_at = "done", outcome, utcnow()
    assignment.comment = comment.strip() or None
    AuditRepository(session).record(
        user.username,
        "qa_review",
        "call",
        assignment.call_id,
        {"assignment_id": assignment.id, "outcome": outcome, "reason": assignment.reason},
        actor_user_id=user.id,
    )
    return outcome
