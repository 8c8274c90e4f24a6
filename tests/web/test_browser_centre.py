"""Real-browser tests on the generated demo centre, in Russian (Playwright + Debian chromium).

A QA specialist opens her queue, reviews a call (overrides an answer, finishes) and the call leaves the
queue; the agent sees the evaluation and acknowledges it; a team lead sees progress per QA specialist;
search finds a phrase. With SAPA_SCREENSHOTS=docs/screenshots the pictures of docs/web.md are written.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sapa.bootstrap import load_default_data
from sapa.demo_data import load_demo_org
from sapa.demo_steps.centre import generate
from sapa.wiring import App
from storage.models import Agent, Call, Evaluation, QaAssignment, Transcript, User
from tests.web.test_browser import calibrate_all_yes, chromium_page, save_broken_script, serving, shot

pytestmark = pytest.mark.browser
PASSWORDS = {
    "qa": "demo-qa-pass",
    "aigul": "demo-agent-pass",
    "lead": "demo-lead-pass",
    "admin": "demo-admin-pass",
}
NOW = datetime.now(UTC)


@pytest.fixture
def centre(web_app: App) -> Iterator[dict[str, Any]]:
    """The demo centre, one open queue item of agent 1001 (aigul) for "qa", and a live server."""
    web_app.migrate()
    load_default_data(web_app)
    load_demo_org(web_app)
    generate(web_app, now=NOW)
    with web_app.uow() as session:
        qa = session.scalar(select(User.id).where(User.username == "qa"))
        mine = session.scalar(
            select(QaAssignment)
            .join(Call, Call.id == QaAssignment.call_id)
            .join(Agent, Agent.id == Call.agent_id)
            .where(Agent.extension == "1001", QaAssignment.status == "open")
            .limit(1)
        )
        assert mine is not None, "the centre has an open queue item of agent 1001"
        mine.assignee_user_id = qa
        call_id = mine.call_id
        ticket = session.scalar(
            select(Transcript.full_text).where(Transcript.full_text.like("%её номер %")).limit(1)
        )
        assert ticket is not None
        number = ticket.split("её номер ")[1].split(".")[0]
        scored = list(  # two evaluated calls of the centre for a calibration session
            session.scalars(
                select(Call.external_id)
                .join(Evaluation, Evaluation.call_id == Call.id)
                .where(Evaluation.is_current.is_(True))
                .order_by(Call.started_at.desc())
                .limit(2)
            )
        )
    web_app.settings.web.page_size = 14  # a screenful for the screenshots
    with serving(web_app) as base:
        yield {"base": base, "call": call_id, "ticket": number, "scored": scored}


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    with chromium_page(viewport={"width": 1280, "height": 800}, locale="ru-RU") as opened:
        yield opened


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    assert page.locator("button[type=submit]", has_text="Войти").count() == 1  # Russian before login
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{base}/calls")


def test_qa_reviews_from_her_queue_agent_acknowledges_lead_sees_progress(
    centre: dict[str, Any], page: Any, tmp_path: Path
) -> None:
    base, call = centre["base"], centre["call"]
    log_in(page, base, "qa")
    assert page.locator("h1").inner_text() == "Звонки"
    shot(page, tmp_path, "centre-calls")
    page.click("nav a:has-text('Моя очередь')")
    page.wait_for_url(f"{base}/queue")
    row = page.locator(f"#qa-{call}")
    assert row.count() == 1
    before = int(page.locator("#queue-count").inner_text())
    shot(page, tmp_path, "centre-queue")
    row.locator("a").first.click()
    page.wait_for_selector("#review-box")
    item = page.locator("table.checklist tbody tr").first
    item.locator("summary", has_text="исправить").click()
    effective = item.locator("td.effective").inner_text()
    item.locator("select[name=answer]").select_option("no" if effective.startswith("да") else "yes")
    item.locator("textarea[name=comment]").fill("Проверено по записи")
    item.locator("button", has_text="Сохранить исправление").click()
    page.wait_for_selector("table.checklist .badge.over")
    assert "с моими исправлениями" in page.locator("#finish-review").inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, tmp_path, "centre-call-review")
    page.click("#finish-review")
    page.wait_for_url(f"{base}/queue?done={call}")
    assert page.locator("#done").is_visible()
    assert page.locator(f"#qa-{call}").count() == 0  # the item left the queue
    assert int(page.locator("#queue-count").inner_text()) == before - 1
    page.click("header form.logout button")

    log_in(page, base, "aigul")
    badge = page.locator("#notice-badge")
    unread = int(badge.inner_text())
    badge.click()
    page.wait_for_url(f"{base}/evaluations")
    mine = page.locator("#notices tr.unread", has=page.locator(f"a[href='/calls/{call}']"))
    assert mine.count() == 1
    shot(page, tmp_path, "centre-evaluations")
    mine.locator("button", has_text="Ознакомлен").click()
    page.wait_for_url(f"{base}/evaluations")
    assert (
        "ознакомлен" in page.locator("#notices tr", has=page.locator(f"a[href='/calls/{call}']")).inner_text()
    )
    assert int(page.locator("#notice-badge").inner_text() or 0) == unread - 1 if unread > 1 else True
    page.click("header form.logout button")

    log_in(page, base, "lead")
    page.click("nav a:has-text('Ход проверок')")
    page.wait_for_url(f"{base}/queue/progress")
    table = page.locator("#progress").inner_text()
    assert "QA-специалист" in table and "qa" in table.lower()
    shot(page, tmp_path, "centre-progress")
    page.goto(f"{base}/scorecards?period={(NOW - timedelta(days=15)):%Y-%m}&by=agent")
    page.wait_for_selector("#acks")
    shot(page, tmp_path, "centre-scorecards")


def test_search_finds_a_phrase(centre: dict[str, Any], page: Any, tmp_path: Path) -> None:
    base, ticket = centre["base"], centre["ticket"]
    log_in(page, base, "qa")
    page.fill("input[name=q]", f"номер {ticket}")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**q=**")
    rows = page.locator("table.calls tbody tr")
    assert rows.count() >= 1 and "gen-" in rows.first.inner_text()
    shot(page, tmp_path, "centre-search")
    rows.first.locator("a").first.click()
    assert ticket in page.locator("#transcript").inner_text()


def test_script_error_and_calibration_in_russian(centre: dict[str, Any], page: Any, tmp_path: Path) -> None:
    """The script editor's error list and a calibration session's results, as the Russian interface shows
    them on the demo centre (docs/web.md's centre-script-error.png and centre-calibration.png)."""
    base = centre["base"]
    log_in(page, base, "admin")
    line = save_broken_script(page, base)
    assert f"строка {line}" in page.locator("#errors").inner_text()
    assert "ничего не сохранено" in page.locator("#errors").inner_text()
    shot(page, tmp_path, "centre-script-error")
    page.click("header form.logout button")

    log_in(page, base, "qa")
    calibrate_all_yes(page, base, "Калибровка, неделя 46", list(centre["scored"]))
    assert page.locator("#raters").is_visible() and "qa" in page.locator("#raters").inner_text()
    shot(page, tmp_path, "centre-calibration")
