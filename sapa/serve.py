"""Long-running services started by `sapa serve` / `sapa demo`: the web UI (more join in later issues)."""

from __future__ import annotations

import logging

import uvicorn

from sapa.wiring import App
from web.app import create_app

log = logging.getLogger(__name__)


def serve_forever(app: App) -> None:
    # -- serve: FastAGI server thread (issue 3) --
    from ivr.agi.routes import start_background_server

    start_background_server(app.settings.ivr, app.sessions)  # graceful stop at exit (after Ctrl+C)
    # -- serve: report scheduler (issue 7) --
    from reports.schedule import start_scheduler

    start_scheduler(app)
    web = app.settings.web
    log.info("web UI on http://%s:%s/", web.host, web.port)
    uvicorn.run(create_app(app.sessions, app.settings), host=web.host, port=web.port, log_level="info")
