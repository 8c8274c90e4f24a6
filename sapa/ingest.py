"""`sapa ingest`: recordings folder → transcripts → scores → database, idempotent and safe to run in parallel.

Each file becomes a ``transcribe`` job keyed by its content hash and call id (storage/repositories/jobs.py).
A run claims a job with a lease (claimed_by host:pid, renewed by a heartbeat), and stores the transcript
only while it still holds the claim, so however many runs (or hosts) see a file, one transcript and one
evaluation come out. A run killed mid-batch leaves its jobs running; the next run takes them over at once
on the same host (the process is gone) or after the lease expires elsewhere, counting one failed attempt.
The call is found by the uniqueid in the MixMonitor file name (so the transcript joins the IVR's survey
response for the same call) or created.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from asr.exceptions import AsrError
from asr.pipeline import TranscriptResult
from asr.pool import Transcriber
from asr.redact_audio import store_redacted_audio
from qa.service import score_and_store
from sapa.ingest_claim import Claimer, DatabaseFailed, Heartbeat, IngestSummary, one_line
from sapa.ingest_scan import TEMPORARY_NAME, being_written, call_key, recordings_in, scan, signature
from sapa.wiring import App
from scoring import TranscriptDoc
from storage.models import Call
from storage.repositories.calls import CallRepository
from storage.repositories.jobs import JobRepository, LostLease, worker_id
from storage.repositories.transcripts import TranscriptRepository, find_call

__all__ = [
    "TEMPORARY_NAME",
    "DatabaseFailed",
    "IngestSummary",
    "being_written",
    "call_key",
    "ingest_files",
    "recordings_in",
    "scan",
    "watch",
]

log = logging.getLogger(__name__)
MAX_PATH = 500  # calls.recording_path


def _call_for(session: Any, result: TranscriptResult) -> Call:
    key = call_key(result.path)
    call = find_call(session, key)
    if call is None:
        try:
            with session.begin_nested():  # another ingest may create the same call right now
                call = CallRepository(session).get_or_create(
                    key, source="asterisk", uniqueid=key, language=result.language
                )
        except IntegrityError:
            call = find_call(session, key)
            assert call is not None
    if call.recording_path is None and len(result.path) <= MAX_PATH:
        call.recording_path = result.path
    return call


class _Storer:
    def __init__(self, app: App, worker: str, max_attempts: int, summary: IngestSummary, script: str) -> None:
        self.app, self.worker, self.max_attempts = app, worker, max_attempts
        self.summary, self.script = summary, script
        self.defer_scoring = False
        self.recording: dict[str, str] = {}  # recording path -> the redacted copy stored as the call's

    def store(self, result: TranscriptResult, job_id: int) -> None:
        """Store one result; any error of this file fails only this file's job."""
        try:
            outcome = self._store(result, job_id)
        except LostLease:
            log.warning("%s: another ingest took this file over; its result is kept", result.path)
            self.summary.notes.append((result.path, "taken over by another ingest"))
            return
        except OperationalError as exc:
            raise DatabaseFailed(f"database write failed: {one_line(exc)}") from exc
        except SQLAlchemyError as exc:
            outcome = ("failed", f"could not store: {one_line(exc)}", None)
            self._fail_only(job_id, outcome[1])
        status, detail, problem = outcome
        if status == "failed":
            self.summary.failed.append((result.path, detail or ""))
            return
        redacted = self.recording.pop(result.path, result.path) != result.path
        if redacted and not self.app.settings.asr.keep_original_audio:  # after the copy is committed
            Path(result.path).unlink(missing_ok=True)
        self.summary.done.append(result.path)
        if self.defer_scoring:
            return
        if problem:
            self.summary.not_scored.append((result.path, problem))
        else:
            self.summary.scored += 1

    def _fail_only(self, job_id: int, error: str) -> None:
        try:
            with self.app.uow() as session:
                JobRepository(session).fail(job_id, self.worker, error, max_attempts=self.max_attempts)
        except LostLease:
            pass
        except SQLAlchemyError as exc:
            raise DatabaseFailed(f"database write failed: {one_line(exc)}") from exc

    def _store(self, result: TranscriptResult, job_id: int) -> tuple[str, str | None, str | None]:
        with self.app.uow() as session:
            jobs, transcripts = JobRepository(session), TranscriptRepository(session)
            jobs.hold(job_id, self.worker)  # first: on PostgreSQL this locks the job row until commit
            call = _call_for(session, result)
            if result.status != "done" or result.doc is None:
                error = result.error or "unknown error"
                if jobs.fail(job_id, self.worker, error, max_attempts=self.max_attempts, call_id=call.id) == (
                    "failed"
                ):
                    transcripts.save(
                        call,
                        engine=result.engine,
                        model=result.model,
                        language=result.language,
                        status="failed",
                        error=error,
                    )
                return "failed", error, None
            result.doc["call_id"] = call.external_id
            call.recording_path = self.recording[result.path] = _redacted_audio(self.app, result)
            transcript = transcripts.save(
                call,
                engine=result.engine,
                model=result.model,
                language=result.language,
                segments=result.doc["segments"],
                metrics=result.doc["metrics"],
                unredacted_segments=result.unredacted_segments,
            )
            jobs.finish(job_id, self.worker, call.id)
            if self.defer_scoring:  # scored by its own job (sapa/jobs/scoring.py), stored with the transcript
                from sapa.jobs.scoring import record

                job = record(session, call, transcript.id, self.script, call_key(result.path))
                self.summary.to_score.append(job)
                return "done", None, None
            problem = score_stored(session, call, transcript.id, result.doc, self.script)
        return "done", None, problem


