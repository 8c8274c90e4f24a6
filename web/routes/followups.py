"""Follow-ups of unhappy callers: team leads see and close their team's, admins all, QA reads.

Created by sapa/followups.py (scheduler, `sapa followups sync`); here they are listed with the caller's
voice comment (served only from ``ivr.comments_dir``) and a link to the call page (transcript), and
closed with a note (CSRF-checked form, audit log entry).
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from sqlalchemy import ColumnElement, false, select, true
from starlette.responses import FileResponse, RedirectResponse, Response

from storage.models import Agent, Call, FollowUp, Role, SurveyAnswer, SurveyResponse, Team, User
from storage.repositories.audit import AuditRepository
from storage.repositories.followups import FollowUpRepository
from web.deps import DbSession, LeadUser, app_config
from web.exceptions import BadRequest, Forbidden, PageNotFound
from web.routes.calls import AUDIO_TYPES, recording_file
from web.templating import render

log = logging.getLogger(__name__)
router = APIRouter()
STATUSES = ("open", "closed", "all")
MAX_NOTE = 2000


def followup_scope(user: User) -> ColumnElement[bool]:
    """Admins and QA all follow-ups; a team lead his team's (none without a team)."""
    if user.role in (Role.ADMIN, Role.QA):
        return true()
    if user.role == Role.TEAM_LEAD and user.team_id is not None:
        return FollowUp.team_id == user.team_id
    return false()


def can_close(user: User, follow_up: FollowUp) -> bool:
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.TEAM_LEAD and user.team_id is not None and follow_up.team_id == user.team_id


def visible_followup(follow_up_id: int, user: LeadUser, session: DbSession) -> FollowUp:
    """The follow-up if this user may see it; another team's is 404 (its existence is not told)."""
    stmt = select(FollowUp).where(FollowUp.id == follow_up_id, followup_scope(user))
    follow_up = session.scalar(stmt)
    if follow_up is None:
        raise PageNotFound(f"no follow-up {follow_up_id}")
    return follow_up


VisibleFollowUp = Annotated[FollowUp, Depends(visible_followup)]


@router.get("/followups")
def followups_page(request: Request, user: LeadUser, session: DbSession, status: str = "open") -> Response:
    if status not in STATUSES:
        raise BadRequest(f"status must be one of {', '.join(STATUSES)}")
    owner, closer = User.__table__.alias("owner"), User.__table__.alias("closer")
    stmt = (
        select(FollowUp, Call, SurveyResponse, Agent, Team.name, owner.c.username, closer.c.username)
        .join(Call, Call.id == FollowUp.call_id)
        .outerjoin(SurveyResponse, SurveyResponse.call_id == Call.id)
        .outerjoin(Agent, Agent.id == Call.agent_id)
        .outerjoin(Team, Team.id == FollowUp.team_id)
        .outerjoin(owner, owner.c.id == FollowUp.owner_user_id)
        .outerjoin(closer, closer.c.id == FollowUp.closed_by_user_id)
        .where(followup_scope(user))
        .order_by(FollowUp.id.desc())
        .limit(500)
    )
    if status != "all":
        stmt = stmt.where(FollowUp.status == status)
    rows = list(session.execute(stmt))
    answers: dict[int, list[SurveyAnswer]] = {}
    call_ids = [row[1].id for row in rows]
    if call_ids:
        for answer in session.scalars(
            select(SurveyAnswer).where(SurveyAnswer.call_id.in_(call_ids)).order_by(SurveyAnswer.id)
        ):
            answers.setdefault(answer.call_id, []).append(answer)
    return render(
        request,
        "followups.html",
        user,
        rows=rows,
        answers=answers,
        status=status,
        statuses=STATUSES,
        closer=lambda f: can_close(user, f),
    )


@router.get("/followups/{follow_up_id}/comment")
def comment_audio(request: Request, session: DbSession, follow_up: VisibleFollowUp) -> Response:
    """The caller's voice comment, only from inside ``ivr.comments_dir`` (no ../, no symlinks out)."""
    survey = session.scalar(select(SurveyResponse).where(SurveyResponse.call_id == follow_up.call_id))
    stored = survey.comment_recording_path if survey else None
    if stored and stored.startswith(("http://", "https://")):
        raise PageNotFound("this comment is kept by Twilio; open it from the Twilio console")
    root = app_config(request).comments_root
    path = recording_file(root, stored)
    media = AUDIO_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return FileResponse(path, media_type=media, headers={"Cache-Control": "private, no-store"})


@router.post("/followups/{follow_up_id}/close")
def close(
    user: LeadUser,
    session: DbSession,
    follow_up: VisibleFollowUp,
    note: Annotated[str, Form()] = "",
) -> Response:
    if not can_close(user, follow_up):
        raise Forbidden("only the team's lead or an admin closes a follow-up")
    note = note.strip()
    if not note:
        raise BadRequest("say what was done (the note) before closing the follow-up")
    if len(note) > MAX_NOTE:
        raise BadRequest(f"the note is longer than {MAX_NOTE} characters")
    if follow_up.status == "closed":
        raise BadRequest("this follow-up is already closed")
    FollowUpRepository(session).close(follow_up, user, note)
    AuditRepository(session).record(
        user.username,
        "followup_close",
        "follow_up",
        follow_up.id,
        {"call_id": follow_up.call_id, "note": note},
        actor_user_id=user.id,
    )
    session.commit()
    log.info("follow-up %s closed by %s", follow_up.id, user.username)
    return RedirectResponse("/followups", status_code=303)
