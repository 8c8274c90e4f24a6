"""Agents' notices (for the agent's page and the menu badge) and acknowledged/disputed counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from storage.models import Agent, AgentNotice, Call, Dispute, Evaluation, ItemResult, User
from web.scope import call_scope


def unacknowledged_count(session: Session, agent_id: int) -> int:
    stmt = select(func.count(AgentNotice.id)).where(
        AgentNotice.agent_id == agent_id, AgentNotice.acknowledged_at.is_(None)
    )
    return int(session.scalar(stmt) or 0)


@dataclass
class NoticeRow:
    id: int
    call_id: int
    external_id: str
    kind: str
    author: str
    created_at: datetime
    acknowledged_at: datetime | None
    score: float | None
    passed: bool | None


def notices_for_agent(session: Session, agent_id: int, limit: int = 200) -> list[NoticeRow]:
    stmt = (
        select(
            AgentNotice.id,
            AgentNotice.call_id,
            Call.external_id,
            AgentNotice.kind,
            func.coalesce(func.nullif(User.full_name, ""), User.username, ""),
            AgentNotice.created_at,
            AgentNotice.acknowledged_at,
            Evaluation.score,
            Evaluation.passed,
        )
        .join(Call, Call.id == AgentNotice.call_id)
        .outerjoin(User, User.id == AgentNotice.author_user_id)
        .outerjoin(Evaluation, Evaluation.id == AgentNotice.evaluation_id)
        .where(AgentNotice.agent_id == agent_id)
        .order_by(AgentNotice.acknowledged_at.is_not(None), AgentNotice.id.desc())
        .limit(limit)
    )
    return [NoticeRow(*row) for row in session.execute(stmt)]


def open_notices_of_call(session: Session, call_id: int, agent_id: int) -> list[AgentNotice]:
    stmt = select(AgentNotice).where(
        AgentNotice.call_id == call_id,
        AgentNotice.agent_id == agent_id,
        AgentNotice.acknowledged_at.is_(None),
    )
    return list(session.scalars(stmt))


@dataclass
class AckRow:
    agent: str
    notices: int
    acknowledged: int
    disputed: int


def ack_counts(session: Session, user: User, start: datetime, end: datetime) -> list[AckRow]:
    """Per agent visible to ``user``, over the calls of the period (as the scorecard counts calls):
    human evaluations and feedback, how many acknowledged, answers disputed."""
    disputed = (
        select(func.count(Dispute.id))
        .join(ItemResult, ItemResult.id == Dispute.item_result_id)
        .join(Evaluation, Evaluation.id == ItemResult.evaluation_id)
        .join(Call, Call.id == Evaluation.call_id)
        .where(Call.agent_id == Agent.id, Call.started_at >= start, Call.started_at < end)
        .scalar_subquery()
    )
    visible = aliased(Call)
    stmt = (
        select(
            Agent.extension,
            Agent.name,
            func.count(AgentNotice.id),
            func.count(AgentNotice.acknowledged_at),
            disputed,
        )
        .join(AgentNotice, AgentNotice.agent_id == Agent.id)
        .join(visible, visible.id == AgentNotice.call_id)
        .where(visible.started_at >= start, visible.started_at < end)
        .group_by(Agent.id, Agent.extension, Agent.name)
        .order_by(Agent.extension)
    )
    stmt = stmt.where(visible.id.in_(select(Call.id).where(call_scope(user))))
    return [AckRow(f"{ext} {name}", n, ack, dis or 0) for ext, name, n, ack, dis in session.execute(stmt)]
