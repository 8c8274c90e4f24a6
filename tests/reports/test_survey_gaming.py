"""Survey gaming on the team scorecard, fed the way production is: the PBX reports every answered call to
the real FastAGI server (survey route with ended=agent|caller), then the team report is built and rendered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from ivr.agi.routes import build_server
from ivr.agi.simulator import simulate_call
from reports.config import SurveyGamingConfig
from reports.gaming import SurveyStats, flags_for, survey_gaming
from reports.periods import containing
from reports.render import render_html
from reports.service import make_report
from sapa.wiring import App
from storage.repositories.org import AgentRepository


@pytest.fixture
def reported(app: App, tmp_path: object) -> Iterator[App]:
    """Team A: 3001 surveys every call; 3002 keeps 6 of 9 callers on the line until they hang up and has
    only 5s on the rest; 3003 is too new (3 calls) to be judged."""
    app.migrate()
    with app.uow() as session:
        agents = AgentRepository(session)
        for ext in ("3001", "3002", "3003"):
            agents.add(ext, f"Agent {ext}", "Team A")
    server = build_server(app.settings.ivr, app.sessions, host="127.0.0.1", port=0)
    server.start()

    def call(uid: str, agent: str, ended: str, key: str | None) -> None:
        script = f"survey?agent={agent}&queue=support&ended={ended}"
        simulate_call(server.address, uid, [key] if key else [], script=script)

    try:
        for i, rating in enumerate("435443254"):
            call(f"g-3001-{i}", "3001", "agent", rating)
        for i in range(3):
            call(f"g-3002-{i}", "3002", "agent", "5")
        for i in range(3, 9):
            call(f"g-3002-{i}", "3002", "caller", None)
        for i in range(3):
            call(f"g-3003-{i}", "3003", "caller", None)
    finally:
        server.stop(grace_s=5)
    yield app


def test_team_scorecard_flags_the_agent_whose_calls_escape_the_survey(reported: App) -> None:
    cfg = reported.settings.reports
    period = containing("month", datetime.now(UTC), cfg.timezone)
    with reported.uow() as session:
        view = survey_gaming(session, period, cfg.timezone, cfg.survey_gaming)
    by_ext = {a.extension: a for a in view.agents}
    assert (view.team.answered, view.team.offered) == (21, 12)
    s3001, s3002 = by_ext["3001"].stats, by_ext["3002"].stats
    assert (s3001.answered, s3001.offered, s3001.ended["agent"]) == (9, 9, 9)
    assert (s3002.answered, s3002.offered, s3002.ended["caller"]) == (9, 3, 6)
    assert s3002.ratings == [0, 0, 0, 0, 3]
    assert [a.extension for a in view.flagged] == ["3002"]
    assert len(by_ext["3002"].flags) == 3  # offer rate, stayed to the end, all 5s on few surveys
    assert {label for _url, label in by_ext["3002"].calls} == {f"g-3002-{i}" for i in range(3, 9)}
    assert by_ext["3003"].flags == []  # below min_calls

    report = make_report(reported.sessions, cfg, period, "team")
    html = render_html(report, cfg, language="en")
    assert "Look at 3002 Agent 3002" in html
    assert "offers the survey on 33 % of answered calls (team 57 %)" in html
    assert "g-3002-8" in html and "Look at 3001" not in html


def test_nothing_flagged_when_the_team_behaves_alike() -> None:
    team = SurveyStats("team", 30, 24, {"agent": 24, "caller": 6, "transfer": 0}, [1, 1, 4, 8, 10])
    alike = SurveyStats("a", 10, 8, {"agent": 8, "caller": 2, "transfer": 0}, [0, 1, 1, 3, 3])
    assert flags_for(alike, team, SurveyGamingConfig()) == []
