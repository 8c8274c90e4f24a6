"""Real browser (Playwright + Debian chromium): an admin reading Russian opens the ingest page from the
menu, sees a failed job's reason, filters to the failed ones and retries it; the job is queued again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from sapa.wiring import App
from storage.models import IngestJob, User
from tests.web import test_browser as browser
from tests.web.jobs_data import POISON, make_jobs
from tests.web.seed import Seeded
from tests.web.test_browser import log_in, shot

pytestmark = pytest.mark.browser
live, page = browser.live, browser.page  # the live server and Chromium page fixtures


@pytest.fixture
def jobs(web_app: App, seeded: Seeded) -> dict[str, int]:
    with web_app.uow() as session:
        session.execute(update(User).where(User.username == "admin").values(language="ru"))
        return make_jobs(session)


def test_admin_retries_a_failed_job_in_russian(
    jobs: dict[str, int], live: str, page: Any, web_app: App, tmp_path: Path
) -> None:
    log_in(page, live, "admin")
    page.click("nav a[href='/admin/jobs']")
    page.wait_for_url(f"{live}/admin/jobs")
    assert page.locator("h1").inner_text() == "Задания загрузки"
    assert page.locator("#count-failed strong").inner_text() == "1"
    assert "worker-b:202" in page.locator(f"#job-{jobs['held']}").inner_text()
    shot(page, tmp_path, "jobs")
    page.click("#count-failed")
    page.wait_for_url("**state=failed")
    row = page.locator(f"#job-{jobs['poison']}")
    assert POISON in row.inner_text()
    row.locator("button", has_text="Повторить").click()
    page.wait_for_url("**state=failed")
    page.wait_for_selector("#count-failed")
    assert page.locator("#count-failed strong").inner_text() == "0"
    assert page.locator("#count-queued strong").inner_text() == "3"
    with web_app.uow() as session:
        job = session.get(IngestJob, jobs["poison"])
        assert job is not None and job.status == "pending"
