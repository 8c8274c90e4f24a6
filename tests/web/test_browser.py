"""Real-browser tests (Playwright + Debian chromium): seek by transcript, override, script editor, scopes.

Screenshots go to the test's temporary folder; with SAPA_SCREENSHOTS=docs/screenshots they are also
copied there (that is how docs/web.md's pictures are made).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import select

from sapa.webapp import build_web_app
from sapa.wiring import App
from storage.models import Call, Transcript
from tests.dialogue.scripts import GOOD, at, edit
from tests.web.audio_util import make_wav
from tests.web.seed import PASSWORD, Seeded

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live(web_app: App, seeded: Seeded) -> Iterator[str]:
    root = Path(web_app.settings.web.recordings_dir)
    make_wav(root / "call1.wav", seconds=6.0)
    with web_app.uow() as session:
        call = session.get(Call, seeded.calls["c-1001-0"])
        call.recording_path = "call1.wav"
        tr = session.scalar(select(Transcript).where(Transcript.call_id == call.id))
        tr.segments = [
            *tr.segments,
            {"speaker": "caller", "start": 5.0, "end": 5.8, "text": "<script>alert(1)</script> спасибо"},
        ]
    with serving(web_app) as base:
        yield base


@contextmanager
def serving(web_app: App) -> Iterator[str]:
    """The web UI of ``web_app`` on a free port in a thread (uvicorn), its base URL while inside."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(build_web_app(web_app), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 200
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    with chromium_page(viewport={"width": 1200, "height": 760}) as opened:
        yield opened


