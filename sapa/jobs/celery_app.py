"""The Celery application for Sapa's jobs, created by a function (nothing happens at import time).

Delivery is at-least-once: ``acks_late`` (a message is acknowledged after its task ran) and
``reject_on_worker_lost`` (a worker process that died mid-task gives its message back), with the broker's
visibility timeout longer than the longest recording takes. Exactly-once is the database's job: the task
claims the recording's job row (sapa/ingest_claim.py) before it transcribes and stores only while it holds it.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from sapa.jobs_config import JobsConfig
from sapa.settings import Settings

TRANSCRIBE = "sapa.transcribe"
SCORE = "sapa.score"
REPORT = "sapa.report"
MAX_PRIORITY = 9
QUEUES = ("asr", "score")  # CPU-heavy recognition (one model per worker process) | scoring and reports


def queue_name(config: JobsConfig, queue: str) -> str:
    return f"{config.queue_prefix}{queue}"


def priority(config: JobsConfig, short: bool) -> int:
    """Message priority of a transcription: a short recording (``jobs.short_recording_s``) jumps the queue
    of long ones (a worker finishes the job it runs first). Redis: 0 is served first (kombu's priority
    steps 0/3/6/9); RabbitMQ: the higher the sooner (queues declared with x-max-priority)."""
    redis = config.broker_url.startswith(("redis", "rediss"))
    if short:
        return 0 if redis else MAX_PRIORITY
    return 6 if redis else 3


def create_celery(settings: Settings) -> Celery:
    """A Celery app on ``jobs.broker_url`` with the task options every Sapa job needs."""
    config = settings.jobs
    celery = Celery("sapa", broker=config.broker_url, set_as_current=False)
    options: dict[str, Any] = {"visibility_timeout": config.visibility_timeout_s}
    if config.broker_url.startswith(("redis", "rediss")):
        # kombu sweeps for messages of a dead worker every interval x throttle (10 x 10 s by default): a
        # killed worker's job would wait up to 100 s past its visibility timeout. One cheap scan every
        # tenth of the timeout (1-10 s) brings it back on time.
        options["unacked_restore_interval"] = min(10.0, max(1.0, config.visibility_timeout_s / 10))
        options["unacked_restore_throttle"] = 1
    celery.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a long recording never hides short ones in one worker's buffer
        task_ignore_result=True,  # state and results live in the database (ingest_jobs, transcripts)
        task_serializer="json",
        accept_content=["json"],
        broker_transport_options=options,
        broker_connection_retry_on_startup=True,
        task_default_queue=queue_name(config, "asr"),
        task_queue_max_priority=MAX_PRIORITY,  # RabbitMQ: priority queues (Redis: kombu priority steps)
        task_routes={
            TRANSCRIBE: {"queue": queue_name(config, "asr")},
            SCORE: {"queue": queue_name(config, "score")},
            REPORT: {"queue": queue_name(config, "score")},
        },
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        worker_proc_alive_timeout=600.0,  # a prefork child loads its model before it reports (warm_up)
    )
    from sapa.jobs.tasks import register

    register(celery, settings)
    return celery
