"""Two `sapa worker` processes on Redis: every recording exactly once, a SIGKILLed worker's job completes
once, duplicates give one result, a poison file ends failed with its reason."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import IngestJob
from tests.jobs.conftest import Cluster
from tests.recordings import variants

pytestmark = pytest.mark.broker


def test_two_workers_process_every_file_exactly_once_and_duplicates_give_one_result(
    cluster: Cluster, base_call: bytes, tmp_path: Path
) -> None:
    keys = [f"1700000500.{i}" for i in range(6)]
    folder = tmp_path / "recordings"
    variants(base_call, folder, [f"{key}.wav" for key in keys])
    (folder / "1700000599.1.wav").write_bytes(os.urandom(3000))  # poison: not audio
    first = cluster.run("ingest", str(folder), "--enqueue")
    assert first.returncode == 0, first.stderr
    assert "queued 7" in first.stdout
    shutil.copyfile(folder / f"{keys[0]}.wav", folder / "copy-of-first.wav")  # same content, other name
    second = cluster.run("ingest", str(folder), "--enqueue")  # the same files submitted again
    assert second.returncode == 0, second.stderr
    assert "queued 7, skipped 1" in second.stdout and "same recording as" in second.stderr
    assert cluster.jobs() == 7  # one job row per recording, however often it is queued
    cluster.worker("a"), cluster.worker("b")
    cluster.wait_until(
        "every job done or failed",
        lambda: cluster.jobs(IngestJob.status.in_(["done", "failed"])) == 7,
    )
    cluster.assert_each_once(keys)
    with cluster.engine.connect() as conn:
        poison = conn.execute(select(IngestJob).where(IngestJob.path.like("%1700000599.1.wav"))).one()
        claimers = set(conn.scalars(select(IngestJob.claimed_by)))
    assert (poison.status, poison.attempts) == ("failed", 2) and "corrupt" in (poison.error or "")
    assert claimers == {None}
    listed = cluster.run("jobs", "--status", "failed")
    assert listed.returncode == 0 and "1700000599.1.wav" in listed.stdout and "corrupt" in listed.stdout
    again = cluster.run("ingest", str(folder), "--enqueue")  # all decided: nothing to queue
    assert "queued 0" in again.stdout, again.stderr


def test_a_worker_killed_mid_job_its_job_still_completes_exactly_once(
    cluster: Cluster, base_call: bytes, tmp_path: Path
) -> None:
    keys = [f"1700000600.{i}" for i in range(3)]
    folder = tmp_path / "recordings"
    variants(base_call, folder, [f"{key}.wav" for key in keys])
    victim = cluster.worker("victim")
    queued = cluster.run("ingest", str(folder), "--enqueue")
    assert queued.returncode == 0 and "queued 3" in queued.stdout, queued.stderr
    held_by_victim = IngestJob.claimed_by.like(f"%:{victim.pid}")
    cluster.wait_until("the victim to hold a job", lambda: cluster.jobs(held_by_victim) == 1)
    os.killpg(victim.pid, signal.SIGKILL)  # mid-job: no acknowledgement, no release, no cleanup
    victim.wait()
    with cluster.engine.connect() as conn:
        killed_path = conn.scalar(select(IngestJob.path).where(held_by_victim))
    cluster.worker("survivor")
    cluster.wait_until("every job done", lambda: cluster.jobs(IngestJob.status == "done") == 3)
    cluster.assert_each_once(keys)
    with cluster.engine.connect() as conn:
        killed = conn.execute(
            select(IngestJob).where(IngestJob.path == killed_path, IngestJob.kind == "transcribe")
        ).one()
    assert killed.attempts == 1  # the lost attempt is counted; finishing cleared its error


def test_rabbitmq_broker_one_result_per_recording(
    rabbit_cluster: Cluster, base_call: bytes, tmp_path: Path
) -> None:
    keys = [f"1700000700.{i}" for i in range(2)]
    folder = tmp_path / "recordings"
    variants(base_call, folder, [f"{key}.wav" for key in keys])
    for _ in range(2):  # submitted twice: two messages per recording, one result
        queued = rabbit_cluster.run("ingest", str(folder), "--enqueue")
        assert queued.returncode == 0 and "queued 2" in queued.stdout, queued.stderr
    rabbit_cluster.worker("rabbit")
    rabbit_cluster.wait_until("every job done", lambda: rabbit_cluster.jobs(IngestJob.status == "done") == 2)
    rabbit_cluster.assert_each_once(keys)


def test_a_prefork_child_killed_mid_job_gives_its_message_back_and_the_job_completes_once(
    cluster: Cluster, base_call: bytes, tmp_path: Path
) -> None:
    """Only the child running the task dies; its parent lives on. Without ``acks_late`` the message was
    acknowledged when the child took it, without ``reject_on_worker_lost`` it is acknowledged as failed
    when the child dies: either way it is gone and the job never completes."""
    keys = [f"1700000650.{i}" for i in range(2)]
    folder = tmp_path / "recordings"
    variants(base_call, folder, [f"{key}.wav" for key in keys])
    parent = cluster.worker("prefork", "--pool", "prefork")
    queued = cluster.run("ingest", str(folder), "--enqueue")
    assert queued.returncode == 0 and "queued 2" in queued.stdout, queued.stderr
    cluster.wait_until("a child to hold a job", lambda: cluster.jobs(IngestJob.status == "running") == 1)
    with cluster.engine.connect() as conn:
        killed_path, claimed_by = conn.execute(
            select(IngestJob.path, IngestJob.claimed_by).where(IngestJob.status == "running")
        ).one()
    child = int(str(claimed_by).rpartition(":")[2])
    assert child != parent.pid and _parent_of(child) == parent.pid
    os.kill(child, signal.SIGKILL)
    cluster.wait_until("every job done", lambda: cluster.jobs(IngestJob.status == "done") == 2)
    cluster.assert_each_once(keys)
    assert parent.poll() is None, "the worker itself must survive its child"
    with cluster.engine.connect() as conn:
        killed = conn.execute(
            select(IngestJob).where(IngestJob.path == killed_path, IngestJob.kind == "transcribe")
        ).one()
    assert killed.attempts == 1
    log = (cluster.cwd / "worker-prefork.log").read_text(errors="replace")  # each child loads before its job
    assert log.count("loading Vosk model") >= 2, log  # the first child's and its replacement's
    assert log.count("scoring warmed up") >= 2, log  # each child warmed up as it started


def _parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rpartition(")")[2].split()[1])
