"""Ingest progress and failures for admins: counts per state, the jobs of one state, retry a failed job."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from storage.models import IngestJob, User
from storage.repositories.audit import AuditRepository
from storage.repositories.jobs import JobRepository
from web.deps import AdminUser, DbSession, app_config
from web.exceptions import BadRequest, PageNotFound
from web.i18n import N_
from web.queries.jobs import STATES, list_jobs, state_counts
from web.templating import render

log = logging.getLogger(__name__)
router = APIRouter()
STATE_NAMES = {
    "queued": N_("queued"),
    "running": N_("running"),
    "held": N_("held by a lost worker"),
    "failed": N_("failed"),
    "done": N_("done"),
    "all": N_("all"),
}
KIND_NAMES = {
    "transcribe": N_("transcribe"),
    "score": N_("score"),
    "report": N_("report"),
    "rescore": N_("re-score"),
}


def _state(value: str) -> str | None:
    if value in ("", "all"):
        return None
    if value not in STATES:
        raise BadRequest(N_("unknown job state %(v0)s"), v0=repr(value))
    return value


def _page(
    request: Request,
    user: User,
    session: Session,
    state: str | None,
    page: int,
    error: str = "",
    status: int = 200,
) -> Response:
    size = app_config(request).web.page_size
    rows = list_jobs(session, state, limit=size + 1, offset=page * size)
    return render(
        request,
        "jobs.html",
        user,
        status_code=status,
        counts=state_counts(session),
        states=STATES,
        state_names=STATE_NAMES,
        kind_names=KIND_NAMES,
        state=state or "all",
        jobs=rows[:size],
        page=page,
        more=len(rows) > size,
        error=error,
    )


@router.get("/admin/jobs")
def jobs_page(
    request: Request, user: AdminUser, session: DbSession, state: str = "", page: int = 0
) -> Response:
    return _page(request, user, session, _state(state), max(page, 0))


@router.post("/admin/jobs/{job_id}/retry")
def retry_job(
    request: Request,
    user: AdminUser,
    session: DbSession,
    job_id: int,
    state: Annotated[str, Form()] = "",
) -> Response:
    """A failed job back to the queue with a fresh attempt budget; the retry is audited."""
    shown = _state(state)
    job = session.get(IngestJob, job_id)
    if job is None:
        raise PageNotFound(N_("no job %(v0)s"), v0=job_id)
    error, attempts = job.error, job.attempts
    if not JobRepository(session).retry(job_id):
        raise BadRequest(N_("job %(v0)s is not failed; only a failed job can be retried"), v0=job_id)
    AuditRepository(session).record(
        user.username,
        "job.retry",
        "job",
        job_id,
        {"kind": job.kind, "path": job.path, "attempts": attempts, "error": (error or "")[:200]},
        actor_user_id=user.id,
    )
    session.commit()
    log.info("job %s retried by %s", job_id, user.username)
    requeue = app_config(request).requeue_job
    if requeue is not None:
        try:
            requeue(job_id)
        except Exception:  # the composition root's broker errors; web may not name them (no sapa import)
            log.exception("job %s is pending again but could not be put on the queue", job_id)
            message = N_(
                "the job is pending again, but the queue cannot be reached: "
                "the next `sapa ingest --enqueue` of its folder queues it"
            )
            return _page(request, user, session, shown, 0, error=message, status=503)
    return RedirectResponse(f"/admin/jobs?state={shown or 'all'}", status_code=303)
