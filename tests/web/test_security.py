"""Attacker's-eye regressions: revoked sessions, throttle races, IDOR through ids, redirects, escaping."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sapa.webapp import build_web_app
from sapa.wiring import App
from storage.models import Agent, CalibrationSession, Call, Dispute, Transcript, User
from storage.repositories.org import TeamRepository
from tests.web.audio_util import make_wav
from tests.web.conftest import csrf_of, login
from tests.web.seed import PASSWORD, Seeded
from web.security import LoginThrottle


def _login_status(client: TestClient, username: str, password: str, **extra: str) -> int:
    token = csrf_of(client.get("/login").text)
    data = {"username": username, "password": password, "csrf_token": token, **extra}
    return client.post("/login", data=data, follow_redirects=False).status_code


# -- sessions ----------------------------------------------------------------------------------------------


def test_a_copied_session_cookie_is_dead_after_logout(api: FastAPI, seeded: Seeded) -> None:
    with TestClient(api) as client:
        assert _login_status(client, "qa", PASSWORD) == 303
        stolen = client.cookies.get("sapa_session")
        token = csrf_of(client.get("/calls").text)
        assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    with TestClient(api, cookies={"sapa_session": stolen}) as thief:
        r = thief.get("/calls", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_logout_of_one_session_keeps_the_others(api: FastAPI, seeded: Seeded) -> None:
    with TestClient(api) as first, TestClient(api) as second:
        assert _login_status(first, "qa", PASSWORD) == 303 and _login_status(second, "qa", PASSWORD) == 303
        first.post("/logout", data={"csrf_token": csrf_of(first.get("/calls").text)})
        assert second.get("/calls", follow_redirects=False).status_code == 200


def test_logout_by_get_or_without_token_changes_nothing(client_for, seeded: Seeded) -> None:
    client = client_for("qa")
    assert client.get("/logout", follow_redirects=False).status_code in (404, 405)
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert client.get("/calls", follow_redirects=False).status_code == 200


def test_concurrent_guesses_cannot_outrun_the_throttle(api: FastAPI, seeded: Seeded) -> None:
    """max_failures is 3: parallel wrong passwords must not all be checked before the first one counts."""
    clients = [TestClient(api) for _ in range(8)]
    tokens = [csrf_of(c.get("/login").text) for c in clients]
    barrier = threading.Barrier(len(clients))

    def guess(i: int) -> int:
        barrier.wait()
        data = {"username": "qa", "password": f"guess-{i}", "csrf_token": tokens[i]}
        return clients[i].post("/login", data=data, follow_redirects=False).status_code

    with ThreadPoolExecutor(len(clients)) as pool:
        codes = list(pool.map(guess, range(len(clients))))
    for c in clients:
        c.close()
    assert codes.count(401) <= 3 and codes.count(429) == len(clients) - codes.count(401), codes


def test_throttle_reservation_is_released_on_success() -> None:
    throttle = LoginThrottle(2, 60, clock=lambda: 100.0)
    assert throttle.begin("user:a", "ip:1") == 0
    throttle.succeeded("user:a", "ip:1")  # a right password: nothing counts against either key
    assert throttle.begin("user:a", "ip:1") == 0 and throttle.begin("user:a", "ip:1") == 0
    assert throttle.begin("user:a", "ip:1") == 61  # two reservations never released = two failures
    assert throttle.begin("user:b", "ip:1") == 61 and throttle.begin("user:b", "ip:2") == 0


@pytest.mark.parametrize("variant", ["QA", " qa ", "Qa\t"])
def test_throttle_counts_case_and_space_variants_as_one_user(
    api: FastAPI, seeded: Seeded, variant: str
) -> None:
    with TestClient(api) as client:
        for _ in range(3):
            assert _login_status(client, "qa", "wrong") == 401
    with TestClient(api, headers={"X-Forwarded-For": "203.0.113.9"}) as other:
        assert _login_status(other, variant, PASSWORD) == 429  # neither a new spelling nor a spoofed address


@pytest.mark.parametrize(
    "target",
    ["/\\evil.example", "/\\/evil.example", "/\t/evil.example", "https:/evil.example", "//evil.example"],
)
def test_next_cannot_become_an_offsite_redirect(api: FastAPI, seeded: Seeded, target: str) -> None:
    with TestClient(api) as client:
        token = csrf_of(client.get("/login").text)
        data = {"username": "qa", "password": PASSWORD, "csrf_token": token, "next": target}
        r = client.post("/login", data=data, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/calls"


# -- IDOR ----------------------------------------------------------------------------------------------------


def test_paging_cursor_of_an_invisible_call_reveals_nothing(client_for, seeded: Seeded) -> None:
    agent = client_for("agent1")
    other = seeded.calls["c-2001-2"]
    hidden = agent.get(f"/calls?after={other}")
    missing = agent.get("/calls?after=999999")
    assert hidden.status_code == missing.status_code == 400
    assert hidden.text.replace(f"call {other} ", "call N ") == missing.text.replace("call 999999 ", "call N ")


def test_agent_cannot_dispute_an_item_of_another_agents_call_through_own_call_url(
    client_for, web_app: App, seeded: Seeded
) -> None:
    agent = client_for("agent1")
    own, foreign_item = seeded.calls["c-1001-0"], seeded.items["c-2001-0/greeting"]
    token = csrf_of(agent.get(f"/calls/{own}").text)
    r = agent.post(f"/calls/{own}/items/{foreign_item}/dispute", data={"csrf_token": token, "comment": "x"})
    assert r.status_code == 404
    with web_app.uow() as session:
        assert session.scalar(select(func.count()).select_from(Dispute)) == 0


def test_an_agent_cannot_pile_up_disputes_on_one_answer(client_for, web_app: App, seeded: Seeded) -> None:
    agent = client_for("agent1")
    call, item = seeded.calls["c-1001-1"], seeded.items["c-1001-1/greeting"]
    token = csrf_of(agent.get(f"/calls/{call}").text)
    url = f"/calls/{call}/items/{item}/dispute"
    assert agent.post(url, data={"csrf_token": token, "comment": "I did greet"}).status_code == 200
    assert agent.post(url, data={"csrf_token": token, "comment": "again"}).status_code == 400
    with web_app.uow() as session:
        assert session.scalar(select(func.count()).select_from(Dispute)) == 1


def test_lead_cannot_ask_for_another_teams_agent(client_for, seeded: Seeded) -> None:
    lead = client_for("lead")
    for url in ("/scorecards/download.csv", "/scorecards/report", "/scorecards"):
        r = lead.get(f"{url}?period=2026-11&by=agent&agent=2001")
        assert r.status_code == 403 and "Ерлан" not in r.text, url
    assert "Данияр" in lead.get("/scorecards/download.csv?period=2026-11&by=agent&agent=1002").text


def test_scorecard_links_carry_the_filters_url_encoded(client_for, web_app: App, seeded: Seeded) -> None:
    with web_app.uow() as session:
        TeamRepository(session).get_or_create("R&D by=queue")
    page = client_for("qa").get("/scorecards", params={"period": "2026-11", "team": "R&D by=queue"}).text
    assert "team=R%26D+by%3Dqueue" in page and "team=R&amp;D" not in page


# -- escaping and reflected input ---------------------------------------------------------------------


XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_names_speakers_and_evidence_are_escaped(client_for, web_app: App, seeded: Seeded) -> None:
    call_id = seeded.calls["c-1001-0"]
    with web_app.uow() as session:
        session.scalar(select(Agent).where(Agent.extension == "1001")).name = XSS
        session.scalar(select(User).where(User.username == "qa")).full_name = XSS
        tr = session.scalar(select(Transcript).where(Transcript.call_id == call_id))
        tr.segments = [{"speaker": XSS, "start": 0.0, "end": 1.5, "text": f"Здравствуйте {XSS}"}]
    qa = client_for("qa")
    for url in (f"/calls/{call_id}", "/calls", "/disputes"):
        body = qa.get(url).text
        assert "<script>alert" not in body and "<img src=x" not in body, url
    admin_users = client_for("admin").get("/users").text
    assert "<script>alert" not in admin_users and "&lt;script&gt;" in admin_users
    report = qa.get("/scorecards/report?period=2026-11&by=agent").text
    assert "<script>alert" not in report and "<img src=x" not in report


def test_bad_input_is_reflected_escaped(client_for, seeded: Seeded) -> None:
    qa = client_for("qa")
    r = qa.get("/calls", params={"score_min": XSS})
    assert r.status_code == 400 and "<script>alert" not in r.text
    r = qa.get("/disputes", params={"status": XSS})
    assert "<script>alert" not in r.text


def test_users_page_title_is_text_only(client_for, seeded: Seeded) -> None:
    html = client_for("admin").get("/users").text
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "csrf" not in title


def test_script_editor_message_is_not_free_text(client_for, seeded: Seeded) -> None:
    spoof = {"message": "Session expired: log in at evil.example"}
    html = client_for("admin").get("/scripts/new", params=spoof).text
    assert "evil.example" not in html


# -- audio ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["bytes=abc", "bytes=5-1", "bytes=0-1,2-3", "bytes=0-99999999999999999999", "items=0-1",
     "bytes=" + ",".join(f"{i}-{i}" for i in range(500)), "bytes=-0", "bytes=--1", "bytes=1-2-3"],
)  # fmt: skip
def test_odd_range_headers_never_fail_the_server(
    client_for, web_app: App, seeded: Seeded, header: str
) -> None:
    root = Path(web_app.settings.web.recordings_dir)
    make_wav(root / "r.wav", 0.2)
    call_id = seeded.calls["c-1001-0"]
    with web_app.uow() as session:
        session.get(Call, call_id).recording_path = "r.wav"
    r = client_for("qa").get(f"/calls/{call_id}/audio", headers={"Range": header})
    assert r.status_code in (200, 206, 400, 416), (header, r.status_code)
    assert "Traceback" not in r.text if r.headers["content-type"].startswith("text") else True


# -- errors ---------------------------------------------------------------------------------------------


def test_huge_ids_are_a_bad_request_not_a_crash(api: FastAPI, seeded: Seeded) -> None:
    big = "9" * 30
    with TestClient(api, raise_server_exceptions=False) as client:
        login(client, "admin")
        token = csrf_of(client.get("/calls").text)
        for url in (f"/calls/{big}", f"/calls?after={big}", f"/audit?page={big}", f"/calls/{big}/audio"):
            assert client.get(url).status_code in (400, 404), url
        r = client.post(f"/disputes/{big}/resolve", data={"csrf_token": token, "status": "rejected"})
        assert r.status_code in (400, 404)


def test_unexpected_errors_show_no_traceback(api: FastAPI, seeded: Seeded, monkeypatch) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("db password is hunter2 at /srv/sapa/secret.py")

    monkeypatch.setattr("web.routes.calls.load_review", boom)
    with TestClient(api, raise_server_exceptions=False) as client:
        login(client, "qa")
        r = client.get(f"/calls/{seeded.calls['c-1001-0']}")
    assert r.status_code == 500 and "Server error" in r.text
    assert "hunter2" not in r.text and "Traceback" not in r.text and "secret.py" not in r.text


def test_a_password_typed_as_user_name_is_not_logged(
    api: FastAPI, seeded: Seeded, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with TestClient(api) as client:
        for _ in range(4):  # failures, then throttled
            _login_status(client, "Tr0ub4dor&3-secret", "x")
        assert _login_status(client, "qa", "wrong") == 429
    assert "Tr0ub4dor" not in caplog.text and "unknown user name (18 characters)" in caplog.text
    assert "wrong" not in caplog.text and "'qa'" in caplog.text


def test_pages_are_not_cached_but_static_files_are(client_for, seeded: Seeded) -> None:
    qa = client_for("qa")
    assert qa.get(f"/calls/{seeded.calls['c-1001-0']}").headers["cache-control"] == "no-store"
    assert "no-store" not in qa.get("/static/app.js").headers.get("cache-control", "")
    assert "object-src 'none'" in qa.get("/calls").headers["content-security-policy"]


def test_calibration_answers_lock_once_results_are_seen_and_only_the_creator_closes(
    client_for, web_app: App, seeded: Seeded
) -> None:
    qa, qa2 = client_for("qa"), client_for("qa2")
    token = csrf_of(qa.get("/calibration").text)
    r = qa.post("/calibration", data={"name": "w", "calls": "c-1001-0", "csrf_token": token})
    sid = int(str(r.url).rsplit("/", 1)[1])
    url = f"/calibration/{sid}/calls/{seeded.calls['c-1001-0']}"
    answers = {"item:greeting": "yes", "item:farewell": "yes", "csrf_token": token}
    assert 'id="raters"' in qa.post(url, data=answers).text  # scored everything: results shown
    r = qa.post(url, data=answers | {"item:greeting": "no"})
    assert r.status_code == 400 and "locked" in r.text  # no copying the scorer after seeing it
    token2 = csrf_of(qa2.get("/calibration").text)
    assert qa2.post(f"/calibration/{sid}/close", data={"csrf_token": token2}).status_code == 403
    with web_app.uow() as session:
        assert not session.get(CalibrationSession, sid).closed
    assert qa.post(f"/calibration/{sid}/close", data={"csrf_token": token}).status_code == 200


def test_activity_does_not_keep_a_session_alive_past_its_maximum_age(
    client_for, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    qa = client_for("qa")  # session_max_age_s: 8 h by default
    start = time.time()
    monkeypatch.setattr("web.deps.now", lambda: start + 7 * 3600)
    assert qa.get("/calls", follow_redirects=False).status_code == 200  # the cookie is re-signed here
    monkeypatch.setattr("web.deps.now", lambda: start + 8 * 3600 + 60)
    assert qa.get("/calls", follow_redirects=False).status_code == 303


def test_highlighting_escapes_each_piece_after_splitting(client_for, web_app: App, seeded: Seeded) -> None:
    call_id = seeded.calls["c-1001-0"]  # its greeting evidence quotes "Здравствуйте"
    with web_app.uow() as session:
        tr = session.scalar(select(Transcript).where(Transcript.call_id == call_id))
        tr.segments = [{"speaker": "agent", "start": 0.0, "end": 1.5, "text": "<b>Здравствуйте</b> & <i>"}]
    html = client_for("qa").get(f"/calls/{call_id}").text
    assert "&lt;b&gt;<mark>Здравствуйте</mark>&lt;/b&gt; &amp; &lt;i&gt;" in html


def test_chart_labels_from_checklist_titles_are_escaped_in_the_svg() -> None:
    from reports.charts import item_compliance  # embedded as Markup in the scorecard report

    svg = str(item_compliance([(XSS, 50.0)], 80.0))
    assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg


def test_behind_tls_the_cookie_is_secure_and_hsts_is_sent(web_app: App, seeded: Seeded) -> None:
    settings = web_app.settings.model_copy(deep=True)
    settings.web.secure_cookies = True
    with TestClient(build_web_app(web_app, settings), base_url="https://sapa.example") as client:
        r = client.get("/login")
        assert "secure" in r.headers["set-cookie"].lower()
        assert r.headers["strict-transport-security"] == "max-age=31536000"
        assert _login_status(client, "qa", PASSWORD) == 303
    with TestClient(build_web_app(web_app)) as plain:
        assert "strict-transport-security" not in plain.get("/login").headers
