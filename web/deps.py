"""FastAPI dependencies: configuration, database session, current user, role checks, CSRF (as
``Annotated`` aliases). Configuration comes from ``create_app``'s ``WebAppConfig`` (no global settings)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from reports.config import ReportsConfig
from storage.models import Role, User
from web.config import WebAppConfig, WebConfig
from web.exceptions import CsrfFailed, Forbidden, LoginRequired
from web.i18n import N_
from web.security import new_csrf_token, password_fingerprint, tokens_match
from web.sessions import is_revoked

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def app_config(request: Request) -> WebAppConfig:
    """The configuration ``create_app`` was given."""
    config: WebAppConfig = request.app.state.config
    return config


AppConfig = Annotated[WebAppConfig, Depends(app_config)]


def web_config(config: AppConfig) -> WebConfig:
    return config.web


def reports_config(config: AppConfig) -> ReportsConfig:
    return config.reports


WebSettings = Annotated[WebConfig, Depends(web_config)]
ReportsSettings = Annotated[ReportsConfig, Depends(reports_config)]


def db_session(request: Request) -> Iterator[Session]:
    """One session per request; handlers that write call ``session.commit()`` themselves."""
    session = request.app.state.sessions()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


DbSession = Annotated[Session, Depends(db_session)]


def now() -> float:
    return time.time()


def session_user(request: Request, session: Session) -> User | None:
    """The session's user while it is valid: active, same password, session id not logged out, and
    logged in less than ``web.session_max_age_s`` ago (the cookie alone slides with every request)."""
    uid, sid, since = request.session.get("uid"), request.session.get("sid"), request.session.get("at")
    if uid is None or not isinstance(sid, str) or not sid or not isinstance(since, int | float):
        return None
    if now() - since > app_config(request).web.session_max_age_s:
        return None
    user = session.get(User, uid)
    if (
        user is None
        or not user.active
        or request.session.get("pw") != password_fingerprint(user.password_hash)
        or is_revoked(session, sid)
    ):
        return None
    return user


def current_user(request: Request, session: DbSession) -> User:
    user = session_user(request, session)
    if user is None:
        if "uid" in request.session:  # a dead login: forget it (an anonymous visitor keeps his token)
            request.session.clear()
        raise LoginRequired()
    return user


CurrentUser = Annotated[User, Depends(current_user)]


class RequireRole:
    """``Depends(RequireRole(Role.QA, Role.ADMIN))``: the current user, or 403 for any other role."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    def __call__(self, user: CurrentUser) -> User:
        if user.role not in self.roles:
            raise Forbidden(N_("%(v0)s may not open this page"), v0=user.role.value)
        return user


QaUser = Annotated[User, Depends(RequireRole(Role.QA, Role.ADMIN))]
AdminUser = Annotated[User, Depends(RequireRole(Role.ADMIN))]
LeadUser = Annotated[User, Depends(RequireRole(Role.TEAM_LEAD, Role.QA, Role.ADMIN))]
AgentUser = Annotated[User, Depends(RequireRole(Role.AGENT))]


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created for anonymous visitors too, so the login form has one)."""
    token = request.session.get("csrf")
    if not token:
        token = new_csrf_token()
        request.session["csrf"] = token
    return str(token)


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: every unsafe request must carry the session's token (form field or header)."""
    if request.method not in UNSAFE_METHODS:
        return
    given = request.headers.get("x-csrf-token")
    if given is None:
        form = await request.form()
        value = form.get("csrf_token")
        given = value if isinstance(value, str) else None
    if not tokens_match(request.session.get("csrf"), given):
        raise CsrfFailed(N_("the form is stale or was not sent by this site; reload the page and try again"))
