"""Celery at scale on real services: 50 jobs on two workers (PostgreSQL), the broker killed and restarted
mid-run, the same folder submitted by two hosts' `sapa ingest --enqueue` at the same moment."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from storage.models import IngestJob
from tests.jobs.conftest import TIMEOUT_S, Cluster, RedisServer
from tests.recordings import variants

pytestmark = [pytest.mark.broker, pytest.mark.timeout(int(TIMEOUT_S * 3))]
DECIDED = IngestJob.status.in_(["done", "failed"])


def test_two_workers_process_50_jobs_each_exactly_once_on_postgresql(
    pg_cluster: Cluster, base_call: bytes, tmp_path: Path
) -> None:
    keys = [f"1700001000.{i}" for i in range(50)]
    pg_cluster.enqueue_calls(base_call, tmp_path / "recordings", keys)
    pg_cluster.worker("a"), pg_cluster.worker("b")
    pg_cluster.wait_until("50 jobs done", lambda: pg_cluster.jobs(DECIDED) == 50, TIMEOUT_S * 2)
    assert pg_cluster.jobs(IngestJob.status == "done") == 50, pg_cluster.logs()
    pg_cluster.assert_each_once(keys)
    assert pg_cluster.succeeded("a") > 0 and pg_cluster.succeeded("b") > 0, "one worker did all the work"
    for name in ("a", "b"):  # the model loads once per worker, before it is ready for its first job
        log = (pg_cluster.cwd / f"worker-{name}.log").read_text(errors="replace")
        assert log.count("loading Vosk model") == 1, log[-2000:]
        loaded, ready = log.index("loading Vosk model"), log.index(" ready.")
        assert loaded < ready < log.index("sapa.transcribe["), log[-2000:]


def test_the_broker_killed_and_restarted_mid_run_every_job_completes_exactly_once(
    restart_cluster: Cluster, own_redis: RedisServer, base_call: bytes, tmp_path: Path
) -> None:
    keys = [f"1700001100.{i}" for i in range(8)]
    restart_cluster.enqueue_calls(base_call, tmp_path / "recordings", keys)
    restart_cluster.worker("a"), restart_cluster.worker("b")
    done = IngestJob.status == "done"
    restart_cluster.wait_until("a first job done", lambda: restart_cluster.jobs(done) >= 1)
    own_redis.kill()  # mid-run: jobs are running, queued and unacknowledged in the broker
    assert restart_cluster.jobs(done) < 8, "too late: every job was done already"
    time.sleep(3)
    own_redis.start()  # same port, same append-only file
    restart_cluster.wait_until("every job done", lambda: restart_cluster.jobs(done) == 8)
    restart_cluster.assert_each_once(keys)
    assert all(w.poll() is None for w in restart_cluster.workers), "a worker died with the broker"


def test_the_same_folder_from_two_hosts_ingest_at_once_gives_one_result(
    pg_cluster: Cluster, base_call: bytes, tmp_path: Path
) -> None:
    keys = [f"1700001200.{i}" for i in range(4)]
    folder = tmp_path / "share"
    variants(base_call, folder, [f"{key}.wav" for key in keys])
    hosts = [pg_cluster.start("ingest", str(folder), "--enqueue", host=h) for h in ("host-a", "host-b")]
    outputs = [host.communicate(timeout=TIMEOUT_S) for host in hosts]
    assert [h.returncode for h in hosts] == [0, 0], outputs
    assert pg_cluster.jobs() == 4  # one job row per recording, whoever inserted it first
    pg_cluster.worker("a")
    pg_cluster.wait_until("every job done", lambda: pg_cluster.jobs(IngestJob.status == "done") == 4)
    pg_cluster.assert_each_once(keys)
