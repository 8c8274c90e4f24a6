"""Every metric against values counted by hand from tests/reports/data.py, on SQLite and PostgreSQL.

November 2026 (Asia/Almaty): calls c1 c2 c3 c4 c5 c8 (c6 is December local time, c7 October).
Durations known: 300 1000 600 200 200 (c8 unknown) -> mean 460, one call over 900 s -> 1/5 = 20 %.
Surveys: offered c1 c2 c3 c5 c8 (c4 skipped) = 5, completed c1=5 c2=3 c5=4 -> 60 %, mean 4.0, CSAT 2/3
(c8's rating 1 was abandoned during the confirmation and does not count).
Effective evaluations: c1 auto 90 pass, c2 auto 60 fail (1 critical), c3 human 80 pass (beats the current
auto 50 and its timings), c5 auto 100 pass -> mean 82.5, pass 75 %, critical calls 25 %.
Talk (c1, c2, c5): agent 120+500+50=670 of 220+800+150=1170; silence 80+200+20=300 of 1500 = 20 %.
"""

from __future__ import annotations

import pytest

from reports.config import ReportsConfig
from reports.metrics import Scope, compute
from reports.periods import parse_period
from sapa.wiring import App
from tests.reports import data

NOV = parse_period("2026-11")
TZ = "Asia/Almaty"


@pytest.fixture
def loaded(app: App) -> App:
    with app.uow() as session:
        data.load(session)
    return app


def _rows(app: App, by: str, periods: list | None = None, **filters: int):
    with app.uow() as session:
        return compute(session, Scope(periods or [NOV], by, TZ, **filters), ReportsConfig())


def test_centre_metrics_for_november(loaded: App) -> None:
    rows = _rows(loaded, "centre")
    v = rows.values[(0, None)]
    assert v["calls"] == 6
    assert v["handle_time_mean_s"] == pytest.approx(460)
    assert (v["long_calls"], v["long_calls_pct"]) == (1, pytest.approx(20))
    assert (v["survey_offered"], v["survey_completed"]) == (5, 3)
    assert v["response_rate_pct"] == pytest.approx(60)
    assert v["rating_mean"] == pytest.approx(4.0)
    assert [v[f"rating_{k}"] for k in range(1, 6)] == [0, 0, 1, 1, 1]
    assert v["csat_pct"] == pytest.approx(200 / 3)
    assert v["evaluated"] == 4
    assert v["qa_score_mean"] == pytest.approx(82.5)
    assert v["qa_pass_pct"] == pytest.approx(75)
    assert (v["critical_failures"], v["critical_calls"]) == (1, 1)
    assert v["critical_calls_pct"] == pytest.approx(25)
    assert v["agent_talk_pct"] == pytest.approx(100 * 670 / 1170)
    assert v["silence_pct"] == pytest.approx(20)


def test_item_compliance_uses_effective_answers(loaded: App) -> None:
    items = _rows(loaded, "centre").items[None]
    g, f, p = items["greeting"], items["farewell"], items["no_profanity"]
    assert (g.applicable, g.passed, g.failed, g.compliance_pct) == (4, 3, 1, pytest.approx(75))
    assert (f.applicable, f.passed, f.failed, f.compliance_pct) == (3, 3, 0, pytest.approx(100))
    assert (p.applicable, p.passed, p.failed) == (4, 3, 1)


def test_by_agent(loaded: App) -> None:
    rows = _rows(loaded, "agent")
    ids = {a.extension: a.id for a in _agents(loaded)}
    a1, a2, a3 = (rows.values[(0, ids[e])] for e in ("1001", "1002", "2001"))
    assert (a1["calls"], a1["handle_time_mean_s"], a1["long_calls_pct"]) == (2, 650, 50)
    assert (a1["response_rate_pct"], a1["rating_mean"], a1["csat_pct"]) == (100, 4.0, 50)
    assert (a1["qa_score_mean"], a1["qa_pass_pct"], a1["critical_failures"]) == (75, 50, 1)
    assert a1["agent_talk_pct"] == pytest.approx(100 * 620 / 1020)
    assert a1["silence_pct"] == pytest.approx(100 * 280 / 1300)
    a2_survey = (a2["survey_offered"], a2["survey_completed"], a2["response_rate_pct"])
    assert (a2["calls"], a2["handle_time_mean_s"], a2_survey) == (2, 600, (2, 0, 0))
    assert a2["rating_mean"] is None and a2["csat_pct"] is None
    assert (a2["qa_score_mean"], a2["agent_talk_pct"]) == (80, None)
    assert (a3["calls"], a3["survey_offered"], a3["csat_pct"], a3["qa_score_mean"]) == (2, 1, 100, 100)
    assert rows.items[ids["1001"]]["greeting"].failed == 1


def test_by_team_queue_language(loaded: App) -> None:
    team = {k: v["calls"] for (b, k), v in _rows(loaded, "team").values.items()}
    ids = {t.name: t.id for t in _teams(loaded)}
    assert team == {ids["Alpha"]: 4, ids["Beta"]: 2}
    lang = _rows(loaded, "language").values
    assert (lang[(0, "ru")]["calls"], lang[(0, "kk")]["calls"]) == (5, 1)
    assert lang[(0, "kk")]["qa_score_mean"] == 60
    queue = _rows(loaded, "queue").values
    assert sorted(v["calls"] for v in queue.values()) == [2, 4]


def test_buckets_give_previous_period(loaded: App) -> None:
    rows = _rows(loaded, "centre", periods=NOV.last(3))  # Sep, Oct, Nov
    assert (1, None) in rows.values and (0, None) not in rows.values
    octo = rows.values[(1, None)]
    assert (octo["calls"], octo["csat_pct"], octo["qa_score_mean"]) == (1, 0, 40)
    assert rows.values[(2, None)]["calls"] == 6


def test_filters_and_day_and_week_periods(loaded: App) -> None:
    ids = {a.extension: a.id for a in _agents(loaded)}
    assert _rows(loaded, "centre", agent_id=ids["1001"]).values[(0, None)]["calls"] == 2
    day = _rows(loaded, "centre", periods=[parse_period("2026-11-30")]).values
    assert day[(0, None)]["calls"] == 1  # c5 (23:30 local); c6 is already 1 December locally
    week = _rows(loaded, "centre", periods=[parse_period("2026-W45")]).values  # 2-8 Nov
    assert week[(0, None)]["calls"] == 1
    assert _rows(loaded, "centre", periods=[parse_period("2027-01")]).values == {}


def _agents(app: App) -> list:
    from sqlalchemy import select

    from storage.models import Agent

    with app.uow() as session:
        return list(session.scalars(select(Agent)))


def _teams(app: App) -> list:
    from sqlalchemy import select

    from storage.models import Team

    with app.uow() as session:
        return list(session.scalars(select(Team)))


def test_two_current_evaluations_count_once_newest_wins(loaded: App) -> None:
    from sqlalchemy import select

    from storage.models import Call, Evaluation

    with loaded.uow() as session:
        c5 = session.scalar(select(Call).where(Call.external_id == "c5"))
        assert c5 is not None
        session.add(Evaluation(call_id=c5.id, score=50, passed=False, critical_failures=0))
    v = _rows(loaded, "centre").values[(0, None)]
    assert (v["calls"], v["evaluated"], v["survey_completed"]) == (6, 4, 3)
    assert v["qa_score_mean"] == pytest.approx((90 + 60 + 80 + 50) / 4)
