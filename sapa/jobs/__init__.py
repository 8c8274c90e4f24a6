"""Ingest jobs behind one interface, two back ends chosen by ``jobs.backend`` in config.yaml.

* ``embedded``: `sapa ingest` claims, transcribes, stores and scores in its own process pool (sapa/ingest.py).
* ``celery``: `sapa ingest` only records each job in the database and puts it on the broker (Redis or
  RabbitMQ); `sapa worker` processes on any number of hosts run them (sapa/jobs/tasks.py).

Both go through the same database state machine (storage/repositories/jobs.py): the database, not the
broker, decides that one recording gives one transcript and one current evaluation, so a message delivered
twice (a worker killed before it acknowledged, a file submitted twice) never gives two results.
Nothing here imports Celery until the celery back end is used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sapa.ingest_claim import IngestSummary
from sapa.wiring import App

if TYPE_CHECKING:
    from asr.pipeline import TranscriptResult
    from asr.pool import Transcriber

__all__ = ["EmbeddedQueue", "JobQueue", "Submitted", "job_queue"]


@dataclass
class Submitted:
    """What a submission did: ran the files now (embedded) or queued them (celery)."""

    ran: IngestSummary | None = None
    queued: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


class JobQueue(Protocol):
    def submit(self, files: Sequence[Path], *, script: str) -> Submitted:
        """Transcribe, store and score ``files`` (now or by a worker): at most one result per recording."""
        ...


@dataclass
class EmbeddedQueue:
    """Today's `sapa ingest`: this process claims and runs the jobs in its own pool."""

    app: App
    transcriber: Transcriber
    transcriber_for: Callable[[str], Transcriber] | None = None
    on_result: Callable[[TranscriptResult], None] | None = None

    def submit(self, files: Sequence[Path], *, script: str) -> Submitted:
        from sapa.ingest import ingest_files

        summary = ingest_files(
            self.app,
            files,
            self.transcriber,
            script=script,
            on_result=self.on_result,
            transcriber_for=self.transcriber_for,
        )
        return Submitted(ran=summary)


def job_queue(app: App, transcriber: Transcriber | None = None, **embedded: object) -> JobQueue:
    """The back end config.yaml chooses (``jobs.backend``); the embedded one needs ``transcriber``."""
    if app.settings.jobs.backend == "celery":
        from sapa.jobs.celery_queue import CeleryQueue

        return CeleryQueue(app)
    assert transcriber is not None, "the embedded back end transcribes in this process"
    return EmbeddedQueue(app, transcriber, **embedded)  # type: ignore[arg-type]
