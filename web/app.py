"""FastAPI application factory: ``create_app(sessions, config, routers)``. Nothing is created at import time.

The composition root (``sapa.webapp``) builds the ``WebAppConfig`` from the settings and passes the
routers of other packages (the IVR's Twilio webhooks); the web never imports ``sapa``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware

from web.config import WebAppConfig
from web.deps import csrf_protect
from web.errors import install_error_handlers
from web.headers import SecurityHeaders
from web.routes import ROUTERS
from web.security import LoginThrottle, load_or_create_secret
from web.templating import make_templates

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
SESSION_COOKIE = "sapa_session"


def _sqlite_functions(sessions: sessionmaker[Session]) -> None:
    """SQLite's LIKE folds ASCII only; ``sapa_fold`` (str.casefold) makes transcript search Unicode-aware."""
    engine = sessions.kw.get("bind")
    if not isinstance(engine, Engine) or engine.dialect.name != "sqlite":
        return

    if not event.contains(engine, "connect", _add_functions):
        event.listen(engine, "connect", _add_functions)
        engine.pool.dispose()  # pooled connections opened before lack the function


def _add_functions(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.create_function("sapa_fold", 1, _fold, deterministic=True)


def _fold(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


def create_app(
    sessions: sessionmaker[Session], config: WebAppConfig, routers: Sequence[APIRouter] = ()
) -> FastAPI:
    """The web UI on ``sessions``; ``routers`` (e.g. Twilio's webhooks) are mounted without the UI's
    CSRF check, since they authenticate themselves (Twilio signs its requests)."""
    web = config.web
    api = FastAPI(title="Sapa", docs_url=None, redoc_url=None, openapi_url=None)
    _sqlite_functions(sessions)
    api.state.sessions = sessions
    api.state.config = config
    api.state.templates = make_templates(config.reports.timezone)
    api.state.throttle = LoginThrottle(web.login_max_failures, web.login_window_s)
    api.state.recordings_root = config.recordings_root
    secret = load_or_create_secret(web.secret_key, config.var_dir)
    api.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=web.session_max_age_s,
        same_site="lax",
        https_only=web.secure_cookies,
    )
    api.add_middleware(SecurityHeaders, https=web.secure_cookies)
    install_error_handlers(api)
    api.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:  # every form of the UI needs the session's CSRF token
        api.include_router(router, dependencies=[Depends(csrf_protect)])
    for router in routers:
        api.include_router(router)
        log.info("router %s mounted", router.prefix or "/")

    @api.get("/healthz")
    def healthz() -> dict[str, str]:
        with sessions() as session:
            session.execute(select(1))
        return {"status": "ok"}

    return api
