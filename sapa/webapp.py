"""The web application as the composition root wires it: configuration sections from the settings,
and the routers of other packages (the IVR's Twilio webhooks) handed to ``web.app.create_app``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI

from sapa.settings import Settings
from sapa.wiring import App
from web.app import create_app
from web.config import WebAppConfig


def web_config(settings: Settings) -> WebAppConfig:
    """Recordings are served from web.recordings_dir, else from asr.recordings_dir (nothing else)."""
    recordings = settings.web.recordings_dir or settings.asr.recordings_dir
    return WebAppConfig(
        web=settings.web,
        reports=settings.reports,
        recordings_root=Path(recordings).resolve(),
        var_dir=Path(settings.var_dir),
        comments_root=Path(settings.ivr.comments_dir).resolve(),
    )


def requeue_job(app: App, settings: Settings) -> Callable[[int], None] | None:
    """For the admins' Retry button: with Celery, a retried job's recording goes back on the broker
    (what `sapa jobs retry` does); the embedded back end runs pending jobs from the database."""
    if settings.jobs.backend != "celery":
        return None

    def send(job_id: int) -> None:
        from sapa.jobs.celery_queue import CeleryQueue

        CeleryQueue(app).requeue(job_id)  # the task of the job's kind (transcribe or score)

    return send


def build_web_app(app: App, settings: Settings | None = None) -> FastAPI:
    """The web UI with the Twilio survey webhooks mounted (``settings`` default: the app's)."""
    from ivr.twilio.web import router as twilio_router

    settings = settings or app.settings
    config = replace(web_config(settings), requeue_job=requeue_job(app, settings))
    api = create_app(app.sessions, config, routers=[twilio_router])
    api.state.ivr_config = settings.ivr  # the Twilio webhooks' own section
    return api
