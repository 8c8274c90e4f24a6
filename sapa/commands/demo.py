"""`sapa demo` (the main job: demo data, survey, scoring, reports, then serve) and `sapa serve`."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from sapa.bootstrap import load_default_data
from sapa.commands.core import get_app
from sapa.demo_data import load_demo_org
from sapa.serve import serve_forever
from sapa.wiring import App

log = logging.getLogger(__name__)


def _step(title: str) -> None:
    typer.echo(f"\n== {title}")


def run_demo(app: App) -> None:
    """Every demo step, in the order data flows through Sapa."""
    _step("database")
    app.migrate()
    load_default_data(app)
    typer.echo(f"SQLite database: {app.engine.url.database}")
    _step("demo agents and users")
    for username, password, role in load_demo_org(app):
        typer.echo(f"  {role:<10} login {username:<8} password {password}")
    # -- demo step: dialogue scripts (issue 4) --
    # -- demo step: simulated survey calls through the real FastAGI server (issue 3) --
    # -- demo step: synthesized recordings transcribed (issue 6) --
    # -- demo step: scoring of the demo calls (issue 5) --
    # -- demo step: reports written (issue 7) --
    # -- demo step: web UI users/calls summary (issue 8) --


def demo(
    ctx: typer.Context,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the web UI and AGI afterwards.")
    ] = True,
) -> None:
    """Build the demo: database, agents, users, simulated calls, scoring, reports; then serve."""
    app = get_app(ctx)
    run_demo(app)
    if serve:
        serve_forever(app)


def serve(ctx: typer.Context) -> None:
    """Run the web UI (and the services of later issues) until Ctrl+C."""
    app = get_app(ctx)
    app.migrate()
    serve_forever(app)


def register(root: typer.Typer) -> None:
    root.command("demo")(demo)
    root.command("serve")(serve)
