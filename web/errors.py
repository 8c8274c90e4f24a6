"""Maps web and storage errors to HTTP responses (HTML pages, or a redirect to the login form)."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, RedirectResponse, Response

from storage.exceptions import NotFound
from storage.models import User
from web import i18n
from web.deps import session_user
from web.exceptions import (
    BadRequest,
    CsrfFailed,
    Forbidden,
    LoginRequired,
    PageNotFound,
    TooManyLogins,
    WebError,
)
from web.i18n import N_
from web.templating import render, request_language

log = logging.getLogger(__name__)


def _viewer(request: Request) -> User | None:
    """The logged-in user, only to show the menu on error pages (no checks depend on it)."""
    if "session" not in request.scope or request.session.get("uid") is None:
        return None
    with request.app.state.sessions() as session:
        return session_user(request, session)  # the same validity rules as every page


def _parts(exc: Exception, default: str = "") -> tuple[str, dict[str, object]]:
    """A WebError's msgid and parameters (translated on the page); any other error's text as is."""
    if isinstance(exc, WebError) and exc.message:
        return exc.message, exc.params
    return str(exc) or default, {}


def _error_page(
    request: Request, status: int, title: str, message: str, params: dict[str, object] | None = None
) -> Response:
    user = _viewer(request) if status in (403, 404) else None
    i18n.set_language(request_language(request, user))
    text = i18n.translate_error(message, params or {})
    return render(request, "error.html", user, status_code=status, title=title, message=text)


async def _login_required(request: Request, exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def _forbidden(request: Request, exc: Exception) -> Response:
    log.info("403 %s %s: %s", request.method, request.url.path, exc)
    return _error_page(request, 403, N_("Forbidden"), *_parts(exc, N_("You may not open this page.")))


async def _csrf(request: Request, exc: Exception) -> Response:
    log.warning("CSRF refusal %s %s", request.method, request.url.path)
    return _error_page(request, 403, N_("Form refused"), *_parts(exc))


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error_page(request, 404, N_("Not found"), *_parts(exc, N_("Nothing here.")))


async def _bad_request(request: Request, exc: Exception) -> Response:
    return _error_page(request, 400, N_("Bad request"), *_parts(exc))


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    parts = [f"{'.'.join(str(p) for p in err['loc'][1:])}: {err['msg']}" for err in exc.errors()]
    return _error_page(request, 400, N_("Bad request"), "; ".join(parts))


async def _throttled(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TooManyLogins)
    response = _error_page(request, 429, N_("Too many attempts"), *_parts(exc))
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    response = _error_page(request, exc.status_code, N_("Error"), str(exc.detail))
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


async def _overflow(request: Request, exc: Exception) -> Response:
    """An id like 10**30 overflows SQLite's 64-bit integers (OverflowError) or PostgreSQL's integer columns
    (DataError: numeric value out of range): the request is wrong, not the server."""
    log.info("number out of range in %s %s: %s", request.method, request.url.path, exc)
    return _error_page(request, 400, N_("Bad request"), N_("a number in the address or form is out of range"))


async def _crash(request: Request, exc: Exception) -> Response:
    """Anything unexpected: logged with its traceback here, never shown to the browser."""
    log.error("unhandled error in %s %s", request.method, request.url.path, exc_info=exc)
    return HTMLResponse(GENERIC_500, status_code=500)  # static: works even if the session is broken


GENERIC_500 = (
    '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Server error · Sapa</title>'
    '<link rel="stylesheet" href="/static/app.css"></head><body><main><h1>Server error</h1>'
    '<p class="error">Something went wrong on the server; it has been logged. Try again or tell the '
    'administrator.</p><p><a href="/calls">Back to calls</a></p></main></body></html>'
)


def install_error_handlers(api: FastAPI) -> None:
    api.add_exception_handler(OverflowError, _overflow)
    api.add_exception_handler(DataError, _overflow)
    api.add_exception_handler(Exception, _crash)
    api.add_exception_handler(LoginRequired, _login_required)
    api.add_exception_handler(Forbidden, _forbidden)
    api.add_exception_handler(CsrfFailed, _csrf)
    api.add_exception_handler(PageNotFound, _not_found)
    api.add_exception_handler(NotFound, _not_found)
    api.add_exception_handler(BadRequest, _bad_request)
    api.add_exception_handler(TooManyLogins, _throttled)
    api.add_exception_handler(RequestValidationError, _invalid)
    api.add_exception_handler(StarletteHTTPException, _http)
