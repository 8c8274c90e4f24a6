"""`sapa report`: scorecards and summaries as HTML, CSV or XLSX; `sapa report schedule`: scheduled reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reports.config import Grouping, OutputFormat
from reports.exceptions import ReportsError
from reports.periods import parse_period
from reports.service import default_name, make_report, write_report
from sapa.commands.core import get_app
from sapa.exceptions import SapaError
from sapa.report_schedule import enqueue_pending, history, run_pending

report_app = typer.Typer(help="Scorecards and reports.", invoke_without_command=True)


@report_app.callback()
def report(
    ctx: typer.Context,
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="2026-11-22, 2026-W47, 2026-11, 2026-Q4 or 2026.")
    ] = None,
    by: Annotated[Grouping, typer.Option("--by", help="agent, team, queue, language or centre.")] = "centre",
    fmt: Annotated[OutputFormat | None, typer.Option("--format", "-f", help="html, csv or xlsx.")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (default: reports folder).")
    ] = None,
    public: Annotated[bool, typer.Option("--public", help="Aggregate report without personal data.")] = False,
    agent: Annotated[str | None, typer.Option("--agent", help="Only this agent extension.")] = None,
    team: Annotated[str | None, typer.Option("--team", help="Only this team.")] = None,
) -> None:
    """Write a report for one period, grouped by agent, team, queue, language or the whole centre."""
    if ctx.invoked_subcommand is not None:
        return
    if period is None:
        raise ReportsError("--period is required, e.g. --period 2026-11 (see sapa report --help)")
    app = get_app(ctx)
    cfg = app.settings.reports
    parsed = parse_period(period)
    chosen = fmt or _format_from(out)
    target = out or Path(cfg.out_dir) / default_name(parsed, by, chosen, public=public)
    rep = make_report(app.sessions, cfg, parsed, by, agent=agent, team=team, public=public)
    path = write_report(rep, cfg, chosen, target)
    typer.echo(f"report written to {path}")


def _format_from(out: Path | None) -> str:
    suffix = out.suffix.lower().lstrip(".") if out else ""
    return suffix if suffix in ("html", "csv", "xlsx") else "html"


@report_app.command("schedule")
def schedule(
    ctx: typer.Context,
    run_pending_: Annotated[
        bool, typer.Option("--run-pending", help="Write every due report not written yet (catch-up), once.")
    ] = False,
    enqueue: Annotated[
        bool, typer.Option("--enqueue", help="With --run-pending: queue them for `sapa worker`.")
    ] = False,
) -> None:
    """List the schedules and the reports written; with --run-pending, catch up (safe to run from cron)."""
    app = get_app(ctx)
    cfg = app.settings.reports
    if enqueue:
        if not run_pending_:
            raise SapaError("--enqueue goes with --run-pending")
        names = enqueue_pending(app)
        typer.echo(f"queued {len(names)} report(s): {', '.join(names) or '-'}")
        return
    if run_pending_:
        results = run_pending(app)
        for r in results:
            mail = " (e-mailed)" if r.emailed else (f" (e-mail failed: {r.error})" if r.error else "")
            typer.echo(f"{r.schedule} {r.period}: {r.path}{mail}")
        typer.echo(f"{len(results)} report(s) written")
        return
    for name, s in cfg.schedules.items():
        state = "on" if s.enabled else "off"
        to = ", ".join(s.email_to) or "-"
        typer.echo(f"{name}\t{state}\t{s.period} at {s.at}\tby {s.by}\t{s.format}\tmail: {to}")
    for run in history(app, 20):
        typer.echo(f"  {run.run_at:%Y-%m-%d %H:%M} {run.schedule} {run.period} {run.path}")


def register(root: typer.Typer) -> None:
    """Add this area's commands to the root `sapa` app."""
    root.add_typer(report_app, name="report")
