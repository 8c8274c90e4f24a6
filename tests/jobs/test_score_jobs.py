"""Scoring as its own job on the score queue: after transcription, and re-scoring after a script change
(`sapa jobs rescore`), each once per call and script version however often the message is delivered."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from dialogue.loader import SCRIPTS_DIR
from storage.models import Evaluation, IngestJob
from tests.jobs.conftest import Cluster

pytestmark = pytest.mark.broker


def _versions(cluster: Cluster, *where: object) -> list[int | None]:
    with cluster.engine.connect() as conn:
        stmt = select(Evaluation.script_version_id).where(*where).distinct()  # type: ignore[arg-type]
        return sorted(conn.scalars(stmt), key=lambda v: v or 0)


def test_rescore_after_a_script_change_gives_one_current_evaluation_per_call_by_the_new_version(
    cluster: Cluster, base_call: bytes, tmp_path: Path
) -> None:
    keys = [f"1700001300.{i}" for i in range(2)]
    cluster.enqueue_calls(base_call, tmp_path / "recordings", keys)
    cluster.worker("first")
    cluster.wait_until("transcribed", lambda: cluster.jobs(IngestJob.status == "done") == 2)
    cluster.assert_each_once(keys)  # scored by the score jobs the transcription tasks queued
    cluster.wait_until("score jobs done", lambda: cluster.jobs(IngestJob.status == "done", kind="score") == 2)
    [first_version] = _versions(cluster)
    cluster.stop()  # the rescore messages pile up while no worker runs

    changed = tmp_path / "changed.yaml"
    text = (SCRIPTS_DIR / "support-first-line.yaml").read_text(encoding="utf-8")
    changed.write_text(text.replace("weight: 8", "weight: 9", 1), encoding="utf-8")
    imported = cluster.run("script", "import", str(changed), "--activate", "--comment", "weights")
    assert imported.returncode == 0 and "(active)" in imported.stdout, imported.stderr
    for _ in range(2):  # asked twice: four messages, two score jobs
        rescore = cluster.run("jobs", "rescore", "--enqueue")
        assert rescore.returncode == 0 and "queued 2 score jobs" in rescore.stdout, rescore.stderr
    assert cluster.jobs(kind="score") == 4

    cluster.worker("second")
    cluster.wait_until("re-scored", lambda: cluster.jobs(IngestJob.status == "done", kind="score") == 4)
    cluster.assert_each_once(keys)
    [new_version] = _versions(cluster, Evaluation.is_current.is_(True))
    assert new_version != first_version
    with cluster.engine.connect() as conn:
        per_call = conn.execute(select(Evaluation.call_id, func.count()).group_by(Evaluation.call_id)).all()
    assert sorted(n for _, n in per_call) == [2, 2]  # one by each version, none from the duplicate messages
    again = cluster.run("jobs", "rescore", "--enqueue")
    assert again.returncode == 0 and "queued 0 score jobs" in again.stdout, again.stderr
