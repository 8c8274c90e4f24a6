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
    _step("dialogue scripts")
    from sapa.commands.script import demo_scripts

    demo_scripts(app)
    # -- demo step: simulated survey calls through the real FastAGI server (issue 3) --
    _step("simulated survey calls through the real FastAGI server")
    from ivr.demo import run_demo_calls

    for line in run_demo_calls(app):
        typer.echo(line)
    # -- demo step: synthesized recordings transcribed (issue 6) --
    _step("synthesized recordings transcribed")
    from asr.demo import transcribe_demo_calls

    for line in transcribe_demo_calls(app):
        typer.echo(line)
    # -- demo step: scoring of the demo calls (issue 5) --
    _step("scoring of the demo calls")
    from sapa.commands.score import score_demo_calls

    for line in score_demo_calls(app):
        typer.echo(line)
    # -- demo step: reports written (issue 7) --
    from reports.demo import write_demo_reports

    _step("reports")
    for path in write_demo_reports(app):
        typer.echo(f"  {path.resolve().as_uri()}")
    # -- demo step: web UI users/calls summary (issue 8) --
    from web.demo import web_summary

    _step("web UI")
    for line in web_summary(app):
        typer.echo(line)


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
