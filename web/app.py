"""FastAPI application factory: ``create_app(sessions, settings)``. Nothing is created at import time."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware

from sapa.settings import Settings
from web.deps import csrf_protect
from web.errors import install_error_handlers
from web.headers import SecurityHeaders
from web.routes import ROUTERS
from web.security import LoginThrottle, load_or_create_secret
from web.templating import make_templates

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
SESSION_COOKIE = "sapa_session"


def recordings_root(settings: Settings) -> Path:
    """The only folder recordings are served from (web.recordings_dir, else asr.recordings_dir)."""
    return Path(settings.web.recordings_dir or settings.asr.recordings_dir).resolve()


TWILIO_MODULES = ("ivr.twilio.web", "ivr.twilio.routes", "ivr.twilio.app", "ivr.twilio")


def _mount_twilio(api: FastAPI) -> None:
    """The IVR helper's Twilio webhooks (an APIRouter named ``router``), when that package exists."""
    for name in TWILIO_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            api.include_router(router)
            log.info("Twilio webhooks mounted from %s", name)
            return


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


def create_app(sessions: sessionmaker[Session], settings: Settings) -> FastAPI:
    config = settings.web
    api = FastAPI(title="Sapa", docs_url=None, redoc_url=None, openapi_url=None)
    _sqlite_functions(sessions)
    api.state.sessions = sessions
    api.state.settings = settings
    api.state.templates = make_templates(settings.reports.timezone)
    api.state.throttle = LoginThrottle(config.login_max_failures, config.login_window_s)
    api.state.recordings_root = recordings_root(settings)
    secret = load_or_create_secret(config.secret_key, Path(settings.var_dir))
    api.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=config.session_max_age_s,
        same_site="lax",
        https_only=config.secure_cookies,
    )
    api.add_middleware(SecurityHeaders, https=config.secure_cookies)
    install_error_handlers(api)
    api.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:  # every form of the UI needs the session's CSRF token
        api.include_router(router, dependencies=[Depends(csrf_protect)])
    _mount_twilio(api)  # Twilio's webhooks are signed by Twilio instead (no session, no CSRF)

    @api.get("/healthz")
    def healthz() -> dict[str, str]:
        with sessions() as session:
            session.execute(select(1))
        return {"status": "ok"}

    return api
