"""`sapa ingest`: recordings folder → transcripts → scores → database, idempotent by content hash.

Each file is hashed; an IngestJob per hash makes re-runs skip finished files and retry failed ones at most
``asr.max_attempts`` times. The call is found by the uniqueid in the MixMonitor file name (so the transcript
joins the survey response the IVR stored for the same call) or created.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asr.audio import AUDIO_SUFFIXES
from asr.exceptions import AsrError
from asr.pipeline import TranscriptResult
from asr.pool import Transcriber
from asr.redact_audio import is_redacted_copy, store_redacted_audio
from qa.service import score_and_store
from sapa.wiring import App
from scoring import TranscriptDoc
from storage.models import Call, IngestJob
from storage.repositories.calls import CallRepository
from storage.repositories.transcripts import IngestJobRepository, TranscriptRepository, find_call

log = logging.getLogger(__name__)
UNIQUEID = re.compile(r"\d{9,11}\.\d+")


@dataclass
class IngestSummary:
    done: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    scored: int = 0
    not_scored: list[tuple[str, str]] = field(default_factory=list)


def call_key(path: str | Path) -> str:
    """Asterisk uniqueid from a MixMonitor file name (``1700000000.42.wav``, ``in-...-1700000000.42.wav``)."""
    found = UNIQUEID.findall(Path(path).name)
    return found[-1] if found else Path(path).stem


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def recordings_in(directory: str | Path) -> list[Path]:
    found = (p for p in Path(directory).rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES)
    return sorted(p for p in found if not is_redacted_copy(p) and not being_written(p))


# MixMonitor's per-leg and mixed files while a call is recorded (docs/asterisk/extensions_sapa.conf), and
# files renamed into place when complete (.part) or hidden: never recordings to ingest.
TEMPORARY_NAME = re.compile(r"(-(caller|agent|mix)|\.part)$|^\.", re.IGNORECASE)
# A WAV Asterisk is still writing has a zero RIFF size (filled in on close); after this long it is
# ingested anyway (and fails with a clear reason) rather than ignored for ever.
OPEN_WAV_GRACE_S = 4 * 3600.0


def being_written(path: Path, now: float | None = None) -> bool:
    """True for a file a recorder is still writing: MixMonitor's temporary names, or a WAV whose header
    Asterisk has not completed yet (it writes the sizes when it closes the file)."""
    if TEMPORARY_NAME.search(path.stem):
        log.debug("ignored (temporary recording name): %s", path)
        return True
    if path.suffix.lower() != ".wav":
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
        stat = path.stat()
    except OSError:
        return True  # vanished or unreadable right now: a later scan decides
    unclosed = head[:4] == b"RIFF" and head[8:12] == b"WAVE" and head[4:8] == b"\0\0\0\0"
    if unclosed and stat.st_size > 44 and (now or time.time()) - stat.st_mtime < OPEN_WAV_GRACE_S:
        log.info("not ingested yet (the recorder is still writing it): %s", path)
        return True
    return False


def _claim(app: App, files: Iterable[Path], max_attempts: int, summary: IngestSummary) -> dict[str, int]:
    """path → job id for the files to transcribe now; others are counted as skipped."""
    todo: dict[str, int] = {}
    seen: set[str] = set()
    for path in files:
        digest = sha256_of(path)
        job = None
        if digest not in seen:
            with app.uow() as session:
                claimed = IngestJobRepository(session).claim(str(path), digest, max_attempts)
                job = claimed.id if claimed else None
        seen.add(digest)
        if job is None:
            summary.skipped.append(str(path))
        else:
            todo[str(path)] = job
    return todo


def _call_for(session: Any, result: TranscriptResult) -> Call:
    key = call_key(result.path)
    call = find_call(session, key) or CallRepository(session).get_or_create(
        key, source="asterisk", uniqueid=key, language=result.language
    )
    if call.recording_path is None:
        call.recording_path = result.path
    return call


def _store(
    app: App, result: TranscriptResult, job_id: int, max_attempts: int, summary: IngestSummary, script: str
) -> None:
    with app.uow() as session:
        job = session.get(IngestJob, job_id)
        assert job is not None
        call = _call_for(session, result)
        jobs, transcripts = IngestJobRepository(session), TranscriptRepository(session)
        if result.status != "done" or result.doc is None:
            jobs.fail(job, result.error or "unknown error", call)
            if job.attempts >= max_attempts:
                transcripts.save(
                    call,
                    engine=result.engine,
                    model=result.model,
                    language=result.language,
                    status="failed",
                    error=result.error,
                )
            summary.failed.append((result.path, result.error or ""))
            return
        result.doc["call_id"] = call.external_id
        call.recording_path = recording = _redacted_audio(app, result)
        transcript = transcripts.save(
            call,
            engine=result.engine,
            model=result.model,
            language=result.language,
            segments=result.doc["segments"],
            metrics=result.doc["metrics"],
            unredacted_segments=result.unredacted_segments,
        )
        jobs.finish(job, call)
        summary.done.append(result.path)
        problem = score_stored(session, call, transcript.id, result.doc, script)
        if problem:
            summary.not_scored.append((result.path, problem))
        else:
            summary.scored += 1
    if recording != result.path and not app.settings.asr.keep_original_audio:
        Path(result.path).unlink(missing_ok=True)  # only after the redacted copy is committed as the call's


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
) -> IngestSummary:
    """Claim, transcribe, store and score ``files``. With ``transcriber_for``, a recording of a call the IVR
    stored in another language (Call.language) is transcribed by ``transcriber_for(language)``."""
    summary = IngestSummary()
    max_attempts = transcriber.config.max_attempts
    todo = _claim(app, files, max_attempts, summary)
    for chosen, paths in _by_language(app, list(todo), transcriber, transcriber_for).items():
        for result in chosen.run(paths):
            _store(app, result, todo[result.path], max_attempts, summary, script)
            if on_result:
                on_result(result)
    return summary


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
    """Scan ``directory`` every ``interval_s``; a file is ingested once its size stopped changing."""
    last: dict[Path, tuple[int, float]] = {}
    handled: set[tuple[Path, int, float]] = set()
    cycle = 0
    with transcriber:  # one worker pool, models loaded once, for the whole watch
        while cycles is None or cycle < cycles:
            current = {p: (p.stat().st_size, p.stat().st_mtime) for p in recordings_in(directory)}
            stable = [p for p, sig in current.items() if last.get(p) == sig and (p, *sig) not in handled]
            if stable:
                summary = ingest_files(
                    app, stable, transcriber, script=script, transcriber_for=transcriber_for
                )
                failed = {path for path, _ in summary.failed}
                handled.update((p, *current[p]) for p in stable if str(p) not in failed)
                if on_summary and (summary.done or summary.failed):
                    on_summary(summary)
            last = current
            cycle += 1
            if cycles is None or cycle < cycles:
                time.sleep(interval_s)
