"""Call list, call review page, recording download, overrides, feedback and disputes of one call."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import FileResponse, RedirectResponse, Response

from storage.models import Call, ItemResult, Role, User, utcnow
from web.deps import AppConfig, CurrentUser, DbSession, QaUser, app_config
from web.exceptions import Forbidden, PageNotFound
from web.i18n import N_
from web.notices import check_dispute_window, dispute_deadline, email_notice, notify
from web.queries.calls import CallFilters, filter_options, list_calls
from web.queries.notices import open_notices_of_call
from web.queries.review import CallReview, load_review
from web.scope import can_review, check_call
from web.services import add_feedback, override_item, parse_answer, raise_dispute
from web.templating import render, request_language
from web.workqueue import open_assignment

log = logging.getLogger(__name__)
router = APIRouter()

AUDIO_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".gsm": "audio/x-gsm"}


def visible_call(call_id: int, user: CurrentUser, session: DbSession) -> Call:
    call = session.get(Call, call_id)
    if call is None:
        raise PageNotFound(N_("no call %(v0)s"), v0=call_id)
    return check_call(user, call)


VisibleCall = Annotated[Call, Depends(visible_call)]


@router.get("/calls")
def calls_page(
    request: Request,
    user: CurrentUser,
    session: DbSession,
    filters: Annotated[CallFilters, Depends()],
    config: AppConfig,
    after: Annotated[int | None, Query()] = None,
    before: Annotated[int | None, Query()] = None,
) -> Response:
    page = list_calls(
        session,
        user,
        filters,
        config.reports.timezone,
        size=config.web.page_size,
        after=after,
        before=before,
        long_call_s=config.reports.long_call_s,
    )
    return render(
        request,
        "calls.html",
        user,
        page=page,
        f=filters,
        params=filters.as_params(),
        options=filter_options(session, user),
    )


@router.get("/calls/{call_id}")
def call_page(request: Request, user: CurrentUser, session: DbSession, call: VisibleCall) -> Response:
    review = load_review(session, call, language=request_language(request, user))
    deadline = dispute_deadline(session, call.id, app_config(request).web.dispute_window_days)
    is_agent = user.role == Role.AGENT
    return render(
        request,
        "call.html",
        user,
        r=review,
        reviewer=can_review(user),
        is_agent=is_agent,
        has_audio=bool(call.recording_path),
        notice_box=is_agent
        and user.agent_id is not None
        and bool(open_notices_of_call(session, call.id, user.agent_id)),
        dispute_until=deadline,
        can_dispute=deadline is None or utcnow() <= deadline,
        **_review_box(session, user, call, review),
    )


def _review_box(session: DbSession, user: User, call: Call, review: CallReview) -> dict[str, Any]:
    """The work-queue box: shown to the QA specialist the call is assigned to (and admins)."""
    assignment = open_assignment(session, call.id) if can_review(user) else None
    if assignment is None or (assignment.assignee_user_id not in (user.id, None) and user.role != Role.ADMIN):
        return {"assignment": None, "overridden": False}
    since = assignment.created_at
    changed = any(i.row.overridden and i.row.override_at and i.row.override_at >= since for i in review.items)
    return {"assignment": assignment, "overridden": changed}


def recording_file(root: Path, recording_path: str | None) -> Path:
    """The recording's real path, only if it lies inside ``root`` (no ../, no symlinks out).

    A relative path is taken relative to the recordings folder, or to the working directory (as
    `sapa ingest` stores the paths it was given); either way the resolved file must be inside ``root``.
    """
    if not recording_path:
        raise PageNotFound(N_("this call has no recording"))
    given = Path(recording_path)
    candidates = [given] if given.is_absolute() else [root / given, Path.cwd() / given]
    outside = False
    for candidate in (c.resolve() for c in candidates):
        if not candidate.is_relative_to(root):
            outside = outside or candidate.exists()
        elif candidate.is_file():
            return candidate
    if outside or (given.is_absolute() and not given.resolve().is_relative_to(root)):
        log.warning("refused recording outside %s: %r", root, recording_path)
        raise Forbidden(N_("the recording is outside the recordings folder"))
    raise PageNotFound(N_("the recording file is missing"))


@router.get("/calls/{call_id}/audio")
def call_audio(request: Request, call: VisibleCall) -> Response:
    path = recording_file(request.app.state.recordings_root, call.recording_path)
    media = AUDIO_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return FileResponse(path, media_type=media, headers={"Cache-Control": "private, no-store"})


def _item_of_call(session: DbSession, call: Call, item_result_id: int) -> ItemResult:
    item = session.get(ItemResult, item_result_id)
    if item is None or item.evaluation.call_id != call.id:
        raise PageNotFound(N_("no checklist answer %(v0)s on call %(v1)s"), v0=item_result_id, v1=call.id)
    return item


@router.post("/calls/{call_id}/items/{item_result_id}/override")
def override(
    user: QaUser,
    session: DbSession,
    call: VisibleCall,
    item_result_id: int,
    answer: Annotated[str, Form()],
    comment: Annotated[str, Form()] = "",
) -> Response:
    item = _item_of_call(session, call, item_result_id)
    override_item(session, item.id, parse_answer(answer), comment, user)
    session.commit()
    return RedirectResponse(f"/calls/{call.id}#item-{item.id}", status_code=303)


@router.post("/calls/{call_id}/feedback")
def feedback(
    request: Request, user: QaUser, session: DbSession, call: VisibleCall, text: Annotated[str, Form()] = ""
) -> Response:
    fb = add_feedback(session, call.id, call.agent_id, text, user)
    notice = notify(session, call, "feedback", user, feedback_id=fb.id)
    settings = app_config(request)
    if notice is not None and settings.web.email_agents:
        email_notice(session, notice, settings.reports.smtp, str(request.base_url).rstrip("/"))
    session.commit()
    return RedirectResponse(f"/calls/{call.id}#feedback", status_code=303)


@router.post("/calls/{call_id}/items/{item_result_id}/dispute")
def dispute(
    request: Request,
    user: CurrentUser,
    session: DbSession,
    call: VisibleCall,
    item_result_id: int,
    comment: Annotated[str, Form()] = "",
) -> Response:
    _only_own_agent(user, call)
    check_dispute_window(session, call.id, app_config(request).web.dispute_window_days)
    item = _item_of_call(session, call, item_result_id)
    raise_dispute(session, item, comment, user)
    session.commit()
    return RedirectResponse(f"/calls/{call.id}#item-{item.id}", status_code=303)


def _only_own_agent(user: User, call: Call) -> None:
    if user.role != Role.AGENT or user.agent_id is None or call.agent_id != user.agent_id:
        raise Forbidden(N_("only the agent of the call may dispute its answers"))
