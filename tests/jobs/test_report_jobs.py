"""Reports as jobs on the score queue: the due reports queued twice (two schedulers, a cron and a web
process) are written once per schedule and period by a `sapa worker`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import ReportRun
from tests.jobs.conftest import Cluster

pytestmark = pytest.mark.broker


def _runs(cluster: Cluster) -> dict[str, int]:
    with cluster.engine.connect() as conn:
        stmt = select(ReportRun.schedule, func.count()).group_by(ReportRun.schedule)
        return {name: n for name, n in conn.execute(stmt).all()}


def _finished_report_tasks(cluster: Cluster) -> list[str]:
    text = (cluster.cwd / "worker-a.log").read_text(errors="replace")
    return [line for line in text.splitlines() if "sapa.report[" in line and "succeeded" in line]


def test_due_reports_queued_twice_are_written_once_each_by_a_worker(cluster: Cluster, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    cluster.env["SAPA_REPORTS_OUT_DIR"] = str(out)
    names: list[str] = []
    for _ in range(2):
        queued = cluster.run("report", "schedule", "--run-pending", "--enqueue")
        assert queued.returncode == 0 and "queued" in queued.stdout, queued.stderr
        names = queued.stdout.split(":", 1)[1].strip().split(", ")
    assert len(names) >= 2 and _runs(cluster) == {}  # queued, not written by the command itself
    cluster.worker("a")
    every = 2 * len(names)
    cluster.wait_until("every queued report task ran", lambda: len(_finished_report_tasks(cluster)) == every)
    assert _runs(cluster) == dict.fromkeys(names, 1)
    written = sorted(out.iterdir())
    assert len(written) == len(names) and all(p.stat().st_size > 0 for p in written), written
    assert sum("nothing to do" in line for line in _finished_report_tasks(cluster)) == len(names)


def test_enqueue_without_run_pending_is_one_line(cluster: Cluster) -> None:
    wrong = cluster.run("report", "schedule", "--enqueue")
    assert wrong.returncode == 1 and wrong.stderr.strip().splitlines() == [
        "error: --enqueue goes with --run-pending"
    ], wrong.stderr
