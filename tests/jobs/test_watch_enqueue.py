"""`sapa ingest --watch --enqueue`: a folder watched on one host, each new complete recording queued once
for the workers, however many scans see it."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from storage.models import IngestJob
from tests.jobs.conftest import Cluster
from tests.recordings import variants

pytestmark = pytest.mark.broker


def test_watch_enqueue_queues_each_new_recording_once(
    cluster: Cluster, base_call: bytes, tmp_path: Path
) -> None:
    keys = ["1700001400.1", "1700001400.2"]
    staged = variants(base_call, tmp_path / "staged", [f"{key}.wav" for key in keys])
    folder = tmp_path / "incoming"
    folder.mkdir()
    cluster.env["SAPA_ASR_WATCH_INTERVAL_S"] = "0.5"
    watcher = cluster.start("ingest", str(folder), "--enqueue", "--watch", host="watch-host")
    cluster.worker("a")
    done = IngestJob.status == "done"
    staged[0].rename(folder / staged[0].name)  # a recording arrives while the watch runs
    cluster.wait_until("the first recording done", lambda: cluster.jobs(done) == 1)
    staged[1].rename(folder / staged[1].name)
    cluster.wait_until("the second recording done", lambda: cluster.jobs(done) == 2)
    cluster.assert_each_once(keys)
    watcher.send_signal(signal.SIGINT)
    out, err = watcher.communicate(timeout=120)
    assert watcher.returncode == 0, err
    assert out.count("queued 1, skipped 0") == 2, out  # each queued once, though every scan saw it
    assert cluster.jobs() == 2
