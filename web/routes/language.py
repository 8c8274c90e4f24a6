"""The interface language switcher: kept in the session, and on the user's account when logged in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from web import i18n
from web.deps import DbSession, session_user
from web.exceptions import BadRequest
from web.i18n import N_
from web.routes.auth import safe_next

router = APIRouter()


@router.post("/language")
def switch_language(
    request: Request,
    session: DbSession,
    language: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/calls",
) -> Response:
    code = i18n.normalise(language)
    if code is None:
        raise BadRequest(
            N_("unknown language %(v0)s; use one of %(v1)s"), v0=repr(language), v1=", ".join(i18n.LANGUAGES)
        )
    request.session["lang"] = code
    user = session_user(request, session)
    if user is not None:
        user.language = code
        session.commit()
    return RedirectResponse(safe_next(next), status_code=303)
