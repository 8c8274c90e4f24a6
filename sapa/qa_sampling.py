"""QA work-queue sampling as a job: `sapa qa sample` and a daily scheduler job (web.sampling.run_at)."""

from __future__ import annotations

import logging
from datetime import datetime

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger

from reports.periods import zone_info
from sapa.exceptions import ConfigError
from sapa.wiring import App
from web.workqueue import SampleResult, sample

log = logging.getLogger(__name__)
JOB_ID = "qa:sample"


def run_sampling(app: App, now: datetime | None = None) -> SampleResult:
    with app.uow() as session:
        return sample(session, app.settings.web.sampling, now)


def _safe_sampling(app: App) -> None:
    try:
        result = run_sampling(app)
        log.info("QA sampling: %d new assignments", result.total)
    except Exception:
        log.exception("scheduled QA sampling failed")


def sampling_trigger(run_at: str, tz: str) -> CronTrigger:
    try:
        hour, minute = (int(part) for part in run_at.split(":"))
    except ValueError as exc:
        raise ConfigError(f"web.sampling.run_at must be HH:MM, got {run_at!r}") from exc
    return CronTrigger(hour=hour, minute=minute, timezone=zone_info(tz))


def add_sampling_job(scheduler: BaseScheduler, app: App) -> None:
    """Daily sampling at web.sampling.run_at in reports.timezone."""
    trigger = sampling_trigger(app.settings.web.sampling.run_at, app.settings.reports.timezone)
    scheduler.add_job(
        _safe_sampling, trigger, args=[app], id=JOB_ID, name="QA sampling", replace_existing=True
    )
