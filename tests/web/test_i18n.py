"""The interface in Russian and Kazakh: every page, as every role, shows no English UI string.

The known English strings are the catalogue's msgids (web/locale/messages.pot). A page is rendered as
each role in ru and kk — every GET route of the app, with a work queue, notices, a dispute and a
calibration session in place so the pages have rows — and its visible text (text nodes, placeholders,
titles) must not contain any msgid. The same check on an English page finds many: the detector works.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from sapa.wiring import App
from storage.models import (
    AgentNotice,
    CalibrationCall,
    CalibrationSession,
    Call,
    Dispute,
    FollowUp,
    User,
    utcnow,
)
from tests.web.jobs_data import make_jobs
from tests.web.seed import USERS, Seeded
from web import i18n
from web.config import SamplingConfig
from web.routes import ROUTERS
from web.workqueue import sample

LOCALE = i18n.LOCALE_DIR
ROLES = ["admin", "qa", "lead", "agent1"]
SKIP = {
    "/calls/{call_id}/audio",
    "/followups/{follow_up_id}/comment",
    "/scorecards/download.{fmt}",
    "/scorecards/report",
    "/healthz",
}
DATA_WORDS = set(USERS)  # user names are data, not interface text ("admin" is also a msgid)


def _msgids() -> list[str]:
    with (LOCALE / "messages.pot").open("rb") as fh:
        catalog = read_po(fh)
    return [m.id for m in catalog if m.id and isinstance(m.id, str)]


def _pattern(msgid: str) -> re.Pattern[str] | None:
    """The rendered form of a msgid as a regex: 'attempts: %(n)s' -> 'attempts: .+?' ('%%' -> '%')."""
    parts = re.split(r"%\([a-z0-9_]+\)s", msgid.replace("%%", "%"))
    if sum(len(p.strip()) for p in parts) < 2:
        return None
    body = ".{1,80}?".join(re.escape(p) for p in parts)
    return re.compile(rf"(?<!\w){body.strip()}(?!\w)")


class _Visible(HTMLParser):
    """Visible text and the attributes people read (placeholder, title); not <script>/<textarea>."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "textarea"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "title") and value:
                self.chunks.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "textarea") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def untranslated(html: str, msgids: list[str]) -> set[str]:
    parser = _Visible()
    parser.feed(html)
    text = "\n".join(c for c in parser.chunks if c not in DATA_WORDS)
    found = set()
    for msgid in msgids:
        pattern = _pattern(msgid)
        if pattern is not None and pattern.search(text):
            found.add(msgid)
    return found


def _get_routes(api: FastAPI) -> list[str]:
    out = []
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            if "GET" in (route.methods or ()) and route.path not in SKIP:
                out.append(route.path)
    return out


@pytest.fixture
def busy(web_app: App, seeded: Seeded) -> dict[str, Any]:
    """A queue for both QA specialists, notices for agent 1001, a dispute, a calibration session."""
    with web_app.uow() as session:
        sample(
            session,
            SamplingConfig(random_per_agent_week=2),
            now=utcnow().replace(year=2026, month=11, day=12),
        )
        qa = session.scalar(select(User).where(User.username == "qa"))
        agent1 = session.scalar(select(User).where(User.username == "agent1"))
        assert qa is not None and agent1 is not None and agent1.agent_id is not None
        own = seeded.calls["c-1001-0"]
        session.add(
            AgentNotice(agent_id=agent1.agent_id, call_id=own, kind="evaluation", author_user_id=qa.id)
        )
        session.add(
            AgentNotice(
                agent_id=agent1.agent_id,
                call_id=seeded.calls["c-1001-1"],
                kind="feedback",
                author_user_id=qa.id,
                acknowledged_at=utcnow() - timedelta(hours=1),
            )
        )
        session.add(
            Dispute(
                item_result_id=seeded.items["c-1001-0/greeting"], raised_by_user_id=agent1.id, comment="x"
            )
        )
        cal = CalibrationSession(name="s1", created_by_user_id=qa.id)
        session.add(cal)
        session.flush()
        session.add(CalibrationCall(session_id=cal.id, call_id=own))
        call = session.get(Call, own)
        assert call is not None
        follow_up = FollowUp(call_id=own, reason="low_rating+not_resolved", rating=1, team_id=call.team_id)
        session.add(follow_up)
        session.flush()
        jobs = make_jobs(session)  # the admins' ingest page in every state
        return {
            "follow_up_id": follow_up.id,
            "call_id": own,
            "sid": cal.id,
            "name": "support-first-line",
            "fmt": "csv",
            "notice_id": 1,
            "user_id": qa.id,
            "job_id": jobs["poison"],
        }


