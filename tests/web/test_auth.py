"""Login, logout, session cookie, CSRF refusal and login throttling."""

from __future__ import annotations

import stat
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from sapa.webapp import build_web_app, web_config
from sapa.wiring import App
from storage.models import User
from tests.web.conftest import csrf_of, login
from tests.web.seed import PASSWORD
from web.app import create_app
from web.security import LoginThrottle


def _post_login(client: TestClient, username: str, password: str) -> int:
    token = csrf_of(client.get("/login").text)
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/login", data=data, follow_redirects=False).status_code


def test_login_sets_secure_session_cookie_and_logout_ends_it(api: FastAPI) -> None:
    with TestClient(api) as client:
        assert client.get("/calls", follow_redirects=False).headers["location"].startswith("/login?next=")
        token = csrf_of(client.get("/login").text)
        r = client.post(
            "/login",
            data={"username": "qa", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/calls"
        cookie = r.headers["set-cookie"].lower()
        assert "sapa_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        assert client.get("/calls").status_code == 200
        page = client.get("/calls").text
        r = client.post("/logout", data={"csrf_token": csrf_of(page)}, follow_redirects=False)
        assert r.status_code == 303
        assert client.get("/calls", follow_redirects=False).status_code == 303


def test_wrong_password_and_unknown_user_are_refused_alike(api: FastAPI) -> None:
    with TestClient(api) as client:
        assert _post_login(client, "qa", "wrong-password") == 401
        assert _post_login(client, "nobody", "wrong-password") == 401
        assert client.get("/calls", follow_redirects=False).status_code == 303


def test_login_throttled_after_failures_even_with_right_password(api: FastAPI) -> None:
    with TestClient(api) as client:  # login_max_failures is 3 in the test settings
        for _ in range(3):
            assert _post_login(client, "qa", "bad-password") == 401
        token = csrf_of(client.get("/login").text)
        r = client.post("/login", data={"username": "qa", "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
        assert _post_login(client, "admin", PASSWORD) == 429  # same client address is throttled too


def test_throttle_window_expires() -> None:
    clock = [1000.0]
    throttle = LoginThrottle(3, 300, clock=lambda: clock[0])
    for _ in range(3):
        throttle.failed("user:x", "ip:1")
    assert throttle.retry_after("user:x") == 301 and throttle.retry_after("ip:2") == 0
    clock[0] += 200
    assert throttle.retry_after("ip:1") == 101
    clock[0] += 101
    assert throttle.retry_after("user:x", "ip:1") == 0
    throttle.failed("user:y")
    throttle.succeeded("user:y")
    assert throttle.retry_after("user:y") == 0


def test_csrf_refused_without_or_with_wrong_token(client_for, seeded) -> None:
    client = client_for("qa")
    item = seeded.items["c-1001-0/greeting"]
    url = f"/calls/{seeded.calls['c-1001-0']}/items/{item}/override"
    assert client.post(url, data={"answer": "no", "comment": "x"}).status_code == 403
    r = client.post(url, data={"answer": "no", "comment": "x", "csrf_token": "forged"})
    assert r.status_code == 403 and "Form refused" in r.text
    with TestClient(client.app) as anonymous:  # login form without the session's token
        r = anonymous.post("/login", data={"username": "qa", "password": PASSWORD, "csrf_token": "x"})
        assert r.status_code == 403


def test_csrf_token_changes_at_login(api: FastAPI) -> None:
    with TestClient(api) as client:
        before = csrf_of(client.get("/login").text)
        login(client, "qa")
        after = csrf_of(client.get("/calls").text)
        assert before != after


def test_next_parameter_cannot_leave_the_site(api: FastAPI) -> None:
    with TestClient(api) as client:
        token = csrf_of(client.get("/login").text)
        data = {"username": "qa", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"}
        assert client.post("/login", data=data, follow_redirects=False).headers["location"] == "/calls"


def test_password_change_and_deactivation_end_sessions(web_app: App, client_for) -> None:
    client = client_for("agent1")
    assert client.get("/calls").status_code == 200
    with web_app.uow() as session:
        user = session.query(User).filter_by(username="agent1").one()
        user.password_hash = user.password_hash + "x"  # as if the password changed
    assert client.get("/calls", follow_redirects=False).status_code == 303
    other = client_for("agent3")
    with web_app.uow() as session:
        session.query(User).filter_by(username="agent3").one().active = False
    assert other.get("/calls", follow_redirects=False).status_code == 303


def test_secret_generated_once_into_var_with_private_mode(web_app: App, api: FastAPI) -> None:
    path = Path(web_app.settings.var_dir) / "web_secret.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_text()
    build_web_app(web_app)
    assert path.read_text() == first


def test_security_headers_on_pages_and_files(client_for, seeded) -> None:
    r = client_for("qa").get("/calls")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_extra_routers_are_mounted_without_csrf(web_app: App, seeded) -> None:
    from fastapi import APIRouter

    router = APIRouter()

    @router.post("/twilio/voice")
    def voice() -> dict[str, str]:
        return {"twiml": "<Response/>"}

    api = create_app(web_app.sessions, web_config(web_app.settings), routers=[router])
    with TestClient(api) as client:
        assert client.post("/twilio/voice").json() == {"twiml": "<Response/>"}
        assert client.post("/logout").status_code == 403  # the UI's own forms still need the token


def test_the_composition_root_mounts_the_twilio_webhooks(web_app: App, seeded) -> None:
    with TestClient(build_web_app(web_app)) as client:  # no auth token configured: off, not a CSRF 403
        response = client.post("/twilio/survey/status", data={"CallSid": "CA1"})
        assert response.status_code == 503 and "twilio_auth_token" in response.text
