"""The `sapa.transcribe` task: claim the recording's job in the database, transcribe, store, score.

The task reuses `sapa ingest`'s claim, lease and store (sapa/ingest.py) for one file, so the database
decides the single winner however often the broker delivers the message. Outcomes:

* done, or already done by someone (a duplicate message): acknowledged, nothing more to do;
* held by another live worker: retried with back-off (if that worker dies, its lease expires and this
  retry takes the job over);
* failed with attempts left (job back to pending): retried with back-off; out of attempts: the job ends
  ``failed`` with its reason (`sapa jobs`), the message is acknowledged;
* database unreachable: retried with back-off, at most ``jobs.max_retries`` times.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from celery import Celery, Task
from kombu.exceptions import KombuError
from sqlalchemy.exc import SQLAlchemyError

from sapa.ingest_claim import KIND, DatabaseFailed, one_line
from sapa.ingest_scan import call_key
from sapa.jobs import scoring
from sapa.jobs.celery_app import REPORT, SCORE
from sapa.settings import Settings
from sapa.wiring import App
from storage.repositories.jobs import JobRepository

SCORE_KIND = scoring.KIND

if TYPE_CHECKING:
    from asr.pool import Transcriber

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerOptions:
    """`sapa worker --engine/--model/--language`: the recognizer of this worker (default: config)."""

    engine: str | None = None
    model: str | None = None
    language: str | None = None


OPTIONS = WorkerOptions()
_STATE: dict[int, tuple[App, Transcriber, Any]] = {}  # per process (prefork children fork after start)
_APPS: dict[int, App] = {}  # the database engine of a process that only scores (no model loaded)


def configure(options: WorkerOptions) -> None:
    global OPTIONS
    OPTIONS = options


def _state(settings: Settings) -> tuple[App, Transcriber, Any]:
    """This process's database engine and recognizer (the model loads once per worker process)."""
    pid = os.getpid()
    if pid not in _STATE:
        from asr.pool import Transcriber, engine_spec

        app, config = _app(settings), settings.asr

        def make(language: str | None) -> Transcriber:
            spec = engine_spec(config, OPTIONS.engine, OPTIONS.model, language)
            return Transcriber(config, spec, workers=1)

        per_call = make if OPTIONS.language is None and OPTIONS.model is None else None
        _STATE.clear()
        _STATE[pid] = (app, make(OPTIONS.language), per_call)
    return _STATE[pid]


def _app(settings: Settings) -> App:
    pid = os.getpid()
    if pid not in _APPS:
        _APPS.clear()
        _APPS[pid] = App(settings)
    return _APPS[pid]


def warm_up(settings: Settings, queues: list[str]) -> None:
    """Load what a worker's first job would otherwise pay for (the recognizer for ``asr``; the compiled
    checklists and the word analyser for ``score``), so that `ready` means ready at full speed."""
    if "asr" in queues:
        from asr.exceptions import AsrError

        try:
            _state(settings)[1].warm_up()
        except AsrError as exc:  # no model here: each transcription job fails with this reason, as before
            log.warning("recognizer not loaded: %s", exc)
    if "score" in queues:
        from qa.service import warm_up as warm_scoring

        try:
            with _app(settings).uow() as session:
                log.info("scoring warmed up: %d checklist(s) compiled", warm_scoring(session))
        except Exception as exc:  # never keeps the worker from starting: the first score job compiles then
            log.warning("scoring not warmed up: %s", one_line(exc))


def backoff(settings: Settings, retries: int) -> float:
    """Seconds before retry number ``retries`` + 1: doubling, capped below the visibility timeout."""
    config = settings.jobs
    cap = min(config.retry_backoff_max_s, config.visibility_timeout_s / 2)
    return float(min(cap, config.retry_backoff_s * 2**retries))


def _job_status(app: App, path: str) -> str | None:
    with app.uow() as session:
        job = JobRepository(session).latest_for_path(KIND, path)
        return job.status if job is not None else None


