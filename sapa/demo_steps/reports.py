"""The demo step: write the four kinds of report for the month of the newest demo call."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from reports.periods import Period, containing
from reports.service import make_report, write_report
from sapa.wiring import App
from storage.models import Call

DEMO_REPORTS = (("agent", False), ("team", False), ("centre", False), ("centre", True))


def demo_period(app: App) -> Period:
    """The month of the newest call (the current month when there are no calls yet)."""
    with app.uow() as session:
        newest = session.scalar(select(func.max(Call.started_at)))
    if isinstance(newest, datetime) and newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    return containing("month", newest or datetime.now(UTC), app.settings.reports.timezone)


def write_demo_reports(app: App, out_dir: Path | None = None) -> list[Path]:
    cfg = app.settings.reports
    period = demo_period(app)
    folder = out_dir or Path(cfg.out_dir) / "demo"
    paths = []
    for by, public in DEMO_REPORTS:
        report = make_report(app.sessions, cfg, period, by, public=public)
        name = f"{period.label}-{'public' if public else by}.html"
        paths.append(write_report(report, cfg, "html", folder / name))
    return paths
