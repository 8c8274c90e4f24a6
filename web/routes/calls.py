"""Call list, call review page, recording download, overrides, feedback and disputes of one call."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import FileResponse, RedirectResponse, Response

from storage.models import Call, ItemResult, Role, User
from web.deps import AppConfig, CurrentUser, DbSession, QaUser
from web.exceptions import Forbidden, PageNotFound
from web.queries.calls import CallFilters, filter_options, list_calls
from web.queries.review import load_review
from web.scope import can_review, check_call
from web.services import add_feedback, override_item, parse_answer, raise_dispute
from web.templating import render

log = logging.getLogger(__name__)
router = APIRouter()

AUDIO_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".gsm": "audio/x-gsm"}


def visible_call(call_id: int, user: CurrentUser, session: DbSession) -> Call:
    call = session.get(Call, call_id)
    if call is None:
        raise PageNotFound(f"no call {call_id}")
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
    review = load_review(session, call)
    return render(
        request,
        "call.html",
        user,
        r=review,
        reviewer=can_review(user),
        is_agent=user.role == Role.AGENT,
        has_audio=bool(call.recording_path),
    )


def recording_file(root: Path, recording_path: str | None) -> Path:
    """The recording's real path, only if it lies inside ``root`` (no ../, no symlinks out).

    A relative path is taken relative to the recordings folder, or to the working directory (as
    `sapa ingest` stores the paths it was given); either way the resolved file must be inside ``root``.
    """
    if not recording_path:
        raise PageNotFound("this call has no recording")
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
        raise Forbidden("the recording is outside the recordings folder")
    raise PageNotFound("the recording file is missing")


@router.get("/calls/{call_id}/audio")
def call_audio(request: Request, call: VisibleCall) -> Response:
    path = recording_file(request.app.state.recordings_root, call.recording_path)
    media = AUDIO_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return FileResponse(path, media_type=media, headers={"Cache-Control": "private, no-store"})


def _item_of_call(session: DbSession, call: Call, item_result_id: int) -> ItemResult:
    item = session.get(ItemResult, item_result_id)
    if item is None or item.evaluation.call_id != call.id:
        raise PageNotFound(f"no checklist answer {item_result_id} on call {call.id}")
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
    user: QaUser, session: DbSession, call: VisibleCall, text: Annotated[str, Form()] = ""
) -> Response:
    add_feedback(session, call.id, call.agent_id, text, user)
    session.commit()
    return RedirectResponse(f"/calls/{call.id}#feedback", status_code=303)


@router.post("/calls/{call_id}/items/{item_result_id}/dispute")
def dispute(
    user: CurrentUser,
    session: DbSession,
    call: VisibleCall,
    item_result_id: int,
    comment: Annotated[str, Form()] = "",
) -> Response:
    _only_own_agent(user, call)
    item = _item_of_call(session, call, item_result_id)
    raise_dispute(session, item, comment, user)
    session.commit()
    return RedirectResponse(f"/calls/{call.id}#item-{item.id}", status_code=303)


def _only_own_agent(user: User, call: Call) -> None:
    if user.role != Role.AGENT or user.agent_id is None or call.agent_id != user.agent_id:
        raise Forbidden("only the agent of the call may dispute its answers")
