"""Transcripts of calls (the jobs that produce them: storage/repositories/jobs.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.models import Call, Transcript


class TranscriptRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save(
        self,
        call: Call,
        *,
        engine: str,
        model: str = "",
        language: str = "ru",
        status: str = "done",
        error: str | None = None,
        segments: list[dict[str, Any]] | None = None,
        metrics: dict[str, Any] | None = None,
        unredacted_segments: list[dict[str, Any]] | None = None,
    ) -> Transcript:
        """Store a (redacted) transcript; the unredacted segments only when given (config allows it)."""
        segments = segments or []
        transcript = Transcript(
            call_id=call.id,
            engine=engine,
            model=model,
            language=language,
            status=status,
            error=error,
            segments=segments,
            metrics=metrics or {},
            full_text="\n".join(f"{s['speaker']}: {s['text']}" for s in segments),
            redacted=True,
            unredacted_segments=unredacted_segments,
        )
        self.session.add(transcript)
        self.session.flush()
        return transcript

    def latest_for_call(self, call_id: int, *, status: str | None = "done") -> Transcript | None:
        stmt = select(Transcript).where(Transcript.call_id == call_id)
        if status:
            stmt = stmt.where(Transcript.status == status)
        return self.session.scalar(stmt.order_by(Transcript.created_at.desc(), Transcript.id.desc()).limit(1))

    def for_call(self, call_id: int) -> list[Transcript]:
        stmt = select(Transcript).where(Transcript.call_id == call_id).order_by(Transcript.id)
        return list(self.session.scalars(stmt))


def find_call(session: Session, call_key: str) -> Call | None:
    """The call whose external id, uniqueid or linkedid is ``call_key`` (a MixMonitor file's uniqueid)."""
    stmt = select(Call).where(
        or_(Call.external_id == call_key, Call.uniqueid == call_key, Call.linkedid == call_key)
    )
    return session.scalars(stmt.order_by(Call.id).limit(1)).first()