def _redacted_audio(app: App, result: TranscriptResult) -> str:
    """The recording QA hears: PII beeped at its word times (asr.redact_audio), original kept for now."""
    config = app.settings.asr
    assert result.doc is not None
    try:
        return store_redacted_audio(
            result.path, result.doc["segments"], config.redaction_mask, mode=config.redact_audio
        )
    except AsrError as exc:  # the transcript is still stored; the original stays (logged loudly)
        log.error("PII NOT removed from the audio of %s: %s", result.path, exc)
        return result.path


def score_stored(
    session: Any, call: Call, transcript_id: int, doc: dict[str, Any], script: str
) -> str | None:
    """Score with the active version of ``script`` and save the evaluation; the reason if it could not."""
    savepoint = session.begin_nested()
    try:
        transcript = TranscriptDoc.model_validate({**doc, "script": script or None})
        score_and_store(session, transcript, script, call=call, transcript_id=transcript_id)
    except Exception as exc:  # scoring must never lose the stored transcript
        savepoint.rollback()
        log.warning("call %s not scored: %s", call.external_id, exc)
        return f"{exc.__class__.__name__}: {exc}"
    savepoint.commit()
    return None


def ingest_files(
    app: App,
    files: Iterable[Path],
    transcriber: Transcriber,
    *,
    script: str,
    on_result: Callable[[TranscriptResult], None] | None = None,
    transcriber_for: Callable[[str], Transcriber] | None = None,
    worker: str | None = None,
    defer_scoring: bool = False,
) -> IngestSummary:
    """Claim, transcribe, store and score ``files``. With ``transcriber_for``, a recording of a call the IVR
    stored in another language (Call.language) is transcribed by ``transcriber_for(language)``.
    ``defer_scoring``: record a score job with each transcript (``summary.to_score``) instead of scoring."""
    summary = IngestSummary()
    worker = worker or worker_id()
    max_attempts = transcriber.config.max_attempts
    claimer = Claimer(app, worker, max_attempts, summary)
    claimer.expire_dead()
    storer = _Storer(app, worker, max_attempts, summary, script)
    storer.defer_scoring = defer_scoring
    held: dict[str, int] = {}  # claimed and not yet stored: given back if the run stops
    paths = [str(f) for f in files]
    try:
        with Heartbeat(app, worker), ExitStack() as pools:
            for chosen, group in _by_language(app, paths, transcriber, transcriber_for).items():
                if getattr(chosen, "_pool", None) is None:  # one pool for all chunks (models load once)
                    pools.enter_context(chosen)
                step = max(1, chosen.workers)  # claim only what the pool starts now: a kill strands little
                for start in range(0, len(group), step):
                    chunk = group[start : start + step]
                    held.update(claimer.claim_all(Path(p) for p in chunk))
                    for result in chosen.run([p for p in chunk if p in held]):
                        storer.store(result, held.pop(result.path))
                        if on_result:
                            on_result(result)
    finally:
        if held:  # Ctrl+C or a database failure: give the rest back at once, no attempt counted
            _release(app, worker, list(held.values()))
    return summary