@contextmanager
def chromium_page(**context_options: Any) -> Iterator[Any]:
    """A page of Debian's headless Chromium (skips the test where it is not installed)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(**context_options)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    target = os.environ.get("SAPA_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)
    return path


def wait_js(page, expression: str, timeout_s: float = 150.0) -> None:
    """Poll a JS expression (wait_for_function needs eval, which the site's CSP forbids)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.05)


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")  # the header's language switch has submit buttons too
    page.wait_for_url(f"{base}/calls")


def test_qa_seeks_by_transcript_and_overrides(live: str, page, seeded: Seeded, tmp_path: Path) -> None:
    log_in(page, live, "qa")
    shot(page, tmp_path, "calls")
    page.select_option("select[name=agent]", "1001")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**agent=1001**")
    page.click(f"a[href='/calls/{seeded.calls['c-1001-0']}']")
    wait_js(page, "document.getElementById('player').readyState >= 1")
    assert page.evaluate("document.getElementById('player').currentTime") == 0
    page.click("#transcript li[data-seek='3.2']")
    wait_js(page, "document.getElementById('player').currentTime >= 3.2")
    assert 3.2 <= page.evaluate("document.getElementById('player').currentTime") < 6.0
    page.evaluate("document.getElementById('player').pause()")
    assert page.locator("#transcript li").last.inner_text().startswith("0:05")
    assert "<script>alert(1)</script> спасибо" in page.locator("#transcript").inner_text()  # shown as text
    row = page.locator("tr[data-item='greeting']")
    row.locator("summary", has_text="override").click()
    row.locator("select[name=answer]").select_option("no")
    row.locator("textarea[name=comment]").fill("Имя оператора не прозвучало")
    row.locator("button", has_text="Save override").click()
    page.wait_for_selector("tr[data-item='greeting'] .badge.over")
    assert page.locator("tr[data-item='greeting'] td.auto").inner_text() == "yes"
    assert page.locator("tr[data-item='greeting'] td.effective").inner_text().startswith("no")
    assert page.locator("#score").inner_text() != "100.0"
    shot(page, tmp_path, "call-review")
    page.goto(f"{live}/audit")
    assert "Имя оператора не прозвучало" in page.locator("table.audit").inner_text()
    shot(page, tmp_path, "audit")
    page.goto(f"{live}/scorecards?period=2026-11&by=agent")
    frame = page.frame_locator("#report")
    link = frame.locator("a[href*='item=greeting'][href*='agent=1001']").first
    link.wait_for()
    shot(page, tmp_path, "scorecards")
    link.click()  # drill-down opens the calls behind the number in the main window
    page.wait_for_url("**/calls?*item=greeting*")
    assert page.locator("table.calls tbody tr").count() == 2  # c-1001-1 and the call just overridden


def save_broken_script(page: Any, base: str) -> int:
    """In the script editor, save the good script with a step sent nowhere; the bad line."""
    page.goto(f"{base}/scripts/new")
    bad = edit("      next: choose", "      next: nowhere", GOOD)
    line, _ = at(bad, "next: nowhere")
    page.fill("#yaml", bad)
    page.click("button[value=save]")
    page.wait_for_selector("#errors")
    return line


def calibrate_all_yes(page: Any, base: str, name: str, calls: list[str]) -> None:
    """A blind calibration session over ``calls``, this rater answering "yes" to every item of each."""
    page.goto(f"{base}/calibration")
    page.fill("#new-session input[name=name]", name)
    page.fill("#new-session input[name=calls]", ", ".join(calls))
    page.click("#new-session button[type=submit]")
    session = re.compile(r"/calibration/\d+$")
    page.wait_for_url(session)
    for call in calls:
        page.click(f"text={call}")
        # on a busy machine the call's page may not be there yet when the click returns: wait for its form
        page.wait_for_url(re.compile(r"/calibration/\d+/calls/\d+$"))
        page.wait_for_selector("form.card input[type=radio][value=yes]")
        for radio in page.locator("input[type=radio][value=yes]").all():
            radio.check()
        page.click("form.card button[type=submit]")
        page.wait_for_url(session)


def test_admin_sees_script_error_at_its_line_then_fixes_and_activates(
    live: str, page, tmp_path: Path
) -> None:
    log_in(page, live, "admin")
    line = save_broken_script(page, live)
    assert f"line {line}" in page.locator("#errors").inner_text()
    assert page.locator(f"#gutter #L{line}").get_attribute("class") == "bad"
    page.click(f"#errors a[data-line='{line}']")
    selected = page.evaluate(
        "(() => { const a = document.getElementById('yaml');"
        " return a.value.substring(a.selectionStart, a.selectionEnd); })()"
    )
    assert selected.strip() == "next: nowhere"
    shot(page, tmp_path, "script-error")
    page.fill("#yaml", GOOD)
    page.fill("input[name=comment]", "first version")
    page.click("button[value=save_activate]")
    page.wait_for_selector("#message")
    assert "version 1 saved and activated" in page.locator("#message").inner_text()
    assert "active" in page.locator("#history").inner_text()
    shot(page, tmp_path, "script-active")


def test_agent_sees_only_own_calls(live: str, page, seeded: Seeded, tmp_path: Path) -> None:
    log_in(page, live, "agent1")
    rows = page.locator("table.calls tbody tr")
    assert rows.count() == 3
    for i in range(3):
        assert "1001" in rows.nth(i).inner_text()
    assert page.locator("nav a", has_text="Users").count() == 0
    shot(page, tmp_path, "agent-calls")
    page.goto(f"{live}/calls/{seeded.calls['c-2001-0']}")
    assert "Forbidden" in page.locator("h1").inner_text()


def test_dispute_and_calibration_pages(live: str, page, seeded: Seeded, tmp_path: Path) -> None:
    log_in(page, live, "agent1")
    page.goto(f"{live}/calls/{seeded.calls['c-1001-1']}")
    row = page.locator("tr[data-item='greeting']")
    row.locator("summary", has_text="dispute").click()
    row.locator("textarea[name=comment]").fill("Я поздоровался в начале звонка")
    row.locator("button", has_text="Dispute").click()
    page.wait_for_selector("tr[data-item='greeting'] .dispute")
    page.click("header form.logout button")
    log_in(page, live, "qa")
    page.goto(f"{live}/disputes")
    assert "Я поздоровался в начале звонка" in page.locator("table.disputes").inner_text()
    shot(page, tmp_path, "disputes")
    calibrate_all_yes(page, live, "Неделя 46", ["c-1001-0", "c-1001-1"])
    assert page.locator("#raters").is_visible() and "qa" in page.locator("#raters").inner_text()
    shot(page, tmp_path, "calibration")