def transcribe(task: Task, settings: Settings, path: str, script: str) -> dict[str, Any]:
    from sapa.ingest import ingest_files

    app, transcriber, per_call = _state(settings)
    countdown = backoff(settings, task.request.retries)
    try:
        summary = ingest_files(
            app, [Path(path)], transcriber, script=script, transcriber_for=per_call, defer_scoring=True
        )
    except DatabaseFailed as exc:
        log.warning("%s: %s; retried in %.0f s", path, exc, countdown)
        raise task.retry(exc=exc, countdown=countdown) from exc
    try:
        queue_scoring(task.app, app, call_key(path))
    except (KombuError, SQLAlchemyError, OSError) as exc:  # the retry finds it transcribed, sends them
        log.warning("%s: score jobs not queued (%s); retried in %.0f s", path, exc, countdown)
        raise task.retry(exc=exc, countdown=countdown) from exc
    if summary.held:
        log.info("%s: held by another worker; checked again in %.0f s", path, countdown)
        raise task.retry(countdown=countdown)
    if summary.failed:
        reason = summary.failed[0][1]
        if _job_status(app, path) == "pending":
            log.warning("%s failed (%s); retried in %.0f s", path, reason, countdown)
            raise task.retry(countdown=countdown)
        log.error("%s failed for good: %s", path, reason)
    return {
        "done": summary.done,
        "failed": summary.failed,
        "skipped": summary.notes,
        "to_score": len(summary.to_score),
    }


def queue_scoring(celery: Celery, app: App, key: str) -> None:
    """Put the call's pending score jobs on the score queue: the ones this task recorded, and any whose
    message was lost (a broker down when the transcript was stored: the redelivered task sends it)."""
    with app.uow() as session:
        pending = JobRepository(session).pending(SCORE_KIND, key)
        jobs = [scoring.ScoreJob(job.key, *_transcript_and_script(job.key)) for job in pending]
    for job in jobs:
        celery.send_task(SCORE, args=[job.key, job.transcript_id, job.script])


def _transcript_and_script(key: str) -> tuple[int, str]:
    _kind, transcript_id, _version, script = key.split(":", 3)
    return int(transcript_id), script


def score(task: Task, settings: Settings, key: str, transcript_id: int, script: str) -> str:
    app = _app(settings)
    try:
        outcome = scoring.run(app, scoring.ScoreJob(key, transcript_id, script))
    except scoring.ScoreDatabaseFailed as exc:
        if task.request.retries >= (task.max_retries or 0):  # out of retries: failed, listed, retryable
            scoring.give_up(app, key, f"database unavailable: {exc}")
            raise
        countdown = backoff(settings, task.request.retries)
        log.warning("score job %s: %s; retried in %.0f s", key, exc, countdown)
        raise task.retry(exc=exc, countdown=countdown) from exc
    if outcome.startswith("failed"):
        log.error("score job %s %s", key, outcome)
    return outcome


def report(task: Task, settings: Settings, name: str, due_at: str | None = None) -> str:
    """Write (and mail) the due report of schedule ``name`` once per period: the report_runs row claimed
    first decides, so a message delivered twice or queued by two schedulers writes one report."""
    from sqlalchemy.exc import OperationalError

    from sapa.report_schedule import run_schedule

    try:
        now = datetime.fromisoformat(due_at) if due_at else None
        result = run_schedule(_app(settings), name, now)
    except OperationalError as exc:  # the claim was released, or is taken over once stale
        countdown = backoff(settings, task.request.retries)
        log.warning("report %s: database unavailable (%s); retried in %.0f s", name, exc, countdown)
        raise task.retry(exc=exc, countdown=countdown) from exc
    return f"written {result.path}" if result is not None else "nothing to do"


def register(celery: Celery, settings: Settings) -> None:
    """Add Sapa's tasks to ``celery`` (bound to these settings); every one acknowledged after it ran and
    given back when its worker process dies, with bounded retries."""
    options: dict[str, Any] = {
        "bind": True,
        "acks_late": True,
        "reject_on_worker_lost": True,
        "max_retries": settings.jobs.max_retries,
    }

    @celery.task(name="sapa.transcribe", **options)
    def sapa_transcribe(self: Task, path: str, script: str) -> dict[str, Any]:
        return transcribe(self, settings, path, script)

    @celery.task(name=SCORE, **options)
    def sapa_score(self: Task, key: str, transcript_id: int, script: str) -> str:
        return score(self, settings, key, transcript_id, script)

    @celery.task(name=REPORT, **options)
    def sapa_report(self: Task, name: str, due_at: str | None = None) -> str:
        return report(self, settings, name, due_at)
