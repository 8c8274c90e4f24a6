"""Quality assessment: evaluations, item results, feedback, disputes, calibration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, CreatedAt


class Evaluation(CreatedAt, Base):
    """A score of one call against one script version; ``kind`` is auto or human."""

    __tablename__ = "evaluations"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    transcript_id: Mapped[int | None] = mapped_column(ForeignKey("transcripts.id", ondelete="SET NULL"))
    script_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("script_versions.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(10), default="auto")  # auto | human
    evaluator_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_current: Mapped[bool] = mapped_column(default=True)
    score: Mapped[float]
    passed: Mapped[bool]
    critical_failures: Mapped[int] = mapped_column(default=0)
    timings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    items: Mapped[list[ItemResult]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="ItemResult.id"
    )

    __table_args__ = (
        Index("ix_evaluations_call_current", "call_id", "is_current"),
        Index("ix_evaluations_current_kind", "is_current", "kind"),
    )


class ItemResult(Base):
    """One checklist answer. ``passed`` is effective (override if any), ``auto_passed`` the scorer's."""

    __tablename__ = "item_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    passed: Mapped[bool | None]
    auto_passed: Mapped[bool | None]
    weight: Mapped[float] = mapped_column(default=1.0)
    criticality: Mapped[str] = mapped_column(String(16), default="client")  # client | business | regulator
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float | None] = mapped_column(Float)  # 0..1, the scorer's (issue 12)
    # below the checklist's review_below: out of the score, never an auto-fail, until a human answers it
    needs_review: Mapped[bool] = mapped_column(default=False, server_default=false())
    overridden: Mapped[bool] = mapped_column(default=False)
    override_comment: Mapped[str | None] = mapped_column(Text)
    override_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    override_at: Mapped[datetime | None]
    evaluation: Mapped[Evaluation] = relationship(back_populates="items")

    __table_args__ = (
        Index("ix_item_results_evaluation", "evaluation_id"),
        Index("ix_item_results_item_passed", "item_id", "passed"),
    )


class Feedback(CreatedAt, Base):
    """Written feedback from a QA specialist to the agent (and visible to the team lead)."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(Text)


class Dispute(CreatedAt, Base):
    """An agent disputes one item answer; QA resolves it."""

    __tablename__ = "disputes"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_result_id: Mapped[int] = mapped_column(ForeignKey("item_results.id", ondelete="CASCADE"), index=True)
    raised_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        String(20), default="open"
    )  # open|accepted|partially_accepted|rejected
    resolution_comment: Mapped[str | None] = mapped_column(Text)
    resolved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None]


class CalibrationSession(CreatedAt, Base):
    __tablename__ = "calibration_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed: Mapped[bool] = mapped_column(default=False)


class CalibrationCall(Base):
    __tablename__ = "calibration_calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("calibration_sessions.id", ondelete="CASCADE"))
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    __table_args__ = (UniqueConstraint("session_id", "call_id", name="uq_calibration_calls_session_call"),)


class CalibrationAnswer(CreatedAt, Base):
    """One QA specialist's blind answer to one item of one call in a calibration session."""

    __tablename__ = "calibration_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("calibration_sessions.id", ondelete="CASCADE"))
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    passed: Mapped[bool | None]
    __table_args__ = (
        UniqueConstraint("session_id", "call_id", "user_id", "item_id", name="uq_calibration_answers_one"),
    )
