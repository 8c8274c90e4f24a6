"""Scorecards served live: scoping per role, drill-down links into /calls, CSV and XLSX downloads."""

from __future__ import annotations

import html
import re

from tests.web.seed import Seeded


def _links(report_html: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="(/calls\?[^"]+)"', report_html)]


def test_agent_scorecards_drill_down_to_failed_calls(client_for, seeded: Seeded) -> None:
    qa = client_for("qa")
    report = qa.get("/scorecards/report?period=2026-11&by=agent").text
    assert '<base target="_top">' in report
    link = next(u for u in _links(report) if "agent=1001" in u and "item=greeting" in u and "failed=1" in u)
    calls = qa.get(link).text
    assert re.findall(r'<a href="/calls/(\d+)">', calls) == [str(seeded.calls["c-1001-1"])]


def test_lead_sees_only_own_team(client_for, seeded: Seeded) -> None:
    report = client_for("lead").get("/scorecards/report?period=2026-11&by=team&team=south").text
    assert "north" in report and "south" not in report


def test_agent_gets_own_scorecard_only(client_for, seeded: Seeded) -> None:
    report = client_for("agent1").get("/scorecards/report?period=2026-11&by=centre").text
    assert "1001" in report and "2001" not in report and "1002" not in report


def test_downloads(client_for, seeded: Seeded) -> None:
    qa = client_for("qa")
    csv = qa.get("/scorecards/download.csv?period=2026-11&by=agent")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    text = csv.content.decode("utf-8-sig")
    assert "1001" in text and "2001" in text
    xlsx = qa.get("/scorecards/download.xlsx?period=2026-11&by=team")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert qa.get("/scorecards/download.pdf").status_code == 400
    assert qa.get("/scorecards?period=2026-99").status_code == 400
