"""The `sapa` command. Each area registers its commands from sapa/commands/<area>.py."""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import click
import typer
from sqlalchemy.exc import SQLAlchemyError

from asr.exceptions import AsrError
from dialogue.exceptions import DialogueError
from ivr.exceptions import IvrError
from reports.exceptions import ReportsError
from sapa.commands import asr as asr_commands
from sapa.commands import core, demo, followups, ivr, jobs, qa, report, score, script, web, worker
from sapa.exceptions import SapaError
from sapa.settings import load_settings
from sapa.wiring import App, configure_logging
from scoring.exceptions import ScoringError
from storage.exceptions import StorageError

USER_ERRORS = (SapaError, StorageError, IvrError, DialogueError, ScoringError, AsrError, ReportsError)

app = typer.Typer(
    name="sapa",
    help="Sapa: call-centre quality — IVR survey, transcription, checklist scoring, reports, web UI.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    config: Annotated[
        str | None, typer.Option("--config", "-c", help="Config file (default ./config.yaml).")
    ] = None,
    database_url: Annotated[str | None, typer.Option("--database-url", help="Override database.url.")] = None,
    log_level: Annotated[str | None, typer.Option("--log-level", help="DEBUG, INFO, WARNING, ERROR.")] = None,
) -> None:
    overrides: dict[str, object] = {}
    if database_url:
        overrides["database"] = {"url": database_url}
    if log_level:
        overrides["log_level"] = log_level
    settings = load_settings(config, **overrides)
    configure_logging(settings.log_level)
    ctx.obj = App(settings)
    ctx.call_on_close(ctx.obj.close)


for module in (core, script, ivr, score, asr_commands, jobs, report, followups, web, qa, worker, demo):
    module.register(app)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {lines[0] if lines else ''}"


def main(argv: list[str] | None = None) -> int:
    """Entry point: user errors become one line on stderr and exit code 1, never a traceback."""
    try:
        result = app(args=argv, standalone_mode=False)
    except (click.exceptions.Abort, typer.Abort):
        typer.echo("aborted", err=True)
        return 130
    except (click.exceptions.Exit, typer.Exit) as exc:
        return int(exc.exit_code)
    except (click.ClickException, typer.TyperException) as exc:
        # typer vendors its own click: its usage errors are TyperException subclasses with show()
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            typer.echo(f"error: {exc}", err=True)
        return int(getattr(exc, "exit_code", 2))
    except USER_ERRORS as exc:
        logging.getLogger("sapa").debug("user error", exc_info=True)
        typer.echo(f"error: {exc}", err=True)
        return 1
    except SQLAlchemyError as exc:  # unreachable, full, read-only or locked database
        logging.getLogger("sapa").debug("database error", exc_info=True)
        typer.echo(f"error: database: {_first_line(getattr(exc, 'orig', None) or exc)}", err=True)
        return 1
    except OSError as exc:  # full disk, permissions, missing files the commands did not check
        logging.getLogger("sapa").debug("system error", exc_info=True)
        where = f": {exc.filename}" if exc.filename else ""
        typer.echo(f"error: {exc.strerror or _first_line(exc)}{where}", err=True)
        return 1
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
