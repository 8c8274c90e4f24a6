"""Ingest jobs in every state, made by the real job repository (the state machine workers use)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage.repositories.jobs import JobRepository, job_key

POISON = "cannot decode audio: not a WAV file (poison.wav)"


def make_jobs(session: Session, queued: int = 2) -> dict[str, int]:
    """``queued`` pending jobs, one running, one held (lease expired), one failed, one done: name -> id."""
    repo = JobRepository(session)
    ids: dict[str, int] = {}

    def new(name: str) -> str:  # paths are neutral codes: page text, not words the i18n test reads
        code = f"rec-{len(ids) + 1:03d}"
        sha = f"{len(ids) + 1:064x}"
        key = job_key("transcribe", sha, code)
        repo.ensure("transcribe", key, path=f"/spool/{code}.wav", sha256=sha, call_key=code)
        job = repo.by_key(key)
        assert job is not None
        ids[name] = job.id
        return key

    for i in range(queued):
        new(f"queued{i}")
    assert repo.claim(new("running"), "worker-a:101", lease_s=3600, max_attempts=3)
    assert repo.claim(new("held"), "worker-b:202", lease_s=-60, max_attempts=3)  # its lease has run out
    failed = repo.claim(new("poison"), "worker-a:101", lease_s=3600, max_attempts=1)
    assert failed is not None
    assert repo.fail(failed.id, "worker-a:101", POISON, max_attempts=1) == "failed"
    done = repo.claim(new("done"), "worker-a:101", lease_s=3600, max_attempts=3)
    assert done is not None
    repo.finish(done.id, "worker-a:101", None)
    session.flush()
    return ids
