"""The QA work queue as pages show it: one QA specialist's open items, and progress per QA specialist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from reports.metrics import effective_evaluation
from storage.models import Agent, Call, Evaluation, QaAssignment, Role, SurveyResponse, User, utcnow
from web.scope import call_scope


@dataclass
class QueueRow:
    id: int
    call_id: int
    external_id: str
    started_at: datetime
    agent: str
    reason: str
    due_at: datetime
    overdue: bool
    score: float | None
    passed: bool | None
    rating: int | None


def my_queue(session: Session, user: User, limit: int = 500) -> list[QueueRow]:
    """Open assignments of ``user``, most urgent first (due date, then the strongest reason)."""
    now = utcnow()
    stmt = (
        select(
            QaAssignment.id,
            Call.id,
            Call.external_id,
            Call.started_at,
            func.coalesce(Agent.extension + " " + Agent.name, ""),
            QaAssignment.reason,
            QaAssignment.due_at,
            Evaluation.score,
            Evaluation.passed,
            SurveyResponse.rating,
        )
        .join(Call, Call.id == QaAssignment.call_id)
        .outerjoin(Agent, Agent.id == Call.agent_id)
        .outerjoin(Evaluation, effective_evaluation())
        .outerjoin(SurveyResponse, SurveyResponse.call_id == Call.id)
        .where(QaAssignment.assignee_user_id == user.id, QaAssignment.status == "open")
        .order_by(QaAssignment.due_at, QaAssignment.id)
        .limit(limit)
    )
    out = []
    for aid, cid, ext, started, agent, reason, due, score, passed, rating in session.execute(stmt):
        out.append(QueueRow(aid, cid, ext, started, agent, reason, due, due < now, score, passed, rating))
    return out


@dataclass
class ProgressRow:
    qa: str
    open: int
    overdue: int
    done_week: int
    done: int
    overridden: int

    @property
    def override_pct(self) -> float | None:
        return 100.0 * self.overridden / self.done if self.done else None


def progress(session: Session, viewer: User) -> list[ProgressRow]:
    """Per QA specialist, over the calls ``viewer`` may see (a team lead: his team's calls)."""
    now = utcnow()
    week_ago = now - timedelta(days=7)
    is_open = QaAssignment.status == "open"
    is_done = QaAssignment.status == "done"
    stmt = (
        select(
            func.coalesce(func.nullif(User.full_name, ""), User.username),
            func.sum(case((is_open, 1), else_=0)),
            func.sum(case((is_open & (QaAssignment.due_at < now), 1), else_=0)),
            func.sum(case((is_done & (QaAssignment.completed_at >= week_ago), 1), else_=0)),
            func.sum(case((is_done, 1), else_=0)),
            func.sum(case((QaAssignment.outcome == "overridden", 1), else_=0)),
        )
        .join(QaAssignment, QaAssignment.assignee_user_id == User.id)
        .join(Call, Call.id == QaAssignment.call_id)
        .where(call_scope(viewer), User.role.in_((Role.QA, Role.ADMIN)))
        .group_by(User.id, User.full_name, User.username)
        .order_by(User.username)
    )
    return [ProgressRow(name, *(int(v or 0) for v in rest)) for name, *rest in session.execute(stmt)]
