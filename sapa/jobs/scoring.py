"""Score jobs: scoring a stored transcript as its own job (the ``score`` queue), after transcription or to
re-score calls after a script change (`sapa rescore`).

A score job is a row of ``ingest_jobs`` (kind ``score``) keyed by transcript, script and the script version
active when it was recorded, so re-scoring the same calls for the same version twice records nothing new.
Running it is one transaction: a conditional UPDATE pending → done, then the evaluation; a second delivery
of the message finds the job done (and on PostgreSQL waits on the row lock until the first commits), so one
transcript gives one current evaluation per script version however often the message comes. Scoring is
deterministic: an error is not retried, the job ends ``failed`` with its reason (`sapa jobs`).
No Celery here: the embedded back end runs the same function in-process.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from sapa.exceptions import SapaError
from sapa.ingest_claim import one_line
from sapa.wiring import App
from storage.models import Call, Evaluation, IngestJob, Transcript
from storage.repositories.jobs import MAX_ERROR_CHARS, JobRepository
from storage.repositories.scripts import ScriptRepository

log = logging.getLogger(__name__)
KIND = "score"


class ScoreDatabaseFailed(SapaError):
    """The database refused the score job's transaction (retried by the worker)."""


@dataclass(frozen=True)
class ScoreJob:
    key: str
    transcript_id: int
    script: str


def score_key(transcript_id: int, script: str, version_id: int | None) -> str:
    return f"{KIND}:{transcript_id}:v{version_id or 0}:{script[:120]}"


def record(
    session: Session, call: Call, transcript_id: int, script: str, key_of_call: str | None = None
) -> ScoreJob:
    """Record the score job of ``transcript_id`` for the active version of ``script`` (in the caller's
    transaction: a transcript is never stored without its score job). ``key_of_call``: the recording's
    call key (ingest), else the call's external id."""
    version = ScriptRepository(session).active_version(script)
    key = score_key(transcript_id, script, version.id if version else None)
    JobRepository(session).ensure(
        KIND,
        key,
        path=call.recording_path or f"call:{call.external_id}",
        sha256=hashlib.sha256(key.encode()).hexdigest(),
        call_key=(key_of_call or call.external_id)[:64],
    )
    return ScoreJob(key, transcript_id, script)


def run(app: App, job: ScoreJob) -> str:
    """Score the transcript once: ``scored``, ``duplicate`` (done already) or ``failed: reason``."""
    try:
        with app.uow() as session:
            taken = session.execute(
                update(IngestJob)
                .where(IngestJob.key == job.key, IngestJob.status.in_(["pending", "running"]))
                .values(status="done", error=None)
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                return "duplicate"
            problem = _score(session, job)
            if problem is None:
                return "scored"
            session.rollback()
            _fail(session, job.key, problem)
            return f"failed: {problem}"
    except OperationalError as exc:
        raise ScoreDatabaseFailed(f"database write failed: {one_line(exc)}") from exc
    except SQLAlchemyError as exc:
        raise ScoreDatabaseFailed(one_line(exc)) from exc


def _score(session: Session, job: ScoreJob) -> str | None:
    from sapa.ingest import score_stored

    transcript = session.get(Transcript, job.transcript_id)
    if transcript is None or transcript.status != "done":
        return f"transcript {job.transcript_id} not found or not done"
    call = session.get(Call, transcript.call_id)
    assert call is not None
    doc: dict[str, Any] = {
        "call_id": call.external_id,
        "language": transcript.language,
        "segments": transcript.segments,
        "metrics": transcript.metrics or {},
    }
    return score_stored(session, call, transcript.id, doc, job.script)


def _fail(session: Session, key: str, reason: str) -> None:
    session.execute(
        update(IngestJob)
        .where(IngestJob.key == key)
        .values(status="failed", attempts=IngestJob.attempts + 1, error=reason[:MAX_ERROR_CHARS])
        .execution_options(synchronize_session=False)
    )


def give_up(app: App, key: str, reason: str) -> None:
    """Mark a score job failed after its last retry (it shows in `sapa jobs` and can be retried); when the
    database is still down the row stays pending and `sapa jobs rescore --enqueue` sends it again."""
    try:
        with app.uow() as session:
            _fail(session, key, reason)
    except SQLAlchemyError as exc:
        log.error("score job %s: out of retries and not marked failed (%s); stays pending", key, exc)


def stale(app: App, script: str) -> list[ScoreJob]:
    """Score jobs for every call whose newest transcript has no current automatic evaluation by the active
    version of ``script`` (after `sapa script import --activate`, or scoring that never ran); recorded as
    pending, returned with the pending ones recorded before (their message may have been lost)."""
    with app.uow() as session:
        version = ScriptRepository(session).active_version(script)
        if version is None:
            raise SapaError(f"script {script!r} has no active version: sapa script import ... --activate")
        newest = (
            select(Transcript.call_id, func.max(Transcript.id).label("tid"))
            .where(Transcript.status == "done")
            .group_by(Transcript.call_id)
            .subquery()
        )
        current = and_(
            Evaluation.call_id == newest.c.call_id,
            Evaluation.kind == "auto",
            Evaluation.is_current.is_(True),
            Evaluation.script_version_id == version.id,
        )
        stmt = (
            select(Call, newest.c.tid)
            .join(newest, newest.c.call_id == Call.id)
            .where(~select(Evaluation.id).where(current).exists())
            .order_by(Call.id)
        )
        jobs = []
        for call, transcript_id in session.execute(stmt).all():
            job = record(session, call, transcript_id, script)
            status = session.scalar(select(IngestJob.status).where(IngestJob.key == job.key))
            if status == "pending":
                jobs.append(job)
    return jobs
