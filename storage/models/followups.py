"""Extra survey answers (survey sets) and follow-ups of unhappy callers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, CreatedAt, utcnow
from storage.models.calls import Call

ANSWER_KINDS = ("csat", "resolved", "nps")
FOLLOW_UP_STATUSES = ("open", "closed")


class SurveyAnswer(Base):
    """One answered question of a survey set: csat 1-5, resolved 1 (yes) / 0 (no), nps 0-10.

    The CSAT answer is also kept in ``survey_responses.rating`` (reports and exports read it there).
    """

    __tablename__ = "survey_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[int]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("survey_response_id", "question_id", name="uq_survey_answers_question"),
        CheckConstraint("kind IN ('csat','resolved','nps')", name="kind_valid"),
        CheckConstraint("value BETWEEN 0 AND 10", name="value_range"),
        Index("ix_survey_answers_call", "call_id"),
    )


class FollowUp(CreatedAt, Base):
    """A low rating or "not resolved" answer, for the team lead of the rated agent's team (one per call)."""

    __tablename__ = "follow_ups"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), unique=True)
    reason: Mapped[str] = mapped_column(String(40))  # low_rating | not_resolved | low_rating+not_resolved
    rating: Mapped[int | None]
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="open")
    closed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
    emailed_at: Mapped[datetime | None]
    call: Mapped[Call] = relationship()

    __table_args__ = (
        CheckConstraint("status IN ('open','closed')", name="status_valid"),
        Index("ix_follow_ups_team_status", "team_id", "status"),
        Index("ix_follow_ups_owner_status", "owner_user_id", "status"),
    )
