"""Test data for the web tests: two teams, agents, one user per role, scored calls with transcripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy.orm import Session

from storage.models import Call, Evaluation, ItemResult, Role, SurveyResponse, Transcript, User
from storage.passwords import hash_password
from storage.repositories.org import AgentRepository, QueueRepository, TeamRepository

PASSWORD = "correct-horse-battery"
USERS = {  # username: (role, agent extension, team)
    "admin": (Role.ADMIN, None, None),
    "qa": (Role.QA, None, None),
    "qa2": (Role.QA, None, None),
    "lead": (Role.TEAM_LEAD, None, "north"),
    "agent1": (Role.AGENT, "1001", None),
    "agent3": (Role.AGENT, "2001", None),
}
T0 = datetime(2026, 11, 10, 6, 0, tzinfo=UTC)


@cache
def password_hash() -> str:
    """One argon2 hash for every test user (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


@dataclass
class Seeded:
    calls: dict[str, int] = field(default_factory=dict)  # external id -> call id
    items: dict[str, int] = field(default_factory=dict)  # "<external id>/<item id>" -> item result id


def _segments(agent_text: str) -> list[dict[str, object]]:
    return [
        {"speaker": "agent", "start": 0.0, "end": 1.5, "text": agent_text},
        {"speaker": "caller", "start": 1.6, "end": 3.0, "text": "У меня не работает вход в систему"},
        {"speaker": "agent", "start": 3.2, "end": 4.8, "text": "Спасибо за ожидание, всего доброго"},
    ]


def _call(session: Session, seeded: Seeded, ext_id: str, agent: str, minutes: int, **kw: object) -> Call:
    agent_row = AgentRepository(session).by_extension(agent)
    assert agent_row is not None
    queue = QueueRepository(session).get_or_create("support")
    call = Call(
        external_id=ext_id,
        agent_id=agent_row.id,
        team_id=agent_row.team_id,
        queue_id=queue.id,
        language=str(kw.get("language", "ru")),
        started_at=T0 + timedelta(minutes=minutes),
        duration_s=5.0,
        recording_path=kw.get("recording"),
    )
    session.add(call)
    session.flush()
    seeded.calls[ext_id] = call.id
    return call


def _score(session: Session, seeded: Seeded, call: Call, greeting_ok: bool, text: str) -> None:
    tr = Transcript(
        call_id=call.id,
        engine="import",
        segments=_segments(text),
        full_text=" ".join(s["text"] for s in _segments(text)),
    )  # type: ignore[misc]
    session.add(tr)
    ev = Evaluation(call_id=call.id, kind="auto", score=100.0 if greeting_ok else 50.0, passed=greeting_ok)
    ev.items = [
        ItemResult(
            item_id="greeting",
            passed=greeting_ok,
            auto_passed=greeting_ok,
            weight=1.0,
            evidence=[{"start": 0.0, "end": 1.5, "speaker": "agent", "text": text, "match": "Здравствуйте"}]
            if greeting_ok
            else [],
            reason="" if greeting_ok else "no greeting found",
        ),
        ItemResult(
            item_id="farewell",
            passed=True,
            auto_passed=True,
            weight=1.0,
            evidence=[{"start": 3.2, "end": 4.8, "speaker": "agent", "text": "", "match": "всего доброго"}],
        ),
    ]
    session.add(ev)
    session.flush()
    for item in ev.items:
        seeded.items[f"{call.external_id}/{item.item_id}"] = item.id


def seed(session: Session, calls_per_agent: int = 3) -> Seeded:
    agents = AgentRepository(session)
    agents.add("1001", "Айгуль", "north")
    agents.add("1002", "Данияр", "north")
    agents.add("2001", "Ерлан", "south")
    for name, (role, ext, team) in USERS.items():
        agent = agents.by_extension(ext) if ext else None
        team_id = TeamRepository(session).get_or_create(team).id if team else None
        session.add(
            User(
                username=name,
                password_hash=password_hash(),
                role=role,
                full_name=name.title(),
                language="en",  # the HTTP tests read English; tests/web/test_i18n.py covers ru and kk
                agent_id=agent.id if agent else None,
                team_id=team_id or (agent.team_id if agent else None),
            )
        )
    seeded = Seeded()
    n = 0
    for ext in ("1001", "1002", "2001"):
        for k in range(calls_per_agent):
            n += 1
            call = _call(session, seeded, f"c-{ext}-{k}", ext, n, language="kk" if k == 2 else "ru")
            text = "Здравствуйте, служба поддержки, меня зовут Айгуль" if k != 1 else "Алло"
            _score(session, seeded, call, k != 1, text)
            if k == 0:
                session.add(
                    SurveyResponse(
                        call_id=call.id,
                        agent_id=call.agent_id,
                        rating=5 - (n % 3),
                        status="completed",
                        attempts=1,
                    )
                )
    session.flush()
    return seeded
