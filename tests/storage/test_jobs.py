"""The job state machine on both databases: one winner per job, leases, attempts counted on failure."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import update

from sapa.wiring import App
from storage.models import IngestJob, utcnow
from storage.repositories.jobs import JobRepository, LostLease, job_key

SHA = "ab" * 32


def _new(app: App, key: str) -> None:
    with app.uow() as session:
        JobRepository(session).ensure("transcribe", key, path="/rec/a.wav", sha256=SHA, call_key="1.1")
        JobRepository(session).ensure("transcribe", key, path="/rec/a.wav", sha256=SHA, call_key="1.1")


def test_one_claim_wins_and_attempts_count_failures_not_claims(app: App) -> None:
    key = job_key("transcribe", SHA, "1.1")
    _new(app, key)
    with app.uow() as session:
        jobs = JobRepository(session)
        first = jobs.claim(key, "h:1", lease_s=60, max_attempts=2)
        assert first is not None and (first.status, first.attempts, first.claimed_by) == ("running", 0, "h:1")
        assert jobs.claim(key, "h:2", lease_s=60, max_attempts=2) is None  # held: one winner
        assert jobs.fail(first.id, "h:1", "corrupt", max_attempts=2) == "pending"  # retried later
        again = jobs.claim(key, "h:2", lease_s=60, max_attempts=2)
        assert again is not None and again.attempts == 1
        try:
            jobs.finish(again.id, "h:1", None)  # h:1 no longer holds it
            raise AssertionError("finish by a non-holder must fail")
        except LostLease:
            pass
        assert jobs.fail(again.id, "h:2", "corrupt again", max_attempts=2) == "failed"  # poison: bounded
        assert jobs.claim(key, "h:3", lease_s=60, max_attempts=5) is None
        [job] = jobs.list()
        assert (job.status, job.attempts, job.error) == ("failed", 2, "corrupt again")
        assert jobs.retry(job.id) and jobs.claim(key, "h:3", lease_s=60, max_attempts=2) is not None


def test_an_expired_lease_is_reclaimed_and_the_lost_attempt_counted(app: App) -> None:
    key = job_key("transcribe", SHA, "1.1")
    _new(app, key)
    with app.uow() as session:
        jobs = JobRepository(session)
        held = jobs.claim(key, "h:1", lease_s=60, max_attempts=2)
        assert held is not None
        session.execute(update(IngestJob).values(lease_expires_at=utcnow() - timedelta(seconds=1)))
        taken = jobs.claim(key, "h:2", lease_s=60, max_attempts=2)
        assert taken is not None and (taken.claimed_by, taken.attempts) == ("h:2", 1)
        assert "h:1" in (taken.error or "")
        jobs.finish(taken.id, "h:2", None)
        assert jobs.list()[0].status == "done"
        assert jobs.claim(key, "h:3", lease_s=60, max_attempts=5) is None  # done: never again


def test_a_job_held_by_a_dead_local_process_is_released_at_once(app: App) -> None:
    key = job_key("transcribe", SHA, "1.1")
    _new(app, key)
    dead = subprocess.run(
        [sys.executable, "-c", "print(__import__('os').getpid())"], capture_output=True, text=True
    )
    worker = f"{socket.gethostname()}:{dead.stdout.strip()}"
    with app.uow() as session:
        jobs = JobRepository(session)
        assert jobs.claim(key, worker, lease_s=3600, max_attempts=3) is not None
        assert jobs.claim(key, "other:1", lease_s=60, max_attempts=3) is None
        assert jobs.expire_dead_claims() == 1
        taken = jobs.claim(key, "other:1", lease_s=60, max_attempts=3)
        assert taken is not None and taken.attempts == 1
