"""Users admin: create and change users, link agent accounts to extensions, audit."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sapa.wiring import App
from storage.models import AuditEntry, Role, User
from tests.web.conftest import csrf_of, login
from tests.web.seed import Seeded


def test_admin_creates_agent_account_linked_to_extension(
    client_for, api, web_app: App, seeded: Seeded
) -> None:
    admin = client_for("admin")
    token = csrf_of(admin.get("/users").text)
    r = admin.post(
        "/users",
        data={
            "username": "danijar",
            "password": "secret-pass-1",
            "role": "agent",
            "extension": "1002",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    with web_app.uow() as session:
        user = session.scalar(select(User).where(User.username == "danijar"))
        assert (
            user.role == Role.AGENT and user.agent.extension == "1002" and "secret" not in user.password_hash
        )
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "user_created")).actor == "admin"
    with TestClient(api) as client:
        login(client, "danijar", "secret-pass-1")
        page = client.get("/calls").text
        assert "c-1002-0" in page and "c-1001-0" not in page


def test_bad_input_is_shown_not_stored(client_for, web_app: App, seeded: Seeded) -> None:
    admin = client_for("admin")
    token = csrf_of(admin.get("/users").text)
    for form, message in [
        ({"username": "x1", "password": "short", "role": "qa"}, "at least 8"),
        ({"username": "qa", "password": "long-enough-1", "role": "qa"}, "already exists"),
        ({"username": "x2", "password": "long-enough-1", "role": "agent", "extension": "9999"}, "9999"),
    ]:
        r = admin.post("/users", data={**form, "csrf_token": token})
        assert r.status_code == 400 and message in r.text
    assert (
        admin.post(
            "/users",
            data={"username": "x3", "password": "long-enough-1", "role": "boss", "csrf_token": token},
        ).status_code
        == 400
    )
    with web_app.uow() as session:
        assert session.scalar(select(User).where(User.username.in_(["x1", "x2", "x3"]))) is None


def test_change_role_and_team_and_no_self_demotion(client_for, web_app: App, seeded: Seeded) -> None:
    admin = client_for("admin")
    token = csrf_of(admin.get("/users").text)
    with web_app.uow() as session:
        ids = dict(session.execute(select(User.username, User.id)).all())
    r = admin.post(
        f"/users/{ids['qa2']}",
        data={"role": "team_lead", "team": "south", "active": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    with web_app.uow() as session:
        user = session.get(User, ids["qa2"])
        assert user.role == Role.TEAM_LEAD and user.team.name == "south"
    r = admin.post(f"/users/{ids['admin']}", data={"role": "qa", "active": "1", "csrf_token": token})
    assert r.status_code == 400 and "yourself" in r.text


def test_admin_adds_agent_extension_then_links_an_account(client_for, web_app: App, seeded: Seeded) -> None:
    admin = client_for("admin")
    token = csrf_of(admin.get("/users").text)
    r = admin.post(
        "/agents",
        data={"extension": "3001", "name": "Жанар", "team": "west", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert (
        admin.post("/agents", data={"extension": "3001", "name": "x", "csrf_token": token}).status_code == 400
    )
    r = admin.post(
        "/users",
        data={
            "username": "zhanar",
            "password": "long-enough-1",
            "role": "agent",
            "extension": "3001",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    with web_app.uow() as session:
        user = session.scalar(select(User).where(User.username == "zhanar"))
        assert user.agent.extension == "3001" and user.team.name == "west"
    assert client_for("qa").post("/agents", data={"extension": "1", "name": "x"}).status_code == 403


def test_adding_an_agent_links_the_calls_rated_before_it_existed(
    client_for, web_app: App, seeded: Seeded
) -> None:
    """Issue 11 bug 1: a survey for extension 3002 stored before the agent existed joins the new agent."""
    from storage.repositories.surveys import SurveyRepository

    with web_app.uow() as session:
        repo = SurveyRepository(session)
        repo.finish(repo.begin("u3002.1", agent_extension="3002").id, "completed", rating=5)
    admin = client_for("admin")
    token = csrf_of(admin.get("/users").text)
    r = admin.post(
        "/agents", data={"extension": "3002", "name": "Ерлан", "csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 303
    with web_app.uow() as session:
        (row,) = [x for x in SurveyRepository(session).export() if x["call_id"] == "u3002.1"]
        assert (row["agent"], row["agent_name"], row["rating"]) == ("3002", "Ерлан", 5)
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "agent_created"))
        assert entry is not None and entry.details["linked_calls"] == 1


def test_admin_cannot_create_empty_or_invisible_user_names(client_for, web_app: App, seeded: Seeded) -> None:
    admin = client_for("admin")
    with web_app.uow() as session:
        before = session.scalar(select(func.count(User.id)))
    for name in ("", "   ", "\u200b", "\u200b\u2060\ufeff", "ad\u200bmin", "\u3000"):
        token = csrf_of(admin.get("/users").text)
        data = {"username": name, "password": "secret-pass-1", "role": "qa", "csrf_token": token}
        r = admin.post("/users", data=data, follow_redirects=False)
        assert r.status_code in (400, 422) and "Traceback" not in r.text, name
    with web_app.uow() as session:
        assert session.scalar(select(func.count(User.id))) == before
