"""CSV and XLSX exports hold the same table as the HTML, with raw numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.export import to_csv
from reports.periods import parse_period
from reports.service import make_report, write_report
from sapa.wiring import App
from tests.reports import data


@pytest.fixture
def report_app(app: App) -> App:
    with app.uow() as session:
        data.load(session, agent_name='=HYPERLINK("http://x")')
    return app


def _report(app: App, by: str = "agent"):
    return make_report(app.sessions, app.settings.reports, parse_period("2026-11"), by)


def test_csv_rows(report_app: App) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(_report(report_app)))))
    assert [r["group"].split()[0] for r in rows] == ["1001", "1002", "2001", "Whole"]
    a1, total = rows[0], rows[-1]
    assert a1["name"] == '\'=HYPERLINK("http://x")'  # never a live spreadsheet formula
    assert (a1["calls"], a1["qa_score_mean"], a1["csat_pct"], a1["team"]) == ("2", "75.0", "50.0", "Alpha")
    assert (a1["item_greeting_pct"], a1["rating_3"], a1["rating_5"]) == ("50.0", "1", "1")
    assert (total["grouping"], total["calls"], total["csat_pct"], total["agent_talk_pct"]) == (
        "total",
        "6",
        "66.67",
        "57.26",
    )
    assert rows[1]["csat_pct"] == ""  # no ratings: empty, not zero


def test_xlsx_sheets(report_app: App, tmp_path: Path) -> None:
    path = write_report(_report(report_app, "team"), report_app.settings.reports, "xlsx", tmp_path / "r.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["summary", "items", "targets"]
    summary = list(wb["summary"].iter_rows(values_only=True))
    header = summary[0]
    by_group = {(r[1], r[2]): dict(zip(header, r, strict=True)) for r in summary[1:]}
    assert by_group[("team", "Alpha")]["calls"] == 4
    assert by_group[("agent", '1001 =HYPERLINK("http://x")')]["name"].startswith("'=")
    assert by_group[("total", "Whole centre")]["qa_score_mean"] == 82.5
    items = list(wb["items"].iter_rows(values_only=True))
    assert ("2026-11", "team", "Alpha", "greeting", 3, 2, 1, 66.67, "greeting") in items  # no script: id
    targets = {r[0]: r for r in wb["targets"].iter_rows(values_only=True)}
    assert targets["csat_pct"][2] == 66.67 and targets["csat_pct"][8] == "missed"
    assert targets["handle_time_mean_s"][8] == "met"


def test_csv_file_has_bom_for_excel(report_app: App, tmp_path: Path) -> None:
    out = write_report(_report(report_app, "queue"), report_app.settings.reports, "csv", tmp_path / "q.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "support" in raw.decode("utf-8-sig")
