"""Login (throttled, argon2), logout."""

from __future__ import annotations

import logging
from functools import cache
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from sqlalchemy import select
from starlette.responses import RedirectResponse, Response

from storage.models import User, utcnow
from storage.passwords import hash_password, needs_rehash, verify_password
from web.deps import DbSession, now, session_user
from web.exceptions import TooManyLogins
from web.i18n import N_
from web.security import LoginThrottle, new_csrf_token, password_fingerprint
from web.sessions import new_session_id, revoke
from web.templating import render

log = logging.getLogger(__name__)
router = APIRouter()


@cache
def _dummy_hash() -> str:
    """Verified against when the user name is unknown, so both cases cost one argon2 verification."""
    return hash_password("not-a-real-password")


def safe_next(target: str | None) -> str:
    """Only same-site paths: '/calls?x=1' yes; '//evil.example', '/\\evil.example' (browsers read a
    backslash as a slash), control characters (browsers drop tabs and newlines) or 'https://...' no."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/calls"
    if "\\" in target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return "/calls"
    parts = urlsplit(target)
    return "/calls" if parts.scheme or parts.netloc else target


@router.get("/")
def index() -> Response:
    return RedirectResponse("/calls", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str = "/calls") -> Response:
    return render(request, "login.html", None, next=safe_next(next), error=None)


def _authenticate(session: DbSession, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _loggable(session: DbSession, username: str) -> str:
    """A known user's name; anything else is not logged (it is often a password typed in the wrong box)."""
    name = username.strip()
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        return repr(name)
    return f"an unknown user name ({len(name)} characters)"


@router.post("/login")
def login(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/calls",
) -> Response:
    throttle: LoginThrottle = request.app.state.throttle
    keys = (f"user:{username.strip().casefold()}", f"ip:{request.client.host if request.client else '-'}")
    wait = throttle.begin(*keys)  # reserved before the slow check: parallel guesses cannot outrun it
    if wait:
        log.warning("login throttled for %s", _loggable(session, username))
        raise TooManyLogins(wait)
    user = _authenticate(session, username.strip(), password)
    if user is None:  # the reservation stays: it is the failure
        log.info("failed login for %s", _loggable(session, username))
        return render(
            request,
            "login.html",
            None,
            status_code=401,
            next=safe_next(next),
            error=N_("Wrong user name or password."),
        )
    throttle.succeeded(*keys)
    user.last_login_at = utcnow()
    session.commit()
    request.session.clear()  # a fresh session (and CSRF token) after login: no fixation
    request.session["lang"] = user.language
    request.session.update(
        uid=user.id,
        sid=new_session_id(),
        at=int(now()),  # an absolute limit: activity does not keep a session alive past it
        pw=password_fingerprint(user.password_hash),
        csrf=new_csrf_token(),
    )
    log.info("login %s (%s)", user.username, user.role.value)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, session: DbSession) -> Response:
    """Revokes the session id server-side too: a copy of the cookie dies with it."""
    user = session_user(request, session)
    if user is not None:
        revoke(session, str(request.session["sid"]), user)
        session.commit()
        log.info("logout %s", user.username)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
