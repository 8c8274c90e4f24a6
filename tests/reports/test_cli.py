"""`sapa report` and `sapa report schedule` as a user runs them (in-process, real files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from sapa.cli import main
from sapa.wiring import App
from tests.reports import data


@pytest.fixture
def url(sqlite_app: App, sqlite_url: str) -> str:
    with sqlite_app.uow() as session:
        data.load(session)
    return sqlite_url


def test_report_formats_and_default_path(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--database-url", url, "report"]
    assert main([*base, "--period", "2026-11", "--by", "agent", "--format", "html", "--out", "a.html"]) == 0
    assert "Карточка оператора: 1001" in (tmp_path / "a.html").read_text()  # reports.language: ru
    assert main([*base, "-p", "2026-W47", "--by", "team", "--out", "t.xlsx"]) == 0  # format from suffix
    assert load_workbook(tmp_path / "t.xlsx").sheetnames[0] == "summary"
    assert main([*base, "-p", "2026-Q4", "--by", "language", "-f", "csv"]) == 0
    assert (
        (tmp_path / "var/reports/2026-Q4-language.csv").read_text(encoding="utf-8-sig").startswith("period,")
    )
    assert main([*base, "-p", "2026", "--by", "centre", "--public"]) == 0
    assert "report written to var/reports/2026-public.html" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-13"], "error: invalid period '2026-13'"),
        ([], "error: --period is required"),
        (["-p", "2026-11", "--by", "agent", "--public"], "error: a public report has no personal data"),
        (["-p", "2026-11", "--by", "agent", "--agent", "42"], "error: no agent '42' in the database"),
    ],
)
def test_errors_are_one_line(
    url: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", url, "report", *args]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(message) and "\n" not in err


def test_schedule_run_pending_once(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", url, "report", "schedule", "--run-pending"]) == 0
    assert "3 report(s) written" in capsys.readouterr().out
    assert main(["--database-url", url, "report", "schedule", "--run-pending"]) == 0
    assert "0 report(s) written" in capsys.readouterr().out
    assert len(list((tmp_path / "var/reports").glob("*.html"))) == 3
    assert main(["--database-url", url, "report", "schedule"]) == 0
    listing = capsys.readouterr().out
    assert "daily\ton\tday at 07:00" in listing and listing.count("var/reports/") == 3
