"""Scheduled reports: due periods, catch-up once, never a duplicate, APScheduler wiring, SMTP delivery."""

from __future__ import annotations

import email
import email.header
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

import sapa.report_schedule as sched
from reports.config import Schedule
from reports.exceptions import ReportsError
from sapa.report_schedule import build_scheduler, due_period, run_pending, run_schedule, start_scheduler
from sapa.wiring import App
from storage.models import ReportRun
from tests.reports import data

TZ = "Asia/Almaty"
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # Monday 08:00 in Almaty


@pytest.mark.parametrize(
    ("kind", "at", "now", "expected"),
    [
        ("day", "07:00", NOW, "2026-11-22"),
        ("day", "09:00", NOW, "2026-11-21"),  # today's 09:00 run has not come yet
        ("week", "07:30", NOW, "2026-W47"),
        ("week", "08:30", NOW, "2026-W46"),
        ("month", "08:00", datetime(2026, 12, 1, 3, 0, tzinfo=UTC), "2026-11"),
        ("month", "08:00", datetime(2026, 12, 1, 2, 59, tzinfo=UTC), "2026-10"),
        ("quarter", "06:00", NOW, "2026-Q3"),
        ("year", "06:00", NOW, "2025"),
    ],
)
def test_due_period(kind: str, at: str, now: datetime, expected: str) -> None:
    assert due_period(Schedule(period=kind, at=at), now, TZ).label == expected  # type: ignore[arg-type]


@pytest.fixture
def sched_app(app: App) -> App:
    with app.uow() as session:
        data.load(session)
    app.settings.reports.schedules = {
        "daily": Schedule(period="day", by="team", at="07:00"),
        "monthly": Schedule(period="month", by="centre", format="xlsx", at="07:00"),
        "off": Schedule(enabled=False),
    }
    return app


def _runs(app: App) -> list[tuple[str, str]]:
    with app.uow() as session:
        return sorted((s, p) for s, p in session.execute(select(ReportRun.schedule, ReportRun.period)))


def test_catch_up_runs_once_and_never_duplicates(sched_app: App) -> None:
    first = run_pending(sched_app, NOW)
    assert [(r.schedule, r.period) for r in first] == [("daily", "2026-11-22"), ("monthly", "2026-10")]
    assert all(r.path is not None and r.path.is_file() for r in first)
    assert run_pending(sched_app, NOW) == []  # a second catch-up (restart) writes nothing
    assert run_schedule(sched_app, "daily", NOW) is None  # nor does the cron job firing late
    later = run_pending(sched_app, datetime(2026, 11, 24, 3, 0, tzinfo=UTC))
    assert [(r.schedule, r.period) for r in later] == [("daily", "2026-11-23")]
    assert _runs(sched_app) == [("daily", "2026-11-22"), ("daily", "2026-11-23"), ("monthly", "2026-10")]


def test_concurrent_runs_write_one_report(sched_app: App) -> None:
    results: list[Any] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        results.append(run_schedule(sched_app, "daily", NOW))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r is not None for r in results) == 1
    assert _runs(sched_app) == [("daily", "2026-11-22")]


def test_failed_write_is_retried_next_time(sched_app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise ReportsError("disk full")

    monkeypatch.setattr(sched, "write_report", broken)
    with pytest.raises(ReportsError):
        run_schedule(sched_app, "daily", NOW)
    assert _runs(sched_app) == []
    monkeypatch.undo()
    assert run_schedule(sched_app, "daily", NOW) is not None


def test_scheduler_jobs_coalesce_and_catch_up_in_background(sched_app: App) -> None:
    sched_app.settings.reports.misfire_grace_s = 1234
    scheduler = build_scheduler(sched_app)
    jobs = {j.id: j for j in scheduler.get_jobs()}
    assert set(jobs) == {"report:daily", "report:monthly"}
    for job in jobs.values():
        assert job.coalesce is True and job.misfire_grace_time == 1234 and job.max_instances == 1
    assert str(jobs["report:monthly"].trigger) == "cron[day='1', hour='7', minute='0']"
    started = start_scheduler(sched_app)
    assert started is not None
    try:
        deadline = datetime.now(UTC).timestamp() + 30
        while len(_runs(sched_app)) < 2 and datetime.now(UTC).timestamp() < deadline:
            threading.Event().wait(0.1)
    finally:
        started.shutdown(wait=True)
    assert len(_runs(sched_app)) == 2  # the catch-up job ran once for each enabled schedule


class Sink:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Sink, int]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink, port
    controller.stop()


def _subject(msg: Message) -> str:
    """The Subject header decoded (non-ASCII subjects travel RFC 2047-encoded)."""
    return str(email.header.make_header(email.header.decode_header(msg["Subject"])))


def test_report_is_emailed_through_smtp(sched_app: App, smtp_server: tuple[Sink, int]) -> None:
    sink, port = smtp_server
    cfg = sched_app.settings.reports
    cfg.smtp.host, cfg.smtp.port = "127.0.0.1", port
    cfg.schedules["daily"].email_to = ["lead@example.kz", "qa@example.kz"]
    result = run_schedule(sched_app, "daily", NOW)
    assert result is not None and result.emailed and result.error is None
    [(rcpt, msg)] = sink.messages
    assert rcpt == ["lead@example.kz", "qa@example.kz"]
    assert _subject(msg) == "Отчёт Sapa daily: 2026-11-22, группировка: команда"  # reports.language: ru
    attachment = next(p for p in msg.walk() if p.get_filename())
    assert attachment.get_filename() == "daily-2026-11-22-team.html"
    html = attachment.get_payload(decode=True).decode()
    assert '<html lang="ru">' in html and "Карточки команд — 2026-11-22" in html
    with sched_app.uow() as session:
        assert session.scalar(select(ReportRun.emailed)) is True


def test_a_schedule_mails_its_recipients_in_their_language(
    sched_app: App, smtp_server: tuple[Sink, int]
) -> None:
    sink, port = smtp_server
    cfg = sched_app.settings.reports
    cfg.smtp.host, cfg.smtp.port = "127.0.0.1", port
    cfg.schedules["daily"].email_to = ["lead@example.kz"]
    cfg.schedules["daily"].language = "kk"
    result = run_schedule(sched_app, "daily", NOW)
    assert result is not None and result.emailed
    [(_rcpt, msg)] = sink.messages
    assert _subject(msg) == "Sapa есебі daily: 2026-11-22, топтау: команда"
    body = next(p for p in msg.walk() if p.get_content_type() == "text/plain" and not p.get_filename())
    assert "есебі тіркелген (daily-2026-11-22-team.html)" in body.get_payload(decode=True).decode()
    attachment = next(p for p in msg.walk() if p.get_filename())
    html = attachment.get_payload(decode=True).decode()
    assert '<html lang="kk">' in html and "Командалар карточкалары — 2026-11-22" in html


def test_unreachable_smtp_keeps_the_report(sched_app: App, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here any more
    cfg = sched_app.settings.reports
    cfg.smtp.host, cfg.smtp.port, cfg.smtp.timeout_s = "127.0.0.1", port, 2
    cfg.schedules["daily"].email_to = ["lead@example.kz"]
    result = run_schedule(sched_app, "daily", NOW)
    assert result is not None and result.path is not None and result.path.is_file()
    assert not result.emailed and "cannot e-mail report" in (result.error or "")
