"""The admins' ingest page (/admin/jobs): counts per state, who holds running jobs, why jobs failed,
retry of a failed job (CSRF, admin only, audited), filters and pages. Jobs come from the real repository."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from sapa.wiring import App
from storage.models import AuditEntry, IngestJob
from tests.web.conftest import csrf_of
from tests.web.jobs_data import POISON, make_jobs
from tests.web.seed import Seeded
from web.queries.jobs import state_counts


@pytest.fixture
def jobs(web_app: App, seeded: Seeded) -> dict[str, int]:
    with web_app.uow() as session:
        return make_jobs(session)


def _row(html: str, job_id: int) -> str:
    match = re.search(rf'<tr id="job-{job_id}".*?</tr>', html, re.S)
    assert match, f"job {job_id} not listed"
    return match.group(0)


def test_counts_per_state_are_aggregated_by_the_database(web_app: App, jobs: dict[str, int]) -> None:
    with web_app.uow() as session:
        counts = state_counts(session)
    assert counts == {"queued": 2, "running": 1, "held": 1, "failed": 1, "done": 1}


def test_admin_sees_counts_holders_and_failure_reasons(
    client_for: Callable[[str], TestClient], jobs: dict[str, int]
) -> None:
    html = client_for("admin").get("/admin/jobs").text
    for state, n in {"queued": 2, "running": 1, "held": 1, "failed": 1, "done": 1}.items():
        assert re.search(rf'id="count-{state}">[^<]*<strong>{n}</strong>', html), state
    running = _row(html, jobs["running"])
    assert "worker-a:101" in running and "Retry" not in running
    assert "worker-b:202" in _row(html, jobs["held"]) and "held by a lost worker" in html
    failed = _row(html, jobs["poison"])
    assert POISON in failed and "<td>1</td>" in failed and "Retry" in failed
    assert 'href="/admin/jobs"' in html  # the admin menu links the page


def test_filter_by_state_and_pages(
    client_for: Callable[[str], TestClient], web_app: App, seeded: Seeded
) -> None:
    with web_app.uow() as session:
        ids = make_jobs(session, queued=7)  # the test app shows 5 rows per page
    admin = client_for("admin")
    failed = admin.get("/admin/jobs?state=failed").text
    assert f'id="job-{ids["poison"]}"' in failed and f'id="job-{ids["running"]}"' not in failed
    first = admin.get("/admin/jobs?state=queued").text
    second = admin.get("/admin/jobs?state=queued&page=1").text
    listed = re.findall(r'<tr id="job-(\d+)"', first) + re.findall(r'<tr id="job-(\d+)"', second)
    assert len(re.findall(r'<tr id="job-', first)) == 5 and "page=1" in first
    assert sorted(map(int, listed)) == sorted(ids[f"queued{i}"] for i in range(7))
    assert admin.get("/admin/jobs?state=bogus").status_code == 400


def test_retry_puts_a_failed_job_back_and_audits_it(
    client_for: Callable[[str], TestClient], web_app: App, jobs: dict[str, int]
) -> None:
    admin = client_for("admin")
    token = csrf_of(admin.get("/admin/jobs?state=failed").text)
    job_id = jobs["poison"]
    r = admin.post(
        f"/admin/jobs/{job_id}/retry",
        data={"csrf_token": token, "state": "failed"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/admin/jobs?state=failed"
    with web_app.uow() as session:
        job = session.get(IngestJob, job_id)
        assert job is not None and (job.status, job.attempts) == ("pending", 0)
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "job.retry"))
        assert entry is not None and entry.actor == "admin" and entry.entity_id == str(job_id)
        assert entry.details["error"] == POISON and entry.details["attempts"] == 1
    again = admin.post(f"/admin/jobs/{job_id}/retry", data={"csrf_token": token})
    assert again.status_code == 400  # no longer failed: nothing to retry
    running = admin.post(f"/admin/jobs/{jobs['running']}/retry", data={"csrf_token": token})
    assert running.status_code == 400
    assert admin.post("/admin/jobs/999999/retry", data={"csrf_token": token}).status_code == 404
    with web_app.uow() as session:
        assert len(session.scalars(select(AuditEntry).where(AuditEntry.action == "job.retry")).all()) == 1


def test_retry_without_the_token_changes_nothing(
    client_for: Callable[[str], TestClient], web_app: App, jobs: dict[str, int]
) -> None:
    admin = client_for("admin")
    r = admin.post(f"/admin/jobs/{jobs['poison']}/retry", data={}, follow_redirects=False)
    assert r.status_code == 403
    with web_app.uow() as session:
        assert session.get(IngestJob, jobs["poison"]).status == "failed"  # type: ignore[union-attr]


@pytest.mark.parametrize("role", ["qa", "lead", "agent1"])
def test_other_roles_get_403_and_change_nothing(
    role: str, client_for: Callable[[str], TestClient], web_app: App, jobs: dict[str, int]
) -> None:
    client = client_for(role)
    token = csrf_of(client.get("/calls").text)
    assert client.get("/admin/jobs").status_code == 403
    assert 'href="/admin/jobs"' not in client.get("/calls").text
    r = client.post(f"/admin/jobs/{jobs['poison']}/retry", data={"csrf_token": token})
    assert r.status_code == 403
    with web_app.uow() as session:
        assert session.get(IngestJob, jobs["poison"]).status == "failed"  # type: ignore[union-attr]
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "job.retry")) is None


def test_with_a_queue_the_retried_job_goes_back_on_it_after_the_commit(
    client_for: Callable[[str], TestClient], api: FastAPI, web_app: App, jobs: dict[str, int]
) -> None:
    """The Celery back end's hook (sapa/webapp.py) gets the job once the row is pending again."""
    seen: list[tuple[int, str]] = []

    def requeue(job_id: int) -> None:
        with web_app.uow() as session:  # another connection: the retry is committed before sending
            status = session.scalar(select(IngestJob.status).where(IngestJob.id == job_id))
        seen.append((job_id, str(status)))

    api.state.config = replace(api.state.config, requeue_job=requeue)
    admin = client_for("admin")
    token = csrf_of(admin.get("/admin/jobs").text)
    r = admin.post(f"/admin/jobs/{jobs['poison']}/retry", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert seen == [(jobs["poison"], "pending")]


def test_an_unreachable_queue_is_said_and_the_job_stays_pending(
    client_for: Callable[[str], TestClient], api: FastAPI, web_app: App, jobs: dict[str, int]
) -> None:
    def requeue(job_id: int) -> None:
        raise ConnectionError("broker down")

    api.state.config = replace(api.state.config, requeue_job=requeue)
    admin = client_for("admin")
    token = csrf_of(admin.get("/admin/jobs").text)
    r = admin.post(f"/admin/jobs/{jobs['poison']}/retry", data={"csrf_token": token})
    assert r.status_code == 503 and "queue cannot be reached" in r.text
    with web_app.uow() as session:
        assert session.get(IngestJob, jobs["poison"]).status == "pending"  # type: ignore[union-attr]
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "job.retry")) is not None


def test_the_composition_root_wires_the_queue_only_for_celery(web_app: App) -> None:
    from sapa.webapp import requeue_job

    assert requeue_job(web_app, web_app.settings) is None  # embedded: pending rows are the queue
    celery = web_app.settings.model_copy(
        update={"jobs": web_app.settings.jobs.model_copy(update={"backend": "celery"})}
    )
    assert callable(requeue_job(web_app, celery))
