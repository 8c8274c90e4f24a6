"""Role matrix: every page x every role -> allowed, 403, or redirect to login; scopes of calls."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.seed import Seeded

ALL = {"admin", "qa", "lead", "agent1"}
PAGES = [  # (url template, roles allowed)
    ("/calls", ALL),
    ("/calls/{own}", ALL),  # call of agent 1001 (team north)
    ("/calls/{other_team}", {"admin", "qa"}),  # call of agent 2001 (team south)
    ("/calls/{same_team}", {"admin", "qa", "lead"}),  # call of agent 1002 (team north)
    ("/disputes", ALL),
    ("/scorecards", ALL),
    ("/scorecards/report", ALL),
    ("/scorecards/download.csv", ALL),
    ("/calibration", {"admin", "qa"}),
    ("/audit", {"admin", "qa"}),
    ("/scripts", {"admin"}),
    ("/scripts/new", {"admin"}),
    ("/users", {"admin"}),
    ("/admin/jobs", {"admin"}),
    ("/queue", {"admin", "qa"}),
    ("/queue/progress", {"admin", "qa", "lead"}),
    ("/evaluations", {"agent1"}),
]


def _url(template: str, seeded: Seeded) -> str:
    return template.format(
        own=seeded.calls["c-1001-0"], other_team=seeded.calls["c-2001-0"], same_team=seeded.calls["c-1002-0"]
    )


@pytest.mark.parametrize("role", sorted(ALL))
def test_role_matrix(role: str, client_for, seeded: Seeded) -> None:
    client = client_for(role)
    for template, allowed in PAGES:
        status = client.get(_url(template, seeded), follow_redirects=False).status_code
        expected = 200 if role in allowed else 403
        assert status == expected, f"{role} GET {template}: {status}, expected {expected}"


def test_anonymous_is_sent_to_login_everywhere(api, seeded: Seeded) -> None:
    with TestClient(api) as client:
        for template, _ in PAGES:
            r = client.get(_url(template, seeded), follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), template
        assert (
            client.get(f"/calls/{seeded.calls['c-1001-0']}/audio", follow_redirects=False).status_code == 303
        )


WRITES = [  # (url template, form, roles allowed)
    ("/calls/{own}/items/{item}/override", {"answer": "no", "comment": "missed"}, {"admin", "qa"}),
    ("/calls/{own}/feedback", {"text": "good call"}, {"admin", "qa"}),
    ("/calls/{own}/items/{item}/dispute", {"comment": "I did greet"}, {"agent1"}),
    ("/calibration", {"name": "s", "latest": "2"}, {"admin", "qa"}),
    ("/users", {"username": "new1", "password": "long-enough-1", "role": "qa"}, {"admin"}),
    ("/scripts/x", {"content": "name: x", "action": "validate"}, {"admin"}),
]


@pytest.mark.parametrize("role", sorted(ALL))
def test_write_matrix(role: str, client_for, seeded: Seeded) -> None:
    client = client_for(role)
    token = client.get("/calls").text.split('name="csrf_token" value="')[1].split('"')[0]
    for template, form, allowed in WRITES:
        url = template.format(own=seeded.calls["c-1001-0"], item=seeded.items["c-1001-0/greeting"])
        status = client.post(url, data={**form, "csrf_token": token}, follow_redirects=False).status_code
        if role in allowed:
            assert status in (303, 422), f"{role} POST {template}: {status}"
        else:
            assert status == 403, f"{role} POST {template}: {status}"


def test_call_list_is_scoped(client_for, seeded: Seeded) -> None:
    def listed(role: str) -> set[str]:
        text = client_for(role).get("/calls").text
        return {ext for ext in seeded.calls if ext in text}

    assert listed("agent1") == {"c-1001-0", "c-1001-1", "c-1001-2"}
    assert listed("lead") <= {e for e in seeded.calls if e.startswith(("c-1001", "c-1002"))}
    assert "c-2001-2" in listed("qa")


def test_agent_cannot_fetch_other_agents_audio_or_dispute(client_for, seeded: Seeded) -> None:
    client = client_for("agent1")
    other = seeded.calls["c-1002-0"]
    assert client.get(f"/calls/{other}/audio").status_code == 403
    token = client.get("/calls").text.split('name="csrf_token" value="')[1].split('"')[0]
    r = client.post(
        f"/calls/{other}/items/{seeded.items['c-1002-0/greeting']}/dispute",
        data={"comment": "x", "csrf_token": token},
    )
    assert r.status_code == 403


def test_lead_sees_feedback_but_cannot_override(client_for, seeded: Seeded) -> None:
    page = client_for("lead").get(f"/calls/{seeded.calls['c-1001-0']}").text
    assert "/override" not in page and "Send feedback" not in page
