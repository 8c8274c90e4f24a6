"""Every route of the app, enumerated: anonymous visitors are sent to log in, every POST needs the CSRF
token, and an agent aiming ids at another team's objects changes nothing. A new route that is not
classified here fails the sweep, so it cannot ship without its checks being thought about."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sapa.wiring import App
from storage.models import (
    AgentNotice,
    AuditEntry,
    CalibrationCall,
    CalibrationSession,
    Dispute,
    Feedback,
    FollowUp,
    IngestJob,
    User,
)
from tests.web.conftest import csrf_of
from tests.web.jobs_data import make_jobs
from tests.web.seed import Seeded
from web.routes import ROUTERS

PUBLIC = {("GET", "/"), ("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("GET", "/healthz")}
PUBLIC |= {("POST", "/language")}  # the switcher: the session's (and own account's) language
AGENT_MAY_POST = {"/calls/{call_id}/items/{item_result_id}/dispute"}  # only on own calls (checked below)
AGENT_MAY_GET = {
    "/calls",
    "/disputes",
    "/followups",  # a lead's own team only (tests/web/test_followups.py); an agent gets 403
    "/scorecards",
    "/scorecards/report",
    "/scorecards/download.{fmt}",
}
AGENT_MAY_GET |= {"/evaluations", "/queue/progress"}  # own notices; a lead's progress over his team's calls


def _routes(api: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every page route (web.routes.ROUTERS is what create_app mounts)."""
    out = []
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute), route
            out += [(method, route.path) for method in sorted(route.methods or ()) if method != "HEAD"]
    assert len(out) > 25 and ("GET", "/calls/{call_id}/audio") in out
    return out


@pytest.fixture
def targets(web_app: App, seeded: Seeded) -> dict[str, Any]:
    """Objects of team south (agent 2001): what agent1 (team north) must not reach."""
    call, item = seeded.calls["c-2001-0"], seeded.items["c-2001-0/greeting"]
    with web_app.uow() as session:
        raiser = session.scalar(select(User.id).where(User.username == "agent3"))
        dispute = Dispute(item_result_id=item, raised_by_user_id=raiser, comment="mine")
        cal = CalibrationSession(name="s", created_by_user_id=raiser)
        session.add_all([dispute, cal])
        session.flush()
        session.add(CalibrationCall(session_id=cal.id, call_id=call))
        follow_up = FollowUp(call_id=call, reason="low_rating", rating=1, team_id=_team_of(session, call))
        session.add(follow_up)
        agent3 = session.scalar(select(User.agent_id).where(User.username == "agent3"))
        notice = AgentNotice(agent_id=agent3, call_id=call, kind="evaluation")
        session.add(notice)
        session.flush()
        admin = session.scalar(select(User.id).where(User.username == "admin"))
        job = make_jobs(session)["poison"]  # a failed ingest job: what only an admin may retry
        return {
            "call_id": call,
            "item_result_id": item,
            "dispute_id": dispute.id,
            "follow_up_id": follow_up.id,
            "sid": cal.id,
            "user_id": admin,
            "name": "support-first-line",
            "fmt": "csv",
            "notice_id": notice.id,
            "job_id": job,
        }


FORM = {  # enough fields for each POST to get past validation
    "answer": "no",
    "comment": "x",
    "text": "x",
    "status": "accepted",
    "name": "n",
    "role": "agent",
    "username": "intruder",
    "password": "long-enough-pw",
    "extension": "1001",
    "content": "name: x",
    "action": "save_activate",
    "version": "1",
    "item:greeting": "yes",
    "item:farewell": "yes",
    "note": "x",
}


def _team_of(session: Any, call_id: int) -> int | None:
    from storage.models import Call

    call = session.get(Call, call_id)
    return call.team_id if call else None


def _url(path: str, targets: dict[str, Any]) -> str:
    return path.format(**targets)


def _counts(web_app: App) -> tuple[int, ...]:
    with web_app.uow() as session:
        return (
            tuple(
                session.scalar(select(func.count()).select_from(model))
                for model in (AuditEntry, Dispute, Feedback, AgentNotice)
            )
            + tuple(
                session.scalar(select(func.count()).select_from(FollowUp).where(FollowUp.status == "closed"))
                for _ in (0,)
            )
            + (
                session.scalar(
                    select(func.count()).select_from(IngestJob).where(IngestJob.status == "failed")
                ),
            )
        )


def test_anonymous_reaches_nothing_but_the_login(api: FastAPI, targets: dict[str, Any]) -> None:
    with TestClient(api) as client:
        token = csrf_of(client.get("/login").text)
        for method, path in _routes(api):
            if (method, path) in PUBLIC:
                continue
            r = client.request(
                method, _url(path, targets), data={"csrf_token": token}, follow_redirects=False
            )
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), (method, path)


def test_every_post_without_the_token_is_refused_and_changes_nothing(
    client_for, web_app: App, api: FastAPI, targets: dict[str, Any]
) -> None:
    admin = client_for("admin")
    before = _counts(web_app)
    posts = [path for method, path in _routes(api) if method == "POST"]
    assert {"/logout", "/users/{user_id}", "/disputes/{dispute_id}/resolve"} <= set(posts)
    for path in posts:
        for headers in ({}, {"X-CSRF-Token": "forged"}):
            r = admin.post(_url(path, targets), data=FORM, headers=headers, follow_redirects=False)
            assert r.status_code == 403, (path, headers)
    assert _counts(web_app) == before
    assert admin.get("/calls", follow_redirects=False).status_code == 200  # not even logged out


def test_writes_are_posts_only(api: FastAPI) -> None:
    methods = {method for method, _ in _routes(api)}
    assert methods == {"GET", "POST"}  # every POST is in the CSRF sweep above; GETs are read-only


@pytest.mark.parametrize("who", ["agent1", "lead"])
def test_agent_or_lead_aiming_at_another_team_changes_and_reads_nothing(
    who: str, client_for, web_app: App, api: FastAPI, targets: dict[str, Any]
) -> None:
    agent = client_for(who)
    token = csrf_of(agent.get("/calls").text)
    before = _counts(web_app)
    for method, path in _routes(api):
        if (method, path) in PUBLIC:
            continue
        url = _url(path, targets)
        if method == "POST":
            r = agent.post(url, data={**FORM, "csrf_token": token}, follow_redirects=False)
            assert r.status_code in (403, 404), (path, r.status_code)
        elif path not in AGENT_MAY_GET:
            r = agent.get(url, follow_redirects=False)
            assert r.status_code in (403, 404), (path, r.status_code)
    assert _counts(web_app) == before
    own = _url("/calls/{call_id}/items/{item_result_id}/dispute", targets)
    assert own.startswith("/calls/") and AGENT_MAY_POST  # the one write an agent has, tested in test_roles


def test_qa_cannot_touch_scripts_users_or_agents(
    client_for, web_app: App, api: FastAPI, targets: dict[str, Any]
) -> None:
    qa = client_for("qa")
    token = csrf_of(qa.get("/calls").text)
    before = _counts(web_app)
    prefixes = ("/scripts", "/users", "/agents", "/admin")
    admin_only = [(m, p) for m, p in _routes(api) if p.startswith(prefixes)]
    assert len(admin_only) >= 10
    for method, path in admin_only:
        r = qa.request(
            method, _url(path, targets), data={**FORM, "csrf_token": token}, follow_redirects=False
        )
        assert r.status_code == 403, (method, path, r.status_code)
    assert _counts(web_app) == before
