"""A short recording queued after long ones is transcribed first (jobs.short_recording_s: priority)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import IngestJob
from tests.jobs.conftest import Cluster
from tests.recordings import variants

pytestmark = pytest.mark.broker


def test_a_short_recording_queued_behind_long_ones_is_taken_first(
    cluster: Cluster, base_call: bytes, tmp_path: Path
) -> None:
    (tmp_path / "base.wav").write_bytes(base_call)
    long_call = tmp_path / "long.wav"  # twice as long as the short one
    subprocess.run(["sox", tmp_path / "base.wav", tmp_path / "base.wav", long_call], check=True)
    seconds = len(base_call) / (8000 * 2 * 2)  # 8 kHz, 16-bit, stereo
    cluster.env["SAPA_JOBS_SHORT_RECORDING_S"] = f"{seconds * 1.5:.1f}"
    long_folder, short_folder = tmp_path / "long", tmp_path / "short"
    variants(long_call.read_bytes(), long_folder, ["1700001400.1.wav", "1700001400.2.wav"])
    variants(base_call, short_folder, ["1700001499.1.wav"])
    for folder in (long_folder, short_folder):  # the long ones are queued first
        queued = cluster.run("ingest", str(folder), "--enqueue")
        assert queued.returncode == 0, queued.stderr
    cluster.worker("only")  # one worker, started with all three waiting
    cluster.wait_until("every job done", lambda: cluster.jobs(IngestJob.status == "done") == 3)
    with cluster.engine.connect() as conn:
        order = conn.scalars(
            select(IngestJob.path).where(IngestJob.kind == "transcribe").order_by(IngestJob.updated_at)
        ).all()
    assert Path(order[0]).name == "1700001499.1.wav", order
