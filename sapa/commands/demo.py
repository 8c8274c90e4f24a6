"""`sapa demo` (the main job: demo data, survey, scoring, reports, then serve) and `sapa serve`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Annotated

import typer

from sapa.bootstrap import load_default_data
from sapa.commands.core import get_app
from sapa.demo_data import load_demo_org
from sapa.wiring import App

log = logging.getLogger(__name__)


def _database(app: App) -> Iterable[str]:
    app.migrate()
    load_default_data(app)
    yield f"  SQLite database: {app.engine.url.database}"


def _people(app: App) -> Iterable[str]:
    for username, password, role in load_demo_org(app):
        yield f"  {role:<10} login {username:<8} password {password}"


def _scripts(app: App) -> Iterable[str]:
    from sapa.commands.script import demo_scripts

    demo_scripts(app)  # prints its own lines
    return ()


def _surveys(app: App) -> Iterable[str]:
    from sapa.demo_steps.surveys import run_demo_calls

    return run_demo_calls(app)


def _followups(app: App) -> Iterable[str]:
    from sapa.demo_steps.followups import demo_followups

    return demo_followups(app)


def _recordings(app: App) -> Iterable[str]:
    from sapa.demo_steps.recordings import transcribe_demo_calls

    return transcribe_demo_calls(app)


def _queue(app: App) -> Iterable[str]:
    from sapa.demo_steps.queue import queue_demo_calls

    return queue_demo_calls(app)


def _scoring(app: App) -> Iterable[str]:
    from sapa.commands.score import score_demo_calls

    return score_demo_calls(app)


def _centre(app: App) -> Iterable[str]:
    from sapa.demo_steps.centre import centre_lines

    return centre_lines(app)


def _reports(app: App) -> Iterable[str]:
    from sapa.demo_steps.reports import write_demo_reports

    return (f"  {path.resolve().as_uri()}" for path in write_demo_reports(app))


def _web(app: App) -> Iterable[str]:
    from sapa.demo_steps.web import web_summary

    return web_summary(app)


DEMO_STEPS: list[tuple[str, Callable[[App], Iterable[str]]]] = [
    ("database", _database),
    ("demo agents and users", _people),
    ("dialogue scripts (issue 4)", _scripts),
    ("simulated survey calls through the real FastAGI server (issue 3)", _surveys),
    ("follow-ups of low ratings and unresolved issues for team leads (issue 16)", _followups),
    ("synthesized stereo recordings transcribed, redacted and scored (issue 6)", _recordings),
    ("recordings queued for a Celery worker, when Redis answers (issue 15)", _queue),
    ("scoring of the demo transcripts (issue 5)", _scoring),
    ("a generated month of a contact centre: QA work queue, acknowledgements, trends (issue 17)", _centre),
    ("reports (issue 7)", _reports),
    ("web UI (issue 8)", _web),
]


def run_demo(app: App) -> None:
    """Every demo step, in the order data flows through Sapa."""
    for title, step in DEMO_STEPS:
        typer.echo(f"\n== {title}")
        for line in step(app):
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
        from sapa.serve import serve_forever  # web + AGI stacks load only when serving

        serve_forever(app)


def serve(ctx: typer.Context) -> None:
    """Run the web UI, the FastAGI server and the report scheduler until Ctrl+C."""
    app = get_app(ctx)
    app.migrate()
    from sapa.serve import serve_forever

    serve_forever(app)


def register(root: typer.Typer) -> None:
    root.command("demo")(demo)
    root.command("serve")(serve)
