"""The celery back end's submitting side: record each job in the database, then put it on the broker."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from kombu.exceptions import KombuError
from sqlalchemy.exc import SQLAlchemyError

from sapa.exceptions import SapaError
from sapa.ingest_claim import KIND
from sapa.ingest_scan import call_key, sha256_of
from sapa.jobs import Submitted
from sapa.jobs.celery_app import REPORT, SCORE, TRANSCRIBE, create_celery, priority
from sapa.jobs.scoring import KIND as SCORE_KIND
from sapa.jobs.scoring import ScoreJob
from sapa.wiring import App
from storage.models import IngestJob
from storage.repositories.jobs import JobRepository, job_key

log = logging.getLogger(__name__)
RETRY = {
    "max_retries": 3,
    "interval_start": 0.5,
    "interval_step": 1.0,
    "interval_max": 3.0,
}


class BrokerUnavailable(SapaError):
    """The broker refused the job (down, wrong URL, bad credentials)."""


class CeleryQueue:
    def __init__(self, app: App) -> None:
        self.app = app

    def _record(self, path: Path) -> str | None:
        """Create the pending job (listed by `sapa jobs`); the reason when there is nothing to queue."""
        digest, key = sha256_of(path), call_key(path)
        with self.app.uow() as session:
            jobs = JobRepository(session)
            same = jobs.by_content(KIND, digest)
            if same is not None and same.call_key != key:
                return f"same recording as {same.path}"
            existing = jobs.by_key(job_key(KIND, digest, key))
            if existing is not None and existing.status == "done":
                return "already ingested"
            if existing is not None and existing.status == "failed":
                return f"failed {existing.attempts} times ({existing.error}); `sapa jobs retry {existing.id}`"
            jobs.ensure(
                KIND,
                job_key(KIND, digest, key),
                path=str(path),
                sha256=digest,
                call_key=key,
            )
        return None

    def send(self, paths: Sequence[str], *, script: str) -> None:
        """Put jobs already recorded in the database on the broker (`sapa jobs retry`)."""
        celery = create_celery(self.app.settings)
        try:
            for path in paths:
                celery.send_task(TRANSCRIBE, args=[path, script], retry_policy=RETRY)
        except KombuError as exc:
            raise BrokerUnavailable(f"broker unreachable ({exc})") from exc
        finally:
            celery.close()

    def requeue(self, job_id: int) -> None:
        """Put a job made pending again (`sapa jobs retry`, the admins' Retry) back on the broker as the
        task of its kind: a score job on the score queue, a recording on the ASR queue."""
        with self.app.uow() as session:
            job = session.get(IngestJob, job_id)
            if job is None:
                raise SapaError(f"job {job_id} does not exist")
            kind, key, path = job.kind, job.key, job.path
        if kind == SCORE_KIND:
            _kind, transcript_id, _version, script = key.split(":", 3)
            self.send_scores([ScoreJob(key, int(transcript_id), script)])
        else:
            self.send([path], script=self.app.settings.scoring.default_script)

    def send_scores(self, jobs: Sequence[ScoreJob]) -> None:
        """Put score jobs recorded in the database on the score queue (`sapa jobs rescore`)."""
        celery = create_celery(self.app.settings)
        try:
            for job in jobs:
                celery.send_task(
                    SCORE,
                    args=[job.key, job.transcript_id, job.script],
                    retry_policy=RETRY,
                )
        except KombuError as exc:
            raise BrokerUnavailable(f"broker unreachable ({exc}); the jobs stay pending") from exc
        finally:
            celery.close()

    def send_reports(self, names: Sequence[str], due_at: datetime) -> None:
        """Put the reports of these schedules due at ``due_at`` on the score queue (written once per period
        by a worker; the time travels in the message, so a late worker writes the period meant)."""
        celery = create_celery(self.app.settings)
        try:
            for name in names:
                celery.send_task(REPORT, args=[name, due_at.isoformat()], retry_policy=RETRY)
        except KombuError as exc:
            raise BrokerUnavailable(f"broker unreachable ({exc}); no report queued") from exc
        finally:
            celery.close()

    def submit(self, files: Sequence[Path], *, script: str) -> Submitted:
        """Queue every file that is not done yet. Paths are sent absolute: workers on other hosts must see
        the recordings share at the same path."""
        out = Submitted()
        limit = self.app.settings.jobs.short_recording_s
        celery = create_celery(self.app.settings)
        try:
            for file in files:
                path = Path(file).absolute()
                try:
                    why = self._record(path)
                except OSError as exc:
                    out.skipped.append((str(path), f"cannot read: {exc.strerror or exc}"))
                    continue
                if why:
                    out.skipped.append((str(path), why))
                    continue
                try:
                    celery.send_task(
                        TRANSCRIBE,
                        args=[str(path), script],
                        retry_policy=RETRY,
                        priority=priority(self.app.settings.jobs, _is_short(path, limit)),
                    )
                except KombuError as exc:  # the job stays pending in the database; a later run queues it
                    raise BrokerUnavailable(f"broker unreachable ({exc}); {len(out.queued)} queued") from exc
                out.queued.append(str(path))
        finally:
            celery.close()
        return out


def watch_enqueue(
    app: App,
    folder: Path,
    *,
    script: str,
    interval_s: float,
    on_cycle: Callable[[Submitted], None],
    cycles: int | None = None,
) -> None:
    """`sapa ingest --watch --enqueue`: every ``interval_s``, queue the recordings that are complete (the
    same size and time on two scans in a row and for ``ingest.stable_s``) and not yet queued by this
    watch; each version of a file is sent once (the database turns a repeat into "already ingested")."""
    from sapa.ingest_scan import scan, signature

    sent: set[tuple[Path, int, int]] = set()
    last: dict[Path, tuple[int, int]] = {}
    cycle = 0
    while cycles is None or cycle < cycles:
        found = scan(folder, app.settings.ingest.stable_s)
        fresh: dict[Path, tuple[int, int]] = {}
        for path in found.ready:
            try:
                fresh[path] = signature(path)
            except OSError:  # vanished between the scan and now
                continue
        todo = [p for p, sig in fresh.items() if last.get(p) == sig and (p, *sig) not in sent]
        last = fresh
        if todo:
            try:
                submitted = CeleryQueue(app).submit(todo, script=script)
            except (SapaError, SQLAlchemyError) as exc:  # broker or database away: the next scan sends them
                log.warning("watch: %d recordings not queued yet: %s", len(todo), exc)
            else:
                sent.update((p, *fresh[p]) for p in todo)
                on_cycle(submitted)
        sent = {entry for entry in sent if entry[0] in fresh}  # forget files that left the folder
        cycle += 1
        if cycles is None or cycle < cycles:
            time.sleep(interval_s)


def _is_short(path: Path, limit_s: float) -> bool:
    """Whether the recording lasts at most ``limit_s`` (from its header; unknown: not short)."""
    import soundfile

    try:
        return limit_s > 0 and soundfile.info(str(path)).duration <= limit_s
    except (RuntimeError, OSError, ValueError):  # not a format libsndfile reads: queued as a long one
        return False
