"""The QA work queue (sampled calls assigned to QA specialists) and agents' notices of human evaluations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, CreatedAt

SAMPLE_REASONS = ("critical", "low_rating", "needs_review", "new_agent", "random")


class QaAssignment(CreatedAt, Base):
    """One call sampled for human review, assigned to a QA specialist with a due date (one per call)."""

    __tablename__ = "qa_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), unique=True)
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(20))  # one of SAMPLE_REASONS (the strongest that applied)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | done
    outcome: Mapped[str | None] = mapped_column(String(12))  # confirmed | overridden
    completed_at: Mapped[datetime | None]
    comment: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_qa_assignments_assignee_status_due", "assignee_user_id", "status", "due_at"),)


class AgentNotice(CreatedAt, Base):
    """A human evaluation or feedback shown to the agent until he acknowledges it."""

    __tablename__ = "agent_notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))  # evaluation | feedback
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id", ondelete="SET NULL"))
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id", ondelete="SET NULL"))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    emailed: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        Index("ix_agent_notices_agent_ack", "agent_id", "acknowledged_at"),
        Index("ix_agent_notices_call", "call_id"),
    )
