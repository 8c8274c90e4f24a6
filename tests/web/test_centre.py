"""The generated demo centre: a month of ~20 agents in 3 teams, 2 queues, QA work, trends that differ."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime

from sqlalchemy import func, select

from sapa.bootstrap import load_default_data
from sapa.demo_data import load_demo_org
from sapa.demo_steps.centre import SOURCE, generate
from sapa.wiring import App
from storage.models import AgentNotice, Call, Dispute, Evaluation, ItemResult, QaAssignment, Queue, Team

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


def test_a_month_of_a_centre(web_app: App) -> None:
    web_app.migrate()
    load_default_data(web_app)
    load_demo_org(web_app)
    counts = generate(web_app, now=NOW)
    assert counts["agents"] == 20 and counts["teams"] == 3
    assert 1500 <= counts["calls"] <= 5000
    with web_app.uow() as session:
        calls = session.scalar(select(func.count(Call.id)).where(Call.source == SOURCE))
        assert calls == counts["calls"]
        assert session.scalar(select(func.count(Queue.id)).where(Queue.name.in_(("support", "billing")))) == 2
        assert session.scalar(select(func.count(Team.id))) == 3
        first, last = session.execute(select(func.min(Call.started_at), func.max(Call.started_at))).one()
        assert (last - first).days >= 27 and last <= NOW
        assert session.scalar(select(func.count(ItemResult.id)).where(ItemResult.overridden.is_(True))) > 10
        assert session.scalar(select(func.count(Dispute.id))) > 3
        open_items = session.scalar(select(func.count(QaAssignment.id)).where(QaAssignment.status == "open"))
        done = session.scalar(select(func.count(QaAssignment.id)).where(QaAssignment.status == "done"))
        assert open_items > 10 and done > 50
        acknowledged = session.scalar(select(func.count(AgentNotice.acknowledged_at)))
        notices = session.scalar(select(func.count(AgentNotice.id)))
        assert 0 < acknowledged < notices
        means = [
            float(m)
            for (m,) in session.execute(
                select(func.avg(Evaluation.score))
                .join(Call, Call.id == Evaluation.call_id)
                .group_by(Call.agent_id)
            )
        ]
        assert len(means) == 20 and statistics.pstdev(means) > 2.0  # agents differ
    assert generate(web_app, now=NOW) == {"calls": 0, "existing": counts["calls"]}  # once only
