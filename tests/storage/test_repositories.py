"""Repositories on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from sapa.wiring import App
from storage.exceptions import AlreadyExists, NotFound
from storage.models import Call, Role, SurveyResponse, User
from storage.passwords import verify_password
from storage.repositories.audit import AuditRepository
from storage.repositories.calls import CallRepository
from storage.repositories.org import AgentRepository, QueueRepository, UserRepository


def test_agents_add_list_and_duplicate(app: App) -> None:
    with app.uow() as s:
        AgentRepository(s).add("1001", "Айгүл", "Алматы-1")
        AgentRepository(s).add("1002", "Данияр", "Алматы-1")
        AgentRepository(s).add("2001", "Ерлан", "Астана-2")
    with app.uow() as s:
        repo = AgentRepository(s)
        assert [a.extension for a in repo.list()] == ["1001", "1002", "2001"]
        assert [a.extension for a in repo.list("Астана-2")] == ["2001"]
        with pytest.raises(AlreadyExists):
            repo.add("1001", "Someone", None)


def test_users_store_only_argon2_hash(app: App) -> None:
    with app.uow() as s:
        AgentRepository(s).add("1001", "Айгүл", "T1")
        UserRepository(s).add("aigul", "s3cret-pass", Role.AGENT, agent_extension="1001")
    with app.uow() as s:
        user = UserRepository(s).by_username("aigul")
        assert user is not None and user.role is Role.AGENT and user.agent is not None
        assert user.password_hash.startswith("$argon2id$")
        assert "s3cret-pass" not in user.password_hash
        assert verify_password(user.password_hash, "s3cret-pass")
        assert not verify_password(user.password_hash, "wrong-pass")
        with pytest.raises(NotFound):
            UserRepository(s).add("x", "long-enough", Role.AGENT, agent_extension="9999")


def test_short_password_refused(app: App) -> None:
    with app.uow() as s, pytest.raises(ValueError, match="at least 8"):
        UserRepository(s).add("bob", "short", Role.QA)


def test_invalid_role_refused_by_database(app: App) -> None:
    with pytest.raises((IntegrityError, ValueError, LookupError)), app.uow() as s:
        s.execute(
            text(
                "INSERT INTO users (username, password_hash, role, full_name, active, created_at) "
                "VALUES ('x', 'h', 'superuser', '', true, CURRENT_TIMESTAMP)"
            )
        )
        s.scalars(select(User)).all()


def test_call_get_or_create_links_agent_team_queue(app: App) -> None:
    started = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    with app.uow() as s:
        AgentRepository(s).add("1001", "Айгүл", "Алматы-1")
        call = CallRepository(s).get_or_create(
            "1700000000.1",
            agent_extension="1001",
            queue="support",
            started_at=started,
            caller_number="+77010000000",
        )
        again = CallRepository(s).get_or_create("1700000000.1")
        assert again.id == call.id
    with app.uow() as s:
        call2 = CallRepository(s).by_external_id("1700000000.1")
        assert call2 is not None and call2.agent is not None and call2.agent.extension == "1001"
        assert call2.team is not None and call2.team.name == "Алматы-1"
        assert call2.queue is not None and call2.queue.name == "support"
        assert call2.started_at == started  # round-trips as aware UTC on both backends


def test_one_survey_response_per_call_and_rating_range(app: App) -> None:
    with app.uow() as s:
        call = CallRepository(s).get_or_create("c1")
        s.add(SurveyResponse(call_id=call.id, rating=5, status="completed", attempts=1))
    with pytest.raises(IntegrityError), app.uow() as s:
        call = CallRepository(s).get_or_create("c1")
        s.add(SurveyResponse(call_id=call.id, rating=4, status="completed", attempts=1))
    with pytest.raises(IntegrityError), app.uow() as s:
        call = CallRepository(s).get_or_create("c2")
        s.add(SurveyResponse(call_id=call.id, rating=7, status="completed", attempts=1))


def test_audit_log_records_in_order(app: App) -> None:
    with app.uow() as s:
        audit = AuditRepository(s)
        audit.record("admin", "script.import", "script", "support-first-line", {"version": 1})
        audit.record("admin", "script.activate", "script", "support-first-line", {"version": 1})
    with app.uow() as s:
        entries = AuditRepository(s).for_entity("script", "support-first-line")
        assert [e.action for e in entries] == ["script.import", "script.activate"]
        assert entries[0].details == {"version": 1}


def test_unit_of_work_rolls_back_on_error(app: App) -> None:
    with pytest.raises(RuntimeError), app.uow() as s:
        QueueRepository(s).get_or_create("billing")
        raise RuntimeError("boom")
    with app.uow() as s:
        assert QueueRepository(s).by_name("billing") is None
        assert s.scalar(select(Call).limit(1)) is None


def test_sqlite_pragmas(sqlite_app: App) -> None:
    with sqlite_app.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10000
