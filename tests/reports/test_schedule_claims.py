"""A report whose writer died between its claim and the file (SIGKILL, OOM: the message comes back) is
written by a later run once the claim is stale; a fresh claim or a written file is never taken over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from reports.config import Schedule
from sapa.report_schedule import STALE_CLAIM, due_period, report_path, run_schedule
from sapa.wiring import App
from storage.models import ReportRun
from tests.reports import data

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def claimed(app: App) -> App:
    """The daily report of NOW claimed by a writer that then died (a row, no file)."""
    with app.uow() as session:
        data.load(session)
    app.settings.reports.schedules = {"daily": Schedule(period="day", by="team", at="07:00")}
    cfg = app.settings.reports
    schedule = cfg.schedules["daily"]
    period = due_period(schedule, NOW, cfg.timezone)
    path = report_path(cfg, "daily", schedule, period)
    with app.uow() as session:
        session.add(
            ReportRun(schedule="daily", period=period.label, path=str(path), run_at=datetime.now(UTC))
        )
    return app


def _age_claim(app: App, by: timedelta) -> None:
    with app.uow() as session:
        session.execute(update(ReportRun).values(run_at=datetime.now(UTC) - by))


def test_a_fresh_claim_is_left_to_its_writer(claimed: App) -> None:
    assert run_schedule(claimed, "daily", NOW) is None


def test_a_stale_claim_without_its_file_is_taken_over_once(claimed: App) -> None:
    _age_claim(claimed, STALE_CLAIM + timedelta(minutes=1))
    result = run_schedule(claimed, "daily", NOW)
    assert result is not None and result.path is not None and result.path.is_file()
    assert run_schedule(claimed, "daily", NOW) is None  # written now: nothing more to do
    with claimed.uow() as session:
        assert len(session.scalars(select(ReportRun)).all()) == 1


def test_a_stale_claim_whose_file_exists_is_not_rewritten(claimed: App) -> None:
    with claimed.uow() as session:
        path = session.scalars(select(ReportRun.path)).one()
    from pathlib import Path

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("written by the first worker", encoding="utf-8")
    _age_claim(claimed, STALE_CLAIM * 3)
    assert run_schedule(claimed, "daily", NOW) is None
    assert Path(path).read_text(encoding="utf-8") == "written by the first worker"
