"""Claiming recordings for `sapa ingest`: the job per file, its lease and the heartbeat that renews it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from sapa.exceptions import SapaError
from sapa.ingest_scan import call_key, sha256_of, signature
from sapa.wiring import App
from storage.repositories.jobs import JobRepository, job_key

log = logging.getLogger(__name__)
KIND = "transcribe"


class DatabaseFailed(SapaError):
    """The database refused a write every file needs (unreachable, disk full, read-only): stop the batch."""


@dataclass
class IngestSummary:
    done: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # why a file was skipped, when not just "done"
    held: list[str] = field(default_factory=list)  # skipped because another ingest holds them right now
    scored: int = 0
    not_scored: list[tuple[str, str]] = field(default_factory=list)
    to_score: list[Any] = field(default_factory=list)  # score jobs recorded (defer_scoring)


def one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return f"{orig.__class__.__name__}: {text[0] if text else ''}"


def _why_not(job: Any) -> str | None:
    if job is None or job.status == "done":
        return None
    if job.status == "running":
        return f"being ingested by {job.claimed_by}"
    if job.status == "failed":
        return f"failed {job.attempts} times, not retried ({job.error}); `sapa jobs retry {job.id}`"
    return "out of attempts"


class Claimer:
    def __init__(self, app: App, worker: str, max_attempts: int, summary: IngestSummary) -> None:
        self.app, self.worker, self.max_attempts, self.summary = app, worker, max_attempts, summary
        self.lease_s = app.settings.ingest.lease_s

    def skip(self, path: Path, why: str | None) -> None:
        self.summary.skipped.append(str(path))
        if why:
            self.summary.notes.append((str(path), why))

    def claim(self, path: Path) -> int | None:
        """The job id to run now, or None (skipped, with the reason noted)."""
        try:
            before = signature(path)
            digest = sha256_of(path)
            grew = signature(path) != before
        except OSError as exc:
            self.summary.failed.append((str(path), f"cannot read: {exc.strerror or exc}"))
            return None
        if grew:
            self.skip(path, "still being written; taken on a later run")
            return None
        key = call_key(path)
        with self.app.uow() as session:
            jobs = JobRepository(session)
            same = jobs.by_content(KIND, digest)
            if same is not None and same.call_key != key:
                self.skip(path, f"same recording as {same.path}")
                return None
            previous = jobs.latest_for_path(KIND, str(path))
            if previous is not None and previous.sha256 != digest and previous.status == "done":
                self.skip(path, "changed after it was ingested; not transcribed again")
                return None
            job_key_ = job_key(KIND, digest, key)
            jobs.ensure(KIND, job_key_, path=str(path), sha256=digest, call_key=key)
            job = jobs.claim(job_key_, self.worker, lease_s=self.lease_s, max_attempts=self.max_attempts)
            if job is None:
                current = jobs.by_key(job_key_)
                if current is not None and current.status == "running":
                    self.summary.held.append(str(path))
                self.skip(path, _why_not(current))
                return None
            return job.id

    def expire_dead(self) -> None:
        """Jobs held by ingest processes of this host that are gone (kill -9) are taken over at once."""
        try:
            with self.app.uow() as session:
                JobRepository(session).expire_dead_claims()
        except SQLAlchemyError as exc:
            raise DatabaseFailed(f"database write failed: {one_line(exc)}") from exc

    def claim_all(self, files: Iterable[Path]) -> dict[str, int]:
        todo: dict[str, int] = {}
        for path in files:
            try:
                job_id = self.claim(path)
            except OperationalError as exc:
                raise DatabaseFailed(f"database write failed: {one_line(exc)}") from exc
            except SQLAlchemyError as exc:  # this file's values (e.g. too long for a column): only this file
                self.summary.failed.append((str(path), one_line(exc)))
                continue
            if job_id is not None:
                todo[str(path)] = job_id
        return todo


class Heartbeat:
    """Renews the leases of this worker's jobs every ``interval_s`` while transcription runs."""

    def __init__(self, app: App, worker: str) -> None:
        self.app, self.worker = app, worker
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="ingest-heartbeat", daemon=True)

    def _run(self) -> None:
        config = self.app.settings.ingest
        while not self.stop.wait(config.heartbeat_s):
            try:
                with self.app.uow() as session:
                    JobRepository(session).renew(self.worker, config.lease_s)
            except SQLAlchemyError as exc:  # the next beat tries again; the lease covers a few misses
                log.warning("ingest heartbeat failed: %s", one_line(exc))

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join()
