"""Calls and what is recorded about them: survey responses, transcripts, ingest jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, CreatedAt, utcnow
from storage.models.org import Agent, Queue, Team

SURVEY_STATUSES = ("completed", "no_input", "invalid", "abandoned", "skipped", "error")


class Call(CreatedAt, Base):
    """One call. ``external_id`` is the Asterisk linkedid (or uniqueid) or the Twilio CallSid."""

    __tablename__ = "calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(16), default="asterisk")  # asterisk | twilio | upload | demo
    uniqueid: Mapped[str | None] = mapped_column(String(64), index=True)
    linkedid: Mapped[str | None] = mapped_column(String(64))
    twilio_call_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    direction: Mapped[str] = mapped_column(String(10), default="inbound")  # inbound | outbound
    caller_number: Mapped[str | None] = mapped_column(String(40))
    # The extension the PBX named as the rated/handling agent, kept even when no agent has it (yet);
    # agent_id is linked from it when that agent exists or is added later.
    agent_extension: Mapped[str | None] = mapped_column(String(40))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("queues.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(8))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    duration_s: Mapped[float | None]
    hangup_by: Mapped[str | None] = mapped_column(String(10))  # agent | caller | unknown
    recording_path: Mapped[str | None] = mapped_column(String(500))
    recording_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)

    agent: Mapped[Agent | None] = relationship()
    team: Mapped[Team | None] = relationship()
    queue: Mapped[Queue | None] = relationship()
    survey: Mapped[SurveyResponse | None] = relationship(back_populates="call", uselist=False)

    __table_args__ = (
        Index("ix_calls_started_at", "started_at"),
        Index("ix_calls_agent_started", "agent_id", "started_at"),
        Index("ix_calls_team_started", "team_id", "started_at"),
        Index("ix_calls_queue_started", "queue_id", "started_at"),
        Index("ix_calls_language_started", "language", "started_at"),
        Index("ix_calls_agent_extension", "agent_extension"),
    )


class SurveyResponse(CreatedAt, Base):
    """The caller's 1-5 DTMF rating of a call; at most one per call."""

    __tablename__ = "survey_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), unique=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("queues.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16), default="asterisk")  # asterisk | twilio | demo
    rating: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16))
    skip_reason: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(default=0)
    language: Mapped[str] = mapped_column(String(8), default="ru")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    comment_recording_path: Mapped[str | None] = mapped_column(String(500))
    call: Mapped[Call] = relationship(back_populates="survey")

    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name="rating_range"),
        CheckConstraint(
            "status IN ('completed','no_input','invalid','abandoned','skipped','error')", name="status_valid"
        ),
        Index("ix_survey_agent_started", "agent_id", "started_at"),
        Index("ix_survey_queue_started", "queue_id", "started_at"),
        Index("ix_survey_started", "started_at"),
    )


class Transcript(CreatedAt, Base):
    """A (redacted) transcript: segments with words, as in shared/data/FORMAT.md, plus metrics."""

    __tablename__ = "transcripts"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    engine: Mapped[str] = mapped_column(String(32))  # vosk | whisper | import
    model: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8), default="ru")
    status: Mapped[str] = mapped_column(String(16), default="done")  # done | failed
    error: Mapped[str | None] = mapped_column(Text)
    segments: Mapped[list[Any]] = mapped_column(default=list)
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    full_text: Mapped[str] = mapped_column(Text, default="")
    redacted: Mapped[bool] = mapped_column(default=True)
    unredacted_segments: Mapped[list[Any] | None]


JOB_KINDS = ("transcribe", "score", "report", "rescore")
JOB_STATUSES = ("pending", "running", "done", "failed")


class IngestJob(CreatedAt, Base):
    """One unit of background work (today: transcribing one recording) and its state machine.

    pending → running (claimed_by host:pid, lease until lease_expires_at) → done | pending (failed, retried)
    | failed (out of attempts). ``key`` is the idempotency key (kind, recording content hash, call id): the
    unique constraint and conditional UPDATEs make one process the winner, whatever the others remember.
    """

    __tablename__ = "ingest_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="transcribe")
    key: Mapped[str] = mapped_column(String(200), unique=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    call_key: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(255))
    lease_expires_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint("status IN ('pending','running','done','failed')", name="status_valid"),
        CheckConstraint("kind IN ('transcribe','score','report','rescore')", name="kind_valid"),
        Index("ix_ingest_jobs_status_lease", "status", "lease_expires_at"),
    )
