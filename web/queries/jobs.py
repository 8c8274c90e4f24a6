"""Ingest jobs as the admins' page shows them: counts per state (one GROUP BY) and one page of jobs.

The page's states are the stored status, with a running job whose lease has expired shown apart as
``held``: a worker claimed it and stopped renewing (killed, host down); the next claim takes it over and
counts the lost attempt (storage/repositories/jobs.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from storage.models import IngestJob, utcnow

STATES = ("queued", "running", "held", "failed", "done")


def _state(now: datetime) -> ColumnElement[str]:
    """The page's state of a job, in SQL (so counts and filters agree)."""
    expired = and_(IngestJob.lease_expires_at.is_not(None), IngestJob.lease_expires_at < now)
    return case(
        (IngestJob.status == "pending", "queued"),
        (and_(IngestJob.status == "running", expired), "held"),
        else_=IngestJob.status,
    )


@dataclass
class JobRow:
    id: int
    kind: str
    path: str
    call_key: str | None
    state: str
    attempts: int
    claimed_by: str | None
    lease_expires_at: datetime | None
    error: str | None
    call_id: int | None
    created_at: datetime
    updated_at: datetime


def state_counts(session: Session) -> dict[str, int]:
    """Jobs per state (every state listed, 0 when none), counted by the database."""
    state = _state(utcnow()).label("state")
    counts = dict.fromkeys(STATES, 0)
    for name, n in session.execute(select(state, func.count()).group_by(state)):
        counts[str(name)] = int(n)
    return counts


def list_jobs(session: Session, state: str | None, limit: int, offset: int) -> list[JobRow]:
    """One page of jobs in ``state`` (None: all), most recently changed first."""
    current = _state(utcnow())
    stmt = select(
        IngestJob.id,
        IngestJob.kind,
        IngestJob.path,
        IngestJob.call_key,
        current,
        IngestJob.attempts,
        IngestJob.claimed_by,
        IngestJob.lease_expires_at,
        IngestJob.error,
        IngestJob.call_id,
        IngestJob.created_at,
        IngestJob.updated_at,
    )
    if state is not None:
        stmt = stmt.where(current == state)
    stmt = stmt.order_by(IngestJob.updated_at.desc(), IngestJob.id.desc()).limit(limit).offset(offset)
    return [JobRow(*tuple(row)) for row in session.execute(stmt)]
