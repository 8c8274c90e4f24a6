"""QA work queue: sampling rules, balanced assignment, review -> leaves the queue, agents' notices,
acknowledgement, dispute window, a team lead's progress, `sapa qa sample`."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from sapa.cli import main
from sapa.wiring import App
from storage.models import AgentNotice, Call, Evaluation, ItemResult, QaAssignment, SurveyResponse, User
from tests.web.conftest import csrf_of
from tests.web.seed import T0, Seeded
from web.config import SamplingConfig
from web.workqueue import needs_review_calls, sample

NOW = T0 + timedelta(days=2)
OLD_AGENTS = SamplingConfig(random_per_agent_week=1, new_agent_days=0, max_rating=2)


def _mark(web_app: App, seeded: Seeded) -> None:
    """c-1002-0: a critical failure; c-2001-0: rated 1 by the caller."""
    with web_app.uow() as session:
        session.execute(
            update(Evaluation)
            .where(Evaluation.call_id == seeded.calls["c-1002-0"])
            .values(critical_failures=1)
        )
        session.execute(
            update(SurveyResponse).where(SurveyResponse.call_id == seeded.calls["c-2001-0"]).values(rating=1)
        )


def _assignments(web_app: App) -> dict[int, tuple[str, int | None]]:
    with web_app.uow() as session:
        rows = session.execute(
            select(QaAssignment.call_id, QaAssignment.reason, QaAssignment.assignee_user_id)
        )
        return {call_id: (reason, uid) for call_id, reason, uid in rows}


def test_sampling_rules_balance_and_idempotence(web_app: App, seeded: Seeded) -> None:
    _mark(web_app, seeded)
    with web_app.uow() as session:
        result = sample(session, OLD_AGENTS, now=NOW)
    got = _assignments(web_app)
    assert got[seeded.calls["c-1002-0"]][0] == "critical"
    assert got[seeded.calls["c-2001-0"]][0] == "low_rating"
    per_agent = Counter()
    with web_app.uow() as session:
        for call_id, (reason, _) in got.items():
            if reason == "random":
                per_agent[session.get(Call, call_id).agent_id] += 1
    assert sorted(per_agent.values()) == [1, 1, 1]  # one random call per agent and week
    load = Counter(uid for _, uid in got.values())
    assert len(load) == 2 and max(load.values()) - min(load.values()) <= 1  # qa and qa2, balanced
    assert result.total == len(got) == 5
    with web_app.uow() as session:
        again = sample(session, OLD_AGENTS, now=NOW)
    assert again.total == 0 and _assignments(web_app) == got  # re-running adds nothing


def test_random_choice_is_seeded_and_new_agents_get_more(web_app: App, seeded: Seeded) -> None:
    with web_app.uow() as session:
        sample(session, SamplingConfig(random_per_agent_week=1, new_agent_days=0, seed=1), now=NOW)
        first = set(session.scalars(select(QaAssignment.call_id)))
        session.execute(QaAssignment.__table__.delete())
        sample(session, SamplingConfig(random_per_agent_week=1, new_agent_days=0, seed=1), now=NOW)
        assert set(session.scalars(select(QaAssignment.call_id))) == first
        session.execute(QaAssignment.__table__.delete())
        sample(
            session, SamplingConfig(random_per_agent_week=0, new_agent_days=30, new_agent_calls_week=3), NOW
        )
        reasons = Counter(session.scalars(select(QaAssignment.reason)))
    assert reasons["new_agent"] == 9 - reasons["critical"] - reasons["low_rating"]  # every call: all are new


def test_needs_review_rule_reads_the_column_only_when_the_model_has_it(web_app: App, seeded: Seeded) -> None:
    """The scoring branch adds item_results.needs_review; until then the rule selects nothing."""
    with web_app.uow() as session:
        window = Call.started_at < NOW
        if not hasattr(ItemResult, "needs_review"):
            assert needs_review_calls(session, window) == set()
            return
        item = session.get(ItemResult, seeded.items["c-1001-2/farewell"])
        item.needs_review = True  # type: ignore[attr-defined]
        session.flush()
        assert needs_review_calls(session, window) == {seeded.calls["c-1001-2"]}


def test_no_qa_specialist_means_nothing_assigned(web_app: App, seeded: Seeded) -> None:
    with web_app.uow() as session:
        session.execute(update(User).where(User.role == "qa").values(active=False))
        assert sample(session, OLD_AGENTS, now=NOW).total == 0


def _post(client: TestClient, url: str, page: str, **data: str):
    return client.post(
        url, data={**data, "csrf_token": csrf_of(client.get(page).text)}, follow_redirects=False
    )


def test_review_leaves_the_queue_and_the_agent_acknowledges(
    web_app: App, seeded: Seeded, client_for: Callable[[str], TestClient]
) -> None:
    with web_app.uow() as session:
        sample(session, OLD_AGENTS, now=NOW)
        qa_id = session.scalar(select(User.id).where(User.username == "qa"))
        agent1 = seeded.calls["c-1001-0"]
        mine = session.scalar(select(QaAssignment).where(QaAssignment.call_id == agent1))
        if mine is None:
            mine = QaAssignment(call_id=agent1, reason="random", due_at=NOW, created_at=T0)
            session.add(mine)
        mine.assignee_user_id, mine.created_at = qa_id, T0
    qa = client_for("qa")
    queue = qa.get("/queue").text
    assert f'id="qa-{agent1}"' in queue
    page = qa.get(f"/calls/{agent1}").text
    assert 'id="review-box"' in page
    item = seeded.items["c-1001-0/greeting"]
    r = _post(
        qa, f"/calls/{agent1}/items/{item}/override", f"/calls/{agent1}", answer="no", comment="no name"
    )
    assert r.status_code == 303
    r = _post(qa, f"/calls/{agent1}/review", f"/calls/{agent1}", comment="coach the greeting")
    assert r.status_code == 303 and r.headers["location"] == f"/queue?done={agent1}"
    assert f'id="qa-{agent1}"' not in qa.get("/queue").text  # the item left the queue
    with web_app.uow() as session:
        done = session.scalar(select(QaAssignment).where(QaAssignment.call_id == agent1))
        assert done is not None and (done.status, done.outcome) == ("done", "overridden")
    assert _post(qa, f"/calls/{agent1}/review", "/queue").status_code == 400  # not twice

    agent = client_for("agent1")
    calls = agent.get("/calls").text
    assert 'id="notice-badge"' in calls
    evaluations = agent.get("/evaluations").text
    assert f'href="/calls/{agent1}"' in evaluations and "/acknowledge" in evaluations
    r = _post(agent, f"/calls/{agent1}/acknowledge", f"/calls/{agent1}")
    assert r.status_code == 303
    assert 'id="notice-badge"' not in agent.get("/calls").text
    with web_app.uow() as session:
        assert (
            session.scalar(select(func.count(AgentNotice.id)).where(AgentNotice.acknowledged_at.is_(None)))
            == 0
        )
    scorecards = client_for("lead").get("/scorecards?period=2026-11").text
    assert 'id="acks"' in scorecards and "1001" in scorecards
    progress = client_for("lead").get("/queue/progress").text
    assert "Qa" in progress  # the QA specialist's row: one review done over the lead's team


def test_feedback_notifies_and_disputes_close_after_the_window(
    web_app: App, seeded: Seeded, client_for: Callable[[str], TestClient]
) -> None:
    call = seeded.calls["c-1001-1"]
    qa = client_for("qa")
    assert _post(qa, f"/calls/{call}/feedback", f"/calls/{call}", text="greet by name").status_code == 303
    agent = client_for("agent1")
    item = seeded.items["c-1001-1/greeting"]
    with web_app.uow() as session:
        notice = session.scalar(select(AgentNotice).where(AgentNotice.call_id == call))
        assert notice is not None and notice.kind == "feedback"
        notice.created_at = notice.created_at - timedelta(days=30)
    page = agent.get(f"/calls/{call}").text
    assert 'id="dispute-closed"' in page and f"/items/{item}/dispute" not in page
    r = _post(agent, f"/calls/{call}/items/{item}/dispute", f"/calls/{call}", comment="I did greet")
    assert r.status_code == 400
    with web_app.uow() as session:
        notice = session.scalar(select(AgentNotice).where(AgentNotice.call_id == call))
        notice.created_at = notice.created_at + timedelta(days=29)
    r = _post(agent, f"/calls/{call}/items/{item}/dispute", f"/calls/{call}", comment="I did greet")
    assert r.status_code == 303


def test_cli_sample(web_app: App, seeded: Seeded, capsys: pytest.CaptureFixture[str]) -> None:
    url = web_app.settings.database.url
    with web_app.uow() as session:  # calls of the last week, as the daily run sees them
        session.execute(update(Call).values(started_at=func.datetime("now", "-1 day")))
    assert main(["--database-url", url, "qa", "sample"]) == 0
    out = capsys.readouterr().out
    assert "calls added to the QA work queue" in out and "-> qa" in out
    assert main(["--database-url", url, "qa", "queue"]) == 0
    assert "open, next due" in capsys.readouterr().out


def test_agent_is_emailed_in_his_language(
    web_app: App, seeded: Seeded, client_for: Callable[[str], TestClient]
) -> None:
    from tests.reports.test_schedule import Sink

    sink = Sink()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        web_app.settings.web.email_agents = True
        web_app.settings.reports.smtp.host, web_app.settings.reports.smtp.port = "127.0.0.1", port
        with web_app.uow() as session:
            session.execute(
                update(User).where(User.username == "agent1").values(email="aigul@example.kz", language="kk")
            )
        call = seeded.calls["c-1001-0"]
        qa = client_for("qa")
        assert _post(qa, f"/calls/{call}/feedback", f"/calls/{call}", text="well done").status_code == 303
    finally:
        controller.stop()
    [(rcpt, msg)] = sink.messages
    assert rcpt == ["aigul@example.kz"]
    assert str(make_header(decode_header(msg["Subject"]))) == "Sapa: қоңырауыңыз бойынша жаңа кері байланыс"
    assert f"/calls/{call}" in msg.get_payload(decode=True).decode()
    with web_app.uow() as session:
        assert session.scalar(select(AgentNotice.emailed).where(AgentNotice.call_id == call)) is True