def _pages(client: TestClient, api: FastAPI, targets: dict[str, Any]) -> dict[str, str]:
    pages = {}
    for path in _get_routes(api):
        url = path.format(**targets)
        response = client.get(url, follow_redirects=True)
        if response.headers.get("content-type", "").startswith("text/html"):
            pages[url] = response.text
    pages["/calls/999999 (404)"] = client.get("/calls/999999").text
    pages["/calls?rating=x (400)"] = client.get("/calls?rating=x").text
    return pages


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_an_english_ui_string(
    role: str,
    language: str,
    client_for: Callable[[str], TestClient],
    web_app: App,
    api: FastAPI,
    busy: dict[str, Any],
) -> None:
    with web_app.uow() as session:
        session.execute(update(User).where(User.username == role).values(language=language))
    client = client_for(role)
    pages = _pages(client, api, busy)
    assert len(pages) >= 8
    msgids = _msgids()
    problems = {url: sorted(untranslated(html, msgids)) for url, html in pages.items()}
    problems = {url: found for url, found in problems.items() if found}
    assert problems == {}, f"untranslated in {language} as {role}: {problems}"
    assert f'<html lang="{language}">' in next(iter(pages.values()))


def test_the_detector_finds_english_on_an_english_page(
    client_for: Callable[[str], TestClient], api: FastAPI, busy: dict[str, Any]
) -> None:
    pages = _pages(client_for("qa"), api, busy)  # seeded users read English
    found = set().union(*(untranslated(html, _msgids()) for html in pages.values()))
    assert {"Calls", "My queue", "Transcript text", "Log out"} <= found


def test_login_page_is_russian_by_default_and_switches(api: FastAPI, seeded: Seeded) -> None:
    with TestClient(api) as client:
        page = client.get("/login").text
        assert "Войти" in page and untranslated(page, _msgids()) == set()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        client.post("/language", data={"language": "kk", "next": "/login", "csrf_token": token.group(1)})
        assert "Кіру" in client.get("/login").text


def test_a_user_switches_language_and_it_is_kept_on_the_account(
    client_for: Callable[[str], TestClient], web_app: App
) -> None:
    client = client_for("qa")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/calls").text)
    assert token
    r = client.post("/language", data={"language": "ru", "next": "/calls", "csrf_token": token.group(1)})
    assert r.status_code == 200 and "Звонки" in r.text
    with web_app.uow() as session:
        assert session.scalar(select(User.language).where(User.username == "qa")) == "ru"


def test_every_msgid_is_translated_and_the_template_is_current() -> None:
    """ru and kk translate every msgid; messages.pot holds every string the sources mark."""
    msgids = set(_msgids())
    for language in ("ru", "kk"):
        with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            catalog = read_po(fh)
        translated = {m.id for m in catalog if m.id and m.string}
        assert msgids - translated == set(), language
    method_map = [("web/**.py", "python"), ("web/templates/**.html", "jinja2")]
    options = {"web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    root = LOCALE.parent.parent
    marked = {
        msg[2] if isinstance(msg[2], str) else msg[2][0]
        for msg in extract_from_dir(
            root, method_map, options, keywords={"_": None, "N_": None, "gettext": None}
        )
    }
    assert marked - msgids == set(), "run `make messages` and translate the new strings"


def test_dates_and_numbers_follow_the_locale() -> None:
    from datetime import UTC, datetime

    moment = datetime(2026, 11, 10, 6, 0, tzinfo=UTC)
    i18n.set_language("ru")
    assert (
        i18n.format_number(1234.5) == "1\xa0234,5"
        and i18n.format_when(moment, "Asia/Almaty") == "10.11.2026 11:00"
    )
    i18n.set_language("en")
    assert (
        i18n.format_number(1234.5) == "1,234.5"
        and i18n.format_when(moment, "Asia/Almaty") == "2026-11-10 11:00"
    )
    i18n.set_language("kk")
    assert i18n.gettext("Calls") == "Қоңыраулар"
