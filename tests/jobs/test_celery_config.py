"""The Celery app's broker options: a dead worker's job comes back soon after its visibility timeout."""

from __future__ import annotations

import pytest

from sapa.jobs.celery_app import create_celery
from sapa.settings import load_settings


@pytest.mark.parametrize(("timeout_s", "interval_s"), [(20, 2.0), (7200, 10.0), (10, 1.0)])
def test_redis_sweeps_for_unacknowledged_jobs_every_tenth_of_the_visibility_timeout(
    timeout_s: float, interval_s: float
) -> None:
    jobs = {"broker_url": "redis://127.0.0.1:6379/3", "visibility_timeout_s": timeout_s}
    settings = load_settings(jobs=jobs)
    options = create_celery(settings).conf.broker_transport_options
    assert options["visibility_timeout"] == timeout_s
    # kombu's default (10 s x throttle 10) left a killed worker's job waiting up to 100 s longer
    assert (options["unacked_restore_interval"], options["unacked_restore_throttle"]) == (interval_s, 1)


def test_rabbitmq_gets_no_redis_only_options() -> None:
    settings = load_settings(jobs={"broker_url": "amqp://guest:guest@127.0.0.1:5672//"})
    options = create_celery(settings).conf.broker_transport_options
    assert "unacked_restore_interval" not in options