def _release(app: App, worker: str, job_ids: list[int]) -> None:
    try:
        with app.uow() as session:
            JobRepository(session).release(worker, job_ids)
    except SQLAlchemyError as exc:  # the lease expires on its own
        log.warning("could not release %d jobs: %s", len(job_ids), one_line(exc))


def _by_language(
    app: App, paths: list[str], default: Transcriber, transcriber_for: Callable[[str], Transcriber] | None
) -> dict[Transcriber, list[str]]:
    groups: dict[Transcriber, list[str]] = {}
    chosen: dict[str, Transcriber] = {default.spec.language: default}
    for path in paths:
        language = default.spec.language
        if transcriber_for is not None:
            with app.uow() as session:
                call = find_call(session, call_key(path))
                language = call.language if call is not None and call.language else language
        if language not in chosen:
            try:
                chosen[language] = transcriber_for(language) if transcriber_for else default
            except AsrError as exc:
                log.warning("no %s model (%s); using %s", language, exc, default.spec.language)
                chosen[language] = default
        groups.setdefault(chosen[language], []).append(path)
    return groups


def watch(
    app: App,
    directory: str | Path,
    transcriber: Transcriber,
    *,
    script: str,
    interval_s: float,
    cycles: int | None = None,
    on_summary: Callable[[IngestSummary], None] | None = None,
    transcriber_for: Callable[[str], Transcriber] | None = None,
) -> None:
    """Scan ``directory`` every ``interval_s``; a file is ingested once its size and modification time
    stayed the same between two scans and for ``ingest.stable_s``."""
    last: dict[Path, tuple[int, int]] = {}
    handled: set[tuple[Path, int, int]] = set()
    refused: set[Path] = set()
    cycle = 0
    with transcriber:  # one worker pool, models loaded once, for the whole watch
        while cycles is None or cycle < cycles:
            found = scan(directory, app.settings.ingest.stable_s)
            current = {}
            for path in found.ready + found.waiting:
                try:
                    current[path] = signature(path)
                except OSError:  # vanished between the scan and now
                    continue
            stable = [p for p in found.ready if p in current and last.get(p) == current[p]]
            stable = [p for p in stable if (p, *current[p]) not in handled]
            new_refused = [(str(p), why) for p, why in found.refused if p not in refused]
            refused.update(p for p, _ in found.refused)  # said once per watch, not every scan
            summary = IngestSummary()
            if stable:
                summary = ingest_files(
                    app, stable, transcriber, script=script, transcriber_for=transcriber_for
                )
                again = {path for path, _ in summary.failed} | set(summary.held)
                handled.update((p, *current[p]) for p in stable if str(p) not in again)
            summary.notes[:0] = new_refused
            if on_summary and (summary.done or summary.failed or new_refused):
                on_summary(summary)
            last = current
            cycle += 1
            if cycles is None or cycle < cycles:
                time.sleep(interval_s)
