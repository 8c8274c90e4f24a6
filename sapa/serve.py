"""Long-running services of `sapa serve` / `sapa demo`: FastAGI server, report scheduler, web UI."""

from __future__ import annotations

import logging

from ivr.agi.routes import start_background_server
from sapa.report_schedule import start_scheduler
from sapa.webapp import build_web_app
from sapa.webserver import run_web
from sapa.wiring import App

log = logging.getLogger(__name__)


def serve_forever(app: App) -> None:
    """Start the AGI server and the scheduler in the background, then serve the web UI until Ctrl+C."""
    ivr = app.settings.ivr
    start_background_server(ivr, app.sessions)  # graceful stop at exit: sessions in flight finish
    log.info("FastAGI on agi://%s:%s/", ivr.agi_host, ivr.agi_port)
    start_scheduler(app)
    web = app.settings.web
    log.info("web UI on http://%s:%s/", web.host, web.port)
    run_web(build_web_app(app), web, web.host, web.port)
