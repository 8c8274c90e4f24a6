"""Transcripts of calls and `sapa ingest` jobs (idempotent by content hash, bounded retries)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.models import Call, IngestJob, Transcript, utcnow


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


class IngestJobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_sha256(self, sha256: str) -> IngestJob | None:
        return self.session.scalar(select(IngestJob).where(IngestJob.sha256 == sha256))

    def claim(self, path: str, sha256: str, max_attempts: int) -> IngestJob | None:
        """The job to run now (one more attempt counted), or None: already done or out of attempts."""
        job = self.by_sha256(sha256)
        if job is None:
            job = IngestJob(path=path, sha256=sha256, status="pending", attempts=0)
            self.session.add(job)
        elif job.status == "done" or job.attempts >= max_attempts:
            return None
        job.attempts += 1
        job.path = path
        job.status = "pending"
        job.updated_at = utcnow()
        self.session.flush()
        return job

    def finish(self, job: IngestJob, call: Call | None) -> None:
        job.status, job.error, job.call_id = "done", None, call.id if call else None
        job.updated_at = utcnow()
        self.session.flush()

    def fail(self, job: IngestJob, error: str, call: Call | None = None) -> None:
        job.status, job.error = "failed", error[:2000]
        if call is not None:
            job.call_id = call.id
        job.updated_at = utcnow()
        self.session.flush()

    def list(self, status: str | None = None) -> list[IngestJob]:
        stmt = select(IngestJob).order_by(IngestJob.id)
        if status:
            stmt = stmt.where(IngestJob.status == status)
        return list(self.session.scalars(stmt))
