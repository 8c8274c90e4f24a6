"""The QA work queue: "my queue" of a QA specialist, completing a review, progress for team leads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from storage.models import Call, Role
from web.deps import DbSession, LeadUser, QaUser, app_config
from web.exceptions import BadRequest, PageNotFound
from web.i18n import N_
from web.notices import email_notice, notify
from web.queries.queue import my_queue, progress
from web.templating import render
from web.workqueue import complete, open_assignment

router = APIRouter()


@router.get("/queue")
def queue_page(request: Request, user: QaUser, session: DbSession, done: int | None = None) -> Response:
    return render(request, "queue.html", user, rows=my_queue(session, user), done=done)


@router.post("/calls/{call_id}/review")
def finish_review(
    request: Request,
    user: QaUser,
    session: DbSession,
    call_id: int,
    comment: Annotated[str, Form()] = "",
) -> Response:
    call = session.get(Call, call_id)
    if call is None:
        raise PageNotFound(N_("no call %(v0)s"), v0=call_id)
    assignment = open_assignment(session, call.id)
    if assignment is None:
        raise BadRequest(N_("this call is not in the work queue"))
    complete(session, assignment, user, comment)
    notice = notify(session, call, "evaluation", user)
    settings = app_config(request)
    if notice is not None and settings.web.email_agents:
        email_notice(session, notice, settings.reports.smtp, str(request.base_url).rstrip("/"))
    session.commit()
    target = "/queue" if user.role == Role.QA else f"/calls/{call.id}"
    return RedirectResponse(f"{target}?done={call.id}" if target == "/queue" else target, status_code=303)


@router.get("/queue/progress")
def progress_page(request: Request, user: LeadUser, session: DbSession) -> Response:
    return render(request, "queue_progress.html", user, rows=progress(session, user))
