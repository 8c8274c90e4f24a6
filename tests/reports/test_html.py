"""Rendered reports: escaping, coaching note, links to calls, targets, public view, no external resources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reports.assemble import build_report
from reports.exceptions import ReportsError
from reports.periods import parse_period
from reports.render import render_html
from reports.service import make_report, write_report
from sapa.wiring import App
from tests.reports import data

NOV = parse_period("2026-11")
EVIL = '<script>alert("x")</script>'


@pytest.fixture
def evil_app(sqlite_app: App) -> App:
    with sqlite_app.uow() as session:
        data.load(session, agent_name=EVIL)
    return sqlite_app


def _html(app: App, by: str, **kw: object) -> str:
    report = make_report(app.sessions, app.settings.reports, NOV, by, **kw)  # type: ignore[arg-type]
    return render_html(report, app.settings.reports, language="en")  # the texts asserted below


def test_agent_name_with_markup_is_rendered_as_text(evil_app: App) -> None:
    for by in ("agent", "team"):
        html = _html(evil_app, by)
        assert "<script" not in html.lower()
        assert "&lt;script&gt;alert(" in html


def test_agent_scorecards_carry_the_coaching_note_and_violation_links(evil_app: App) -> None:
    html = _html(evil_app, "agent")
    cards = html.count('<section class="card">')
    assert cards == 3
    assert html.count("For coaching, not penalties.") == cards
    assert '<a href="/calls?period=2026-11&amp;agent=1001&amp;item=greeting&amp;failed=1">1</a>' in html
    assert '<a href="/calls?period=2026-11&amp;agent=1001&amp;critical=1">1</a>' in html
    assert '<a href="/calls?period=2026-11&amp;agent=1001&amp;long=1">1</a>' in html


def test_targets_and_trend_are_shown(evil_app: App) -> None:
    html = _html(evil_app, "centre")
    row = re.search(r"<tr><td title=\"[^\"]*\">CSAT</td>(.*?)</tr>", html, re.S)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert cells[0] == "66.7 %" and "≥ 80.0 %" in cells[1] and "missed" in cells[2]
    assert cells[3] == "0.0 %" and "+66.7 pp" in cells[4] and "better" in cells[4]


def test_self_contained_no_external_resources(evil_app: App) -> None:
    html = _html(evil_app, "agent")
    assert "<svg" in html and html.count("<svg") == 9  # three charts per scorecard
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", html)
    assert "@media print" in html


def test_public_report_has_no_personal_data(evil_app: App) -> None:
    html = _html(evil_app, "centre", public=True)
    for personal in ("1001", "1002", "2001", "alert", "Данияр", "Ерлан", "/calls?"):
        assert personal not in html
    assert "No personal data" in html
    assert "Beta" not in html and "with fewer than 5 calls are not shown" in html  # Beta has 2 calls
    with pytest.raises(ReportsError, match="no personal data"):
        _html(evil_app, "agent", public=True)


def test_empty_database_renders(sqlite_app: App, tmp_path: Path) -> None:
    cfg = sqlite_app.settings.reports
    with sqlite_app.uow() as session:
        for by in ("agent", "team", "queue", "language", "centre"):
            html = render_html(build_report(session, cfg, NOV, by), cfg, language="en")
            assert "—" in html and "Traceback" not in html
    out = write_report(make_report(sqlite_app.sessions, cfg, NOV, "centre"), cfg, "html", tmp_path / "e.html")
    assert "В этом периоде звонков нет." in out.read_text()  # written in reports.language (ru)


def test_single_agent_and_unknown_filters(evil_app: App) -> None:
    html = _html(evil_app, "agent", agent="2001")
    assert html.count('<section class="card">') == 1 and "2001 Ерлан Жумабаев" in html
    calls_row = re.search(r"Calls handled</td>(.*?)</tr>", html, re.S)
    assert calls_row is not None and "<th>Whole centre</th>" in html
    assert re.findall(r"<td>(.*?)</td>", calls_row.group(1), re.S)[-1] == "6"  # centre, not the agent
    with pytest.raises(ReportsError, match="no agent '9999'"):
        _html(evil_app, "agent", agent="9999")
    with pytest.raises(ReportsError, match="no team 'Gamma'"):
        _html(evil_app, "team", team="Gamma")


def test_rows_without_a_group_key_have_no_drill_down_links(evil_app: App) -> None:
    from storage.models import Call, Evaluation

    with evil_app.uow() as session:
        call = Call(external_id="no-queue", started_at=data.local(2026, 11, 5, 12, 0), duration_s=1200)
        session.add(call)
        session.flush()
        session.add(Evaluation(call_id=call.id, score=10, passed=False, critical_failures=2))
    html = _html(evil_app, "queue")
    row = re.search(r'<td class="name">\(no queue\)</td>(.*?)</tr>', html, re.S)
    assert row is not None and "<td>2" in row.group(1) and "<a " not in row.group(1)
    assert '<a href="/calls?period=2026-11&amp;queue=support&amp;critical=1">1</a>' in html
