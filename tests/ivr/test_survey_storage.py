"""Survey responses in the database: the repository on SQLite + PostgreSQL, the server storing into it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ivr.agi.server import AgiServer
from ivr.agi.simulator import simulate_call
from sapa.wiring import App
from storage.models import SurveyResponse
from storage.repositories.org import AgentRepository
from storage.repositories.surveys import DuplicateSurvey, SurveyRepository
from tests.ivr.conftest import wait_idle


def test_repository_begin_record_finish_export(app: App) -> None:
    with app.uow() as session:
        AgentRepository(session).add("1001", "Айгерим", "first-line")
        repo = SurveyRepository(session)
        first = repo.begin("1700.1", agent_extension="1001", queue="support", language="kk")
        repo.record(first.id, 4, 2)
        repo.finish(first.id, "abandoned")
        second = repo.begin(
            "1700.2",
            agent_extension="1001",
            queue="support",
            started_at=datetime.now(UTC) + timedelta(minutes=1),
        )
        repo.finish(second.id, "skipped", skip_reason="caller is the rated agent (self-rating)")
    with app.uow() as session:
        rows = SurveyRepository(session).export()
    assert [
        (r["call_id"], r["agent"], r["queue"], r["rating"], r["status"], r["attempts"], r["language"])
        for r in rows
    ] == [
        ("1700.1", "1001", "support", 4, "abandoned", 2, "kk"),
        ("1700.2", "1001", "support", None, "skipped", 0, "ru"),
    ]
    assert rows[0]["finished_at"] is not None and rows[0]["agent_name"] == "Айгерим"


def test_second_survey_for_a_call_is_refused(app: App) -> None:
    with app.uow() as session:
        SurveyRepository(session).begin("1700.3")
    with pytest.raises(DuplicateSurvey), app.uow() as session:
        SurveyRepository(session).begin("1700.3")
    with app.uow() as session:
        assert session.scalar(select(func.count(SurveyResponse.id))) == 1


def test_rating_out_of_range_is_rejected(app: App) -> None:
    with pytest.raises(ValueError), app.uow() as session:
        repo = SurveyRepository(session)
        repo.record(repo.begin("1700.4").id, 6, 1)


def test_export_window(app: App) -> None:
    base = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with app.uow() as session:
        repo = SurveyRepository(session)
        for hour in range(4):
            repo.finish(repo.begin(f"w.{hour}", started_at=base + timedelta(hours=hour)).id, "no_input")
    with app.uow() as session:
        rows = SurveyRepository(session).export(base + timedelta(hours=1), base + timedelta(hours=3))
    assert [r["call_id"] for r in rows] == ["w.1", "w.2"]


def test_server_stores_into_the_database(db_server: AgiServer, app: App) -> None:
    simulate_call(
        db_server.address,
        "1800.1",
        ["9", "2", None],
        script="survey",
        variables={"MEMBERINTERFACE": "PJSIP/1002", "QUEUENAME": "sales", "CHANNEL(linkedid)": "1800.0"},
    )
    wait_idle(db_server)
    with app.uow() as session:
        (row,) = SurveyRepository(session).export()
    assert (row["call_id"], row["agent"], row["queue"], row["rating"], row["status"], row["attempts"]) == (
        "1800.0",
        "1002",
        "sales",
        2,
        "completed",
        2,
    )


def test_200_concurrent_sessions_lose_nothing(db_server: AgiServer, app: App) -> None:
    def one(n: int) -> tuple[str, int]:
        rating = n % 5 + 1
        log = simulate_call(
            db_server.address,
            f"1900.{n}",
            [str(rating), "2"],
            script=f"survey?agent={1001 + n % 2}&queue=support",
        )
        assert log.closed_by_server and log.commands[-1] == "HANGUP"
        return f"1900.{n}", rating

    with ThreadPoolExecutor(max_workers=200) as pool:
        expected = dict(pool.map(one, range(200)))
    wait_idle(db_server)
    with app.uow() as session:
        rows = SurveyRepository(session).export()
    assert {r["call_id"]: r["rating"] for r in rows} == expected
    assert {r["status"] for r in rows} == {"completed"}
    assert db_server.stats.failed == 0


def test_concurrent_duplicates_store_one(db_server: AgiServer, app: App) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        logs = list(pool.map(lambda _n: simulate_call(db_server.address, "2000.1", ["5"]), range(6)))
    wait_idle(db_server)
    assert sum(1 for log in logs if log.named("ANSWER")) == 1
    with app.uow() as session:
        assert [r["rating"] for r in SurveyRepository(session).export()] == [5]
