"""IVR commands: ``sapa agi``, ``sapa prompts build``, ``sapa surveys export``."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from dialogue import ScriptValidationError, default_script_path, load_script_file
from ivr.agi.routes import build_server, prompt_library
from ivr.exceptions import IvrError
from ivr.prompt_build import PromptText, build, script_texts, survey_texts
from ivr.prompts import BUILD_COMMAND, LANGUAGES
from ivr.survey.export import FORMATS, parse_when, render
from ivr.survey.writer import check_writable
from qa.catalogue import active_document
from sapa.commands.core import get_app
from sapa.wiring import App
from storage.exceptions import StorageError
from storage.repositories.scripts import ScriptRepository
from storage.repositories.surveys import SurveyRepository

log = logging.getLogger(__name__)

prompts_app = typer.Typer(help="IVR prompt audio files.", no_args_is_help=True)
surveys_app = typer.Typer(help="Post-call survey results.", no_args_is_help=True)


def agi(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Listen address (default ivr.agi_host).")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port (default ivr.agi_port, 4573).")] = None,
) -> None:
    """Run the FastAGI server (survey and dialogue scripts) until Ctrl+C / SIGTERM."""
    app = get_app(ctx)
    app.migrate()
    for line in missing_prompts_report(app):
        typer.echo(line, err=True)
    check_writable(app.sessions)  # one clear line instead of a server that cannot store anything
    server = build_server(app.settings.ivr, app.sessions, host=host, port=port)
    signal.signal(signal.SIGTERM, lambda *_: server.request_stop())
    server.start()
    typer.echo("FastAGI on agi://{}:{}/  (routes: survey, script/<name>)".format(*server.address))
    try:
        server.wait()
    except KeyboardInterrupt:
        typer.echo("stopping: letting calls in progress finish")
    finally:
        server.stop()


def missing_prompts_report(app: App, shown: int = 12) -> list[str]:
    """Lines telling which prompt files (survey in every language, active scripts) do not exist yet."""
    library = prompt_library(app.settings.ivr)
    texts = survey_texts(LANGUAGES) + _script_prompts(app, fallback=False)
    missing = library.missing((t.namespace, t.name, t.language) for t in texts)
    if not missing:
        return []
    log.warning("%d of %d prompt files missing in %s", len(missing), len(texts), library.prompts_dir)
    more = f" and {len(missing) - shown} more" if len(missing) > shown else ""
    return [
        f"warning: {len(missing)} of {len(texts)} prompt files are missing in {library.prompts_dir} "
        f"(no recording in {library.custom_dir} either): {', '.join(missing[:shown])}{more}",
        f"         calls needing them hear silence and end as errors; build them: {BUILD_COMMAND}",
    ]


def _script_prompts(app: App, *, fallback: bool = True) -> list[PromptText]:
    """Prompts of every active script in the database, else (``fallback``) of the shipped default script."""
    texts: list[PromptText] = []
    try:
        with app.uow() as session:
            repo = ScriptRepository(session)
            for script in repo.list_scripts():
                if script.active_version_id is not None:
                    _row, doc = active_document(session, script.name)
                    texts += script_texts(doc.name, doc.prompts)
    except (StorageError, SQLAlchemyError) as exc:
        reason = str(exc).splitlines()[0]
        log.warning("scripts in the database not read (%s); using the shipped default script", reason)
    if not texts and fallback:
        try:
            doc = load_script_file(default_script_path())
            texts = script_texts(doc.name, doc.prompts)
        except ScriptValidationError as exc:
            log.warning("default script not rendered: %s", exc)
    return texts


@prompts_app.command("build")
def prompts_build(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option("--force", help="Render unchanged texts too.")] = False,
    scripts: Annotated[bool, typer.Option("--scripts/--no-scripts", help="Also script prompts.")] = True,
) -> None:
    """Render survey (ru, kk, en) and dialogue-script prompts to 8 kHz mono WAV with espeak-ng + sox."""
    app = get_app(ctx)
    library = prompt_library(app.settings.ivr)
    texts = survey_texts(LANGUAGES) + (_script_prompts(app) if scripts else [])
    report = build(library, texts, force=force)
    typer.echo(f"{report.rendered} prompts rendered, {report.unchanged} unchanged, in {library.prompts_dir}")
    for language, voice in (report.fallbacks or {}).items():
        typer.echo(f"note: espeak-ng has no {language} voice here; {language} prompts use the {voice} voice")
    typer.echo(f"recorded files in {library.custom_dir}/<lang>/<group>/<name>.wav override them")


@surveys_app.command("export")
def surveys_export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json or csv.")] = "json",
    since: Annotated[str | None, typer.Option(help="From (inclusive; UTC if no zone).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date/time (exclusive).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default stdout).")] = None,
) -> None:
    """Export survey responses: call_id, agent, queue, rating, status, attempts, language, times, verified.

    verified: true when the call's PBX recording was ingested, pending within reports.unverified_after_hours
    of the survey, false after that (a rating Asterisk may never have had: docs/operations.md, security)."""
    if fmt not in FORMATS:
        raise IvrError(f"unknown export format {fmt!r}: use json or csv")
    app = get_app(ctx)
    hours = app.settings.reports.unverified_after_hours
    with app.uow() as session:
        repo = SurveyRepository(session)
        rows = repo.export(parse_when(since), parse_when(until), verify_after_hours=hours)
    text = render(rows, fmt)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"{len(rows)} survey responses written to {output}")


def register(root: typer.Typer) -> None:
    """Add this area's commands to the root `sapa` app."""
    root.command("agi")(agi)
    root.add_typer(prompts_app, name="prompts")
    root.add_typer(surveys_app, name="surveys")
