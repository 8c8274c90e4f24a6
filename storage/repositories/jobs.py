"""Background jobs (today: transcribing one recording) as a state machine in the database.

Every transition is one conditional UPDATE, so the database, not a process's memory, decides the single
winner when several `sapa ingest` runs (or workers on several hosts) see the same file:

    pending --claim--> running --finish--> done
                          |--fail-------> pending (attempts < max) | failed (out of attempts)
                          |--lease expired / claimer dead, reclaimed: the lost attempt is counted

``attempts`` counts failures (a worker that died holding the job is one), never claims.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.exceptions import StorageError
from storage.models import IngestJob, utcnow

MAX_ERROR_CHARS = 2000


class LostLease(StorageError):
    """This worker no longer holds the job (its lease expired and another worker reclaimed it)."""


def host_id() -> str:
    """This host's name in ``claimed_by``: ``SAPA_HOST_ID`` if set (containers that share one hostname must
    set distinct ones, or each would take the others' pids for its own), else the hostname."""
    return os.environ.get("SAPA_HOST_ID") or socket.gethostname()


def worker_id() -> str:
    """``host:pid`` of this process, as stored in ``claimed_by``."""
    return f"{host_id()}:{os.getpid()}"


def job_key(kind: str, sha256: str, call_key: str | None = None) -> str:
    """Idempotency key: job kind + recording content hash + call id."""
    return f"{kind}:{sha256}:{call_key or ''}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


class JobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_key(self, key: str) -> IngestJob | None:
        stmt = select(IngestJob).where(IngestJob.key == key)
        return self.session.scalar(stmt.execution_options(populate_existing=True))

    def by_content(self, kind: str, sha256: str) -> IngestJob | None:
        """The first job of ``kind`` for this recording content (any call): a copy under another name."""
        stmt = select(IngestJob).where(IngestJob.kind == kind, IngestJob.sha256 == sha256)
        return self.session.scalars(stmt.order_by(IngestJob.id).limit(1)).first()

    def latest_for_path(self, kind: str, path: str) -> IngestJob | None:
        stmt = select(IngestJob).where(IngestJob.kind == kind, IngestJob.path == path)
        return self.session.scalars(stmt.order_by(IngestJob.id.desc()).limit(1)).first()

    def pending(self, kind: str, call_key: str) -> list[IngestJob]:
        """The pending jobs of ``kind`` for one call."""
        stmt = select(IngestJob).where(
            IngestJob.kind == kind, IngestJob.call_key == call_key, IngestJob.status == "pending"
        )
        return list(self.session.scalars(stmt.order_by(IngestJob.id)))

    def ensure(self, kind: str, key: str, *, path: str, sha256: str, call_key: str | None = None) -> None:
        """Create the job unless its key exists (INSERT ... ON CONFLICT DO NOTHING: no race, no error)."""
        values = {
            "kind": kind,
            "key": key,
            "path": path,
            "sha256": sha256,
            "call_key": call_key,
            "status": "pending",
            "attempts": 0,
            "created_at": utcnow(),
            "updated_at": utcnow(),
        }
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        self.session.execute(
            insert(IngestJob).values(**values).on_conflict_do_nothing(index_elements=["key"])
        )

    def expire_dead_claims(self, host: str | None = None) -> int:
        """End the lease of jobs claimed by processes of this host that no longer exist (kill -9)."""
        host = host or host_id()
        stmt = select(IngestJob.id, IngestJob.claimed_by).where(
            IngestJob.status == "running", IngestJob.claimed_by.like(f"{host}:%")
        )
        dead = []
        for job_id, claimed_by in self.session.execute(stmt):
            claimer_host, _, pid = str(claimed_by).rpartition(":")
            if claimer_host == host and pid.isdigit() and not _pid_alive(int(pid)):  # LIKE treats _ as any
                dead.append(job_id)
        if not dead:
            return 0
        past = utcnow() - timedelta(seconds=1)
        self.session.execute(
            update(IngestJob)
            .where(IngestJob.id.in_(dead), IngestJob.status == "running")
            .values(lease_expires_at=past)
        )
        return len(dead)

    def claim(self, key: str, worker: str, *, lease_s: float, max_attempts: int) -> IngestJob | None:
        """Take the job if it is pending, or running with an expired lease (that lost attempt is counted).

        Returns the job (status running, claimed_by ``worker``) or None: done, failed, or held by another.
        """
        now = utcnow()
        expired = and_(IngestJob.status == "running", IngestJob.lease_expires_at < now)
        self.session.execute(  # a reclaimed job whose last attempt was lost ends failed
            update(IngestJob)
            .where(IngestJob.key == key, expired, IngestJob.attempts + 1 >= max_attempts)
            .values(
                status="failed",
                attempts=IngestJob.attempts + 1,
                error="the worker " + IngestJob.claimed_by + " stopped while holding the job (killed?)",
                claimed_by=None,
                lease_expires_at=None,
                updated_at=now,
            )
        )
        result = self.session.execute(
            update(IngestJob)
            .where(
                IngestJob.key == key,
                or_(and_(IngestJob.status == "pending", IngestJob.attempts < max_attempts), expired),
            )
            .values(
                attempts=case(
                    (IngestJob.status == "running", IngestJob.attempts + 1), else_=IngestJob.attempts
                ),
                error=case(
                    (
                        IngestJob.status == "running",
                        "the worker " + IngestJob.claimed_by + " stopped while holding the job (killed?)",
                    ),
                    else_=IngestJob.error,
                ),
                status="running",
                claimed_by=worker,
                lease_expires_at=now + timedelta(seconds=lease_s),
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return self.by_key(key)

    def hold(self, job_id: int, worker: str) -> None:
        """Confirm (and lock, on PostgreSQL) that ``worker`` still holds the job; LostLease otherwise."""
        result = self.session.execute(
            update(IngestJob)
            .where(IngestJob.id == job_id, IngestJob.claimed_by == worker, IngestJob.status == "running")
            .values(updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise LostLease(f"job {job_id} is no longer held by {worker}")

    def finish(self, job_id: int, worker: str, call_id: int | None) -> None:
        self.hold(job_id, worker)
        self.session.execute(
            update(IngestJob)
            .where(IngestJob.id == job_id)
            .values(status="done", error=None, claimed_by=None, lease_expires_at=None, call_id=call_id)
            .execution_options(synchronize_session=False)
        )

    def fail(
        self, job_id: int, worker: str, error: str, *, max_attempts: int, call_id: int | None = None
    ) -> str:
        """Count one failed attempt: back to pending (retried later) or failed when out of attempts."""
        self.hold(job_id, worker)
        values: dict[str, object] = {
            "attempts": IngestJob.attempts + 1,
            "status": case((IngestJob.attempts + 1 >= max_attempts, "failed"), else_="pending"),
            "error": error[:MAX_ERROR_CHARS],
            "claimed_by": None,
            "lease_expires_at": None,
        }
        if call_id is not None:
            values["call_id"] = call_id
        self.session.execute(
            update(IngestJob)
            .where(IngestJob.id == job_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        status = self.session.scalar(select(IngestJob.status).where(IngestJob.id == job_id))
        return str(status)

    def renew(self, worker: str, lease_s: float) -> int:
        """Heartbeat: extend the lease of every job ``worker`` holds."""
        result = self.session.execute(
            update(IngestJob)
            .where(IngestJob.claimed_by == worker, IngestJob.status == "running")
            .values(lease_expires_at=utcnow() + timedelta(seconds=lease_s))
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def release(self, worker: str, job_ids: Sequence[int] | None = None) -> None:
        """Give jobs back unfinished (Ctrl+C): pending again, no attempt counted."""
        stmt = update(IngestJob).where(IngestJob.claimed_by == worker, IngestJob.status == "running")
        if job_ids is not None:
            stmt = stmt.where(IngestJob.id.in_(list(job_ids)))
        self.session.execute(
            stmt.values(status="pending", claimed_by=None, lease_expires_at=None).execution_options(
                synchronize_session=False
            )
        )

    def retry(self, job_id: int) -> bool:
        """An operator's retry of a failed job: pending again with a fresh attempt budget."""
        result = self.session.execute(
            update(IngestJob)
            .where(IngestJob.id == job_id, IngestJob.status == "failed")
            .values(status="pending", attempts=0, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def list(self, status: str | None = None) -> list[IngestJob]:
        stmt = select(IngestJob).order_by(IngestJob.id)
        if status:
            stmt = stmt.where(IngestJob.status == status)
        return list(self.session.scalars(stmt.execution_options(populate_existing=True)))
