"""`sapa demo` step: the Celery back end, when a Redis broker answers (jobs.broker_url).

Two more synthesized calls are queued with `sapa ingest --enqueue`'s code under a queue prefix of this demo
alone, one `sapa worker` subprocess transcribes and scores them, then stops. Without Redis the step says so
in one line and the demo goes on: ingest jobs run embedded (the default, jobs.backend: embedded).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from asr.synth import Turn, synthesize_call
from sapa.demo_steps.recordings import best_spec
from sapa.ingest_scan import call_key
from sapa.wiring import App
from storage.models import IngestJob

log = logging.getLogger(__name__)
WAIT_S = 600.0
QUEUED_CALLS = {
    "demo-queued-1": [
        Turn("agent", "Здравствуйте, служба поддержки, меня зовут Айгуль.", 0.5),
        Turn("caller", "Добрый день, не приходит смс с кодом.", 4.0),
    ],
    "demo-queued-2": [
        Turn("agent", "Добрый день, чем могу помочь?", 0.5),
        Turn("caller", "Хочу узнать статус заявки.", 3.0),
    ],
}


def _reachable(url: str) -> str | None:
    """None if the broker answers within a second, else why not."""
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=1) as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
    except Exception as exc:  # any transport error means: no broker for the demo
        return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return None


def queue_demo_calls(app: App) -> list[str]:
    url = app.settings.jobs.broker_url
    problem = _reachable(url)
    if problem:
        return [f"  no broker at {url} ({problem}): Celery part skipped, jobs run embedded"]
    from sapa.jobs.celery_queue import CeleryQueue

    folder = Path(app.settings.asr.recordings_dir) / "demo-queue"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for call_id, turns in QUEUED_CALLS.items():
        path = folder / f"{call_id}.wav"
        if not path.exists():
            synthesize_call(turns, path, language="ru", voice="espeak", telephone=True)
        files.append(path)
    prefix = f"sapa-demo-{os.getpid()}."  # never takes (or leaves) jobs of a real deployment's queues
    jobs = app.settings.jobs.model_copy(update={"backend": "celery", "queue_prefix": prefix})
    submitter = App(app.settings.model_copy(update={"jobs": jobs}))
    try:
        queued = CeleryQueue(submitter).submit(files, script=app.settings.scoring.default_script)
    finally:
        submitter.close()
    if not queued.queued:
        return [f"  {len(files)} queued calls ingested by an earlier demo run"]
    worker = _start_worker(app, prefix, Path(folder / "worker.log"))
    try:
        done = _wait(app, [str(p) for p in queued.queued], worker)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    return [
        f"  {len(queued.queued)} calls queued on {url} (queues {prefix}asr, {prefix}score)",
        f"  one `sapa worker` subprocess (pid {worker.pid}) transcribed and scored {done} of them",
    ]


def _start_worker(app: App, prefix: str, log_file: Path) -> subprocess.Popen[bytes]:
    spec, _why = best_spec(app.settings.asr, "ru", [])
    env = {
        **os.environ,
        "SAPA_DATABASE_URL": app.engine.url.render_as_string(hide_password=False),
        "SAPA_JOBS_BACKEND": "celery",
        "SAPA_JOBS_BROKER_URL": app.settings.jobs.broker_url,
        "SAPA_JOBS_QUEUE_PREFIX": prefix,
    }
    command = [sys.executable, "-m", "sapa.cli", "worker", "--queues", "asr,score"]
    command += ["--engine", spec.engine, "--model", spec.model, "--language", "ru"]
    with log_file.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait(app: App, paths: list[str], worker: subprocess.Popen[bytes]) -> int:
    """How many of ``paths`` are transcribed and scored (their jobs done) before the worker gives up."""
    deadline = time.monotonic() + WAIT_S
    done = 0
    while time.monotonic() < deadline and worker.poll() is None:
        with app.uow() as session:
            transcribed = session.scalar(
                select(func.count())
                .select_from(IngestJob)
                .where(IngestJob.path.in_(paths), IngestJob.status.in_(["done", "failed"]))
            )
            calls = [call_key(p) for p in paths]
            scored = session.scalar(
                select(func.count())
                .select_from(IngestJob)
                .where(IngestJob.kind == "score", IngestJob.call_key.in_(calls), IngestJob.status == "done")
            )
        done = min(transcribed or 0, scored or 0)
        if done == len(paths):
            break
        time.sleep(0.5)
    return done
