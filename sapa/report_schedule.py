"""Scheduled reports with APScheduler 3.x; catch-up after downtime, never a duplicate.

Each schedule reports the period that ended most recently before its run time (`at`, local time). The
report_runs row (unique schedule + period) is claimed before the file is written, so two processes, a
restart or a coalesced misfire cannot write or mail the same report twice. On start `run_pending` writes
the latest missed period of each schedule once (APScheduler's own misfire handling covers a process that
was busy or suspended: coalesce=True, misfire_grace_time from config).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from reports.config import ReportsConfig, Schedule
from reports.exceptions import ReportsError
from reports.mail import report_mail_text, send_report
from reports.periods import Period, containing, zone_info
from reports.service import make_report, write_report
from sapa.wiring import App
from storage.models import ReportRun

log = logging.getLogger(__name__)

CRON_FIELDS: dict[str, dict[str, str | int]] = {
    "day": {},
    "week": {"day_of_week": "mon"},
    "month": {"day": 1},
    "quarter": {"month": "1,4,7,10", "day": 1},
    "year": {"month": 1, "day": 1},
}


@dataclass
class RunResult:
    schedule: str
    period: str
    path: Path | None
    emailed: bool = False
    error: str | None = None


def due_period(schedule: Schedule, now: datetime, tz: str) -> Period:
    """The period the latest run at or before `now` reports: the one that ended before that run."""
    hour, minute = (int(x) for x in schedule.at.split(":"))
    shifted = now.astimezone(zone_info(tz)) - timedelta(hours=hour, minutes=minute)
    return containing(schedule.period, shifted, tz).previous()


def cron_trigger(schedule: Schedule, tz: str) -> CronTrigger:
    hour, minute = (int(x) for x in schedule.at.split(":"))
    return CronTrigger(hour=hour, minute=minute, timezone=zone_info(tz), **CRON_FIELDS[schedule.period])


def report_path(cfg: ReportsConfig, name: str, schedule: Schedule, period: Period) -> Path:
    kind = "public" if schedule.public else schedule.by
    return Path(cfg.out_dir) / f"{name}-{period.label}-{kind}.{schedule.format}"


STALE_CLAIM = timedelta(minutes=10)  # a claim this old whose report file never appeared: its writer died


def _claim(app: App, name: str, period: Period, path: Path) -> bool:
    try:
        with app.uow() as session:
            session.add(ReportRun(schedule=name, period=period.label, path=str(path)))
        return True
    except IntegrityError:
        return _take_over(app, name, period, path)


def _take_over(app: App, name: str, period: Period, path: Path) -> bool:
    """A worker killed between its claim and the file (SIGKILL, OOM) left a claim and no report: the next
    run takes the claim over once it is stale; a conditional UPDATE lets one taker win."""
    if path.exists():
        return False
    now = datetime.now(UTC)
    with app.uow() as session:
        taken = session.execute(  # type: ignore[attr-defined]  # an UPDATE's CursorResult
            update(ReportRun)
            .where(ReportRun.schedule == name, ReportRun.period == period.label)
            .where(ReportRun.run_at < now - STALE_CLAIM)
            .values(run_at=now, path=str(path))
            .execution_options(synchronize_session=False)
        ).rowcount
    if taken:
        log.warning("report %s for %s: a stale claim without its file was taken over", name, period)
    return bool(taken)


def _release(app: App, name: str, period: Period) -> None:
    with app.uow() as session:
        session.execute(delete(ReportRun).where(ReportRun.schedule == name, ReportRun.period == period.label))


def run_schedule(app: App, name: str, now: datetime | None = None) -> RunResult | None:
    """Write (and mail) the due report of one schedule unless it was written already; None = nothing to do."""
    cfg = app.settings.reports
    schedule = cfg.schedules[name]
    if not schedule.enabled:
        return None
    period = due_period(schedule, now or datetime.now(UTC), cfg.timezone)
    path = report_path(cfg, name, schedule, period)
    if not _claim(app, name, period, path):
        log.debug("report %s for %s already written", name, period)
        return None
    try:
        language = schedule.language or cfg.language  # the recipients' language, else the centre's
        report = make_report(
            app.sessions, cfg, period, schedule.by, public=schedule.public, language=language
        )
        write_report(report, cfg, schedule.format, path, language=language)
    except Exception:
        _release(app, name, period)  # let the next run try again
        raise
    result = RunResult(name, period.label, path)
    if schedule.email_to:
        _mail(app, schedule, result)
    log.info("scheduled report %s for %s written to %s", name, period, path)
    return result


def _mail(app: App, schedule: Schedule, result: RunResult) -> None:
    cfg = app.settings.reports
    assert result.path is not None
    language = schedule.language or cfg.language  # the recipients' language, else the centre's
    subject, body = report_mail_text(result.schedule, result.period, schedule.by, result.path.name, language)
    try:
        send_report(cfg.smtp, schedule.email_to, subject, body, result.path)
    except ReportsError as exc:
        result.error = str(exc)
        log.error("%s", exc)
        return
    result.emailed = True
    with app.uow() as session:
        session.execute(
            update(ReportRun)
            .where(ReportRun.schedule == result.schedule, ReportRun.period == result.period)
            .values(emailed=True)
        )


def run_pending(app: App, now: datetime | None = None) -> list[RunResult]:
    """Catch up: the latest due period of every enabled schedule, once."""
    results = []
    for name in app.settings.reports.schedules:
        result = run_schedule(app, name, now)
        if result is not None:
            results.append(result)
    return results


def history(app: App, limit: int = 50) -> list[ReportRun]:
    with app.uow() as session:
        stmt = select(ReportRun).order_by(ReportRun.run_at.desc(), ReportRun.id.desc()).limit(limit)
        return list(session.scalars(stmt))


def enqueue_pending(app: App, names: list[str] | None = None, now: datetime | None = None) -> list[str]:
    """The celery back end: put the due report of each enabled schedule (or of ``names``) on the score
    queue; a worker writes it once per period (the report_runs claim), wherever it was queued from."""
    from sapa.jobs.celery_queue import CeleryQueue

    schedules = app.settings.reports.schedules
    chosen = [n for n in (names or list(schedules)) if schedules[n].enabled]
    CeleryQueue(app).send_reports(chosen, now or datetime.now(UTC))  # the period due now, run whenever
    return chosen


def _safe_job(app: App, name: str | None) -> None:
    """A scheduler job: log failures instead of letting them kill the thread. With ``jobs.backend:
    celery`` the report is queued for a worker instead of written in the web process."""
    try:
        if app.settings.jobs.backend == "celery":
            enqueue_pending(app, None if name is None else [name])
        elif name is None:
            run_pending(app)
        else:
            run_schedule(app, name)
    except Exception:
        log.exception("scheduled report %s failed", name or "catch-up")


def build_scheduler(app: App) -> BackgroundScheduler:
    cfg = app.settings.reports
    job_options = {"coalesce": True, "misfire_grace_time": cfg.misfire_grace_s, "max_instances": 1}
    scheduler = BackgroundScheduler(timezone=zone_info(cfg.timezone), job_defaults=job_options)
    for name, schedule in cfg.schedules.items():
        if schedule.enabled:
            scheduler.add_job(
                _safe_job,
                cron_trigger(schedule, cfg.timezone),
                args=[app, name],
                id=f"report:{name}",
                name=f"report {name}",
                replace_existing=True,
                **job_options,
            )
    return scheduler


def _followups_job(app: App) -> None:
    """Periodic follow-up scan (sapa/followups.py); a failure is logged, the next run tries again."""
    from sapa.followups import sync

    try:
        sync(app)
    except Exception:
        log.exception("follow-up sync failed")


def add_followups_job(scheduler: BackgroundScheduler, app: App) -> None:
    """Every ``reports.followups.sync_interval_min`` minutes, starting now."""
    minutes = app.settings.reports.followups.sync_interval_min
    scheduler.add_job(
        _followups_job,
        IntervalTrigger(minutes=minutes),
        args=[app],
        id="followups:sync",
        name=f"follow-ups every {minutes} min",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        next_run_time=datetime.now(UTC),
    )


def start_scheduler(app: App) -> BackgroundScheduler | None:
    """For `sapa serve`: start the schedules and catch up missed runs once, in the background."""
    if not app.settings.reports.scheduler_enabled:
        log.info("report scheduler disabled (reports.scheduler_enabled)")
        return None
    scheduler = build_scheduler(app)
    scheduler.add_job(_safe_job, args=[app, None], id="report:catch-up", name="report catch-up")
    add_followups_job(scheduler, app)
    from sapa.qa_sampling import add_sampling_job  # the QA work queue's daily sampling (web.sampling)

    add_sampling_job(scheduler, app)
    scheduler.start()
    log.info("report scheduler started: %s", ", ".join(j.name for j in scheduler.get_jobs()))
    return scheduler
