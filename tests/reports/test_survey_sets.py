"""Resolved rate and NPS from survey-set answers, per agent and queue, counted by hand (SQL aggregate).

On top of tests/reports/data.py (November 2026): c1 (agent 1001, support) resolved yes, NPS 10;
c2 (1001, support) resolved no, NPS 6; c5 (2001, support) NPS 8 only; c3 (1002, billing) resolved yes;
c6 (1001, December) resolved no — outside November.
Agent 1001: resolved 1/2 = 50 %, NPS (1 promoter − 1 detractor) / 2 = 0; 2001: NPS 0 promoters 0
detractors of 1 = 0, resolved none; queue support: resolved 50 %, NPS (1 − 1) / 3 × 100 = 0;
centre: resolved 2/3, NPS 0 / 3.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from reports.config import ReportsConfig
from reports.metrics import Scope, compute
from reports.periods import parse_period
from sapa.wiring import App
from storage.models import Agent, Queue, SurveyAnswer, SurveyResponse
from tests.reports import data

NOV = parse_period("2026-11")


@pytest.fixture
def answered(app: App) -> App:
    with app.uow() as session:
        calls = {c.external_id: c for c in data.load(session)["calls"]}
        given = {"c1": [("resolved", 1), ("nps", 10)], "c2": [("resolved", 0), ("nps", 6)]}
        given |= {"c5": [("nps", 8)], "c3": [("resolved", 1)], "c6": [("resolved", 0)]}
        for ext, answers in given.items():
            sid = session.scalar(select(SurveyResponse.id).where(SurveyResponse.call_id == calls[ext].id))
            for kind, value in answers:
                session.add(
                    SurveyAnswer(
                        survey_response_id=sid,
                        call_id=calls[ext].id,
                        question_id=kind,
                        kind=kind,
                        value=value,
                    )
                )
    return app


def _values(app: App, by: str) -> dict:
    with app.uow() as session:
        rows = compute(session, Scope([NOV], by, "Asia/Almaty"), ReportsConfig(), items=False)
        names = {a.id: a.extension for a in session.scalars(select(Agent))}
        names |= {-q.id: q.name for q in session.scalars(select(Queue))}
    sign = -1 if by == "queue" else 1
    return {names.get(sign * k, k) if k is not None else None: v for (_b, k), v in rows.values.items()}


def test_resolved_and_nps_per_agent(answered: App) -> None:
    v = _values(answered, "agent")
    assert (v["1001"]["resolved_answers"], v["1001"]["resolved_pct"]) == (2, pytest.approx(50))
    assert (v["1001"]["nps_answers"], v["1001"]["nps"]) == (2, pytest.approx(0))
    assert v["1002"]["resolved_pct"] == pytest.approx(100) and v["1002"].get("nps") is None
    assert (v["2001"]["nps_answers"], v["2001"]["nps"], v["2001"].get("resolved_pct")) == (1, 0, None)


def test_resolved_and_nps_per_queue_and_centre(answered: App) -> None:
    q = _values(answered, "queue")
    assert q["support"]["resolved_pct"] == pytest.approx(50) and q["support"]["nps"] == pytest.approx(0)
    assert q["billing"]["resolved_pct"] == pytest.approx(100)
    centre = _values(answered, "centre")[None]
    assert centre["resolved_pct"] == pytest.approx(200 / 3) and centre["nps_answers"] == 3
    assert centre["calls"] == 6  # the answers' join does not multiply the per-call metrics
