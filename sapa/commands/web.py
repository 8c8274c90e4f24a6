"""`sapa web`: run only the web UI (no FastAGI server, no report scheduler)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from sapa.commands.core import get_app

log = logging.getLogger(__name__)


def web(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option("--host", help="Listen address (default web.host).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default web.port).")] = None,
) -> None:
    """Serve the web UI for QA specialists, team leads, agents and admins until Ctrl+C."""
    from sapa.webapp import build_web_app
    from sapa.webserver import run_web

    app = get_app(ctx)
    app.migrate()
    config = app.settings.web
    host, port = host or config.host, port or config.port
    typer.echo(f"web UI on http://{host}:{port}/")
    run_web(build_web_app(app), config, host, port)


def register(root: typer.Typer) -> None:
    """Add this area's commands to the root `sapa` app."""
    root.command("web")(web)
