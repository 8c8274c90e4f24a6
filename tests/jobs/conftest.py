"""Celery back end on the real Redis broker: `sapa worker` subprocesses, `sapa ingest --enqueue`, real DB.

Each test gets its own Redis database number and queue prefix, so parallel runs never take each other's jobs.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import create_engine, func, select

from asr.testmodels import vosk_test_model
from storage.models import Call, Evaluation, IngestJob, Transcript
from tests.conftest import _truncate_all
from tests.recordings import synthesized_call, variants

SAPA = [sys.executable, "-m", "sapa.cli"]
TIMEOUT_S = float(os.environ.get("SAPA_TEST_JOBS_TIMEOUT_S", "600"))  # generous: the machine is busy
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672//"


@pytest.fixture(scope="session")
def base_call(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return synthesized_call(tmp_path_factory.mktemp("base"))


@pytest.fixture
def broker_url() -> Iterator[str]:
    db = random.randint(1, 15)
    client = redis.Redis(REDIS_HOST, REDIS_PORT, db=db, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        if os.environ.get("SAPA_REQUIRE_SERVICES"):
            pytest.fail(f"Redis is required at {REDIS_HOST}:{REDIS_PORT}: {exc}")
        pytest.skip(f"!!! no Redis at {REDIS_HOST}:{REDIS_PORT} ({exc}): celery tests SKIPPED !!!")
    yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"
    client.close()


@pytest.fixture
def rabbit_url() -> str:
    """RabbitMQ (optional broker): skipped loudly where it is not installed, required in CI where it is."""
    from kombu import Connection

    try:
        with Connection(AMQP_URL, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        if os.environ.get("SAPA_REQUIRE_SERVICES") and shutil.which("rabbitmq-server"):
            pytest.fail(f"RabbitMQ is installed but not reachable at {AMQP_URL}: {exc}")
        pytest.skip(f"!!! no RabbitMQ at {AMQP_URL} ({exc}): the RabbitMQ test is SKIPPED !!!")
    return AMQP_URL


class Cluster:
    """`sapa` subprocesses sharing one database and one broker (queues under a unique prefix)."""

    def __init__(self, cwd: Path, db_url: str, broker_url: str) -> None:
        self.cwd, self.db_url = cwd, db_url
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
        self.env.update(
            SAPA_DATABASE_URL=db_url,
            SAPA_JOBS_BROKER_URL=broker_url,
            SAPA_JOBS_QUEUE_PREFIX=f"test-{uuid.uuid4().hex[:12]}.",
            SAPA_JOBS_VISIBILITY_TIMEOUT_S="20",  # a killed worker's job comes back after this
            SAPA_JOBS_RETRY_BACKOFF_S="1",
            SAPA_JOBS_RETRY_BACKOFF_MAX_S="4",
            SAPA_JOBS_MAX_RETRIES="30",
            SAPA_ASR_MAX_ATTEMPTS="2",
            SAPA_INGEST_STABLE_S="0",
            SAPA_INGEST_HEARTBEAT_S="2",
            SAPA_LOG_LEVEL="INFO",
        )
        self.workers: list[subprocess.Popen[bytes]] = []
        self.engine = create_engine(db_url)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*SAPA, *args], cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=TIMEOUT_S
        )

    def start(self, *args: str, host: str) -> subprocess.Popen[str]:
        """A `sapa` command in the background as if on another host (``SAPA_HOST_ID``)."""
        env = {**self.env, "SAPA_HOST_ID": host}
        return subprocess.Popen(
            [*SAPA, *args], cwd=self.cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def worker(self, name: str, *options: str) -> subprocess.Popen[bytes]:
        """A `sapa worker` on both queues (``options``: e.g. ``--pool prefork``)."""
        log = (self.cwd / f"worker-{name}.log").open("wb")
        model = ["--engine", "vosk", "--model", str(vosk_test_model())]
        process = subprocess.Popen(
            [*SAPA, "worker", "--queues", "asr,score", "--concurrency", "1", *options, *model],
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.workers.append(process)
        return process

    def enqueue_calls(self, base_call: bytes, folder: Path, keys: list[str]) -> None:
        """Distinct recordings named by call id in ``folder``, queued by `sapa ingest --enqueue`."""
        variants(base_call, folder, [f"{key}.wav" for key in keys])
        queued = self.run("ingest", str(folder), "--enqueue")
        assert queued.returncode == 0 and f"queued {len(keys)}" in queued.stdout, queued.stderr

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in sorted(self.cwd.glob("worker-*.log")))

    def jobs(self, *where: Any, kind: str = "transcribe") -> int:
        with self.engine.connect() as conn:
            stmt = select(func.count()).select_from(IngestJob).where(IngestJob.kind == kind, *where)
            return conn.scalar(stmt) or 0

    def wait_until(self, what: str, predicate: object, timeout: float = TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():  # type: ignore[operator]
                return
            time.sleep(0.2)
        pytest.fail(f"timed out waiting for {what}\n{self.logs()}")

    def per_call(self, model: Any, *where: Any) -> dict[str, int]:
        with self.engine.connect() as conn:
            stmt = select(Call.external_id, func.count(model.id)).join(model).where(*where)
            return {key: n for key, n in conn.execute(stmt.group_by(Call.external_id)).all()}

    def current_evaluations(self) -> dict[str, int]:
        return self.per_call(Evaluation, Evaluation.is_current.is_(True))

    def succeeded(self, name: str) -> int:
        """Transcription tasks the worker ``name`` ran to the end (from its log)."""
        text = (self.cwd / f"worker-{name}.log").read_text(errors="replace")
        return sum("sapa.transcribe[" in line and "'done': ['" in line for line in text.splitlines())

    def assert_each_once(self, keys: list[str]) -> None:
        """One done transcript and one current evaluation per call (scoring is its own job: waited for)."""
        self.wait_until(f"{len(keys)} calls scored", lambda: len(self.current_evaluations()) >= len(keys))
        done = self.per_call(Transcript, Transcript.status == "done")
        assert done == dict.fromkeys(keys, 1)
        assert all(n == 1 for n in self.per_call(Transcript).values())  # a failed file: one failed row
        assert self.per_call(Evaluation, Evaluation.is_current.is_(True)) == dict.fromkeys(keys, 1)

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.workers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.engine.dispose()
        if self.env["SAPA_JOBS_BROKER_URL"].startswith("amqp"):  # RabbitMQ keeps durable queues: remove ours
            from kombu import Connection

            with Connection(self.env["SAPA_JOBS_BROKER_URL"]) as conn:
                for queue in ("asr", "score"):
                    conn.default_channel.queue_delete(self.env["SAPA_JOBS_QUEUE_PREFIX"] + queue)


@pytest.fixture
def cluster(tmp_path: Path, sqlite_url: str, broker_url: str) -> Iterator[Cluster]:
    running = Cluster(tmp_path, sqlite_url, broker_url)
    init = running.run("init")
    assert init.returncode == 0, init.stderr
    yield running
    running.stop()


@pytest.fixture
def pg_cluster(tmp_path: Path, pg_url: str, broker_url: str) -> Iterator[Cluster]:
    """Like ``cluster`` on PostgreSQL (the production database; tables emptied before and after)."""
    _truncate_all(pg_url)
    running = Cluster(tmp_path, pg_url, broker_url)
    init = running.run("init")
    assert init.returncode == 0, init.stderr
    yield running
    running.stop()
    _truncate_all(pg_url)


class RedisServer:
    """A redis-server of this test alone (never the shared one on 6379), so the test may kill it.
    Append-only file fsynced on every write: what a production broker for Sapa runs with."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder), "--save", ""]
        args += ["--appendonly", "yes", "--appendfsync", "always"]
        log = (self.folder / "redis.log").open("ab")
        self.process = subprocess.Popen(["redis-server", *args], stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis("127.0.0.1", self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no shutdown save; the append-only file has every write
        self.process.wait()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        if os.environ.get("SAPA_REQUIRE_SERVICES"):
            pytest.fail("redis-server is required for the broker restart test")
        pytest.skip("!!! no redis-server binary: the broker restart test is SKIPPED !!!")
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder)
    server.start()
    yield server
    if server.process is not None and server.process.poll() is None:
        server.kill()


@pytest.fixture
def restart_cluster(tmp_path: Path, sqlite_url: str, own_redis: RedisServer) -> Iterator[Cluster]:
    running = Cluster(tmp_path, sqlite_url, own_redis.url)
    init = running.run("init")
    assert init.returncode == 0, init.stderr
    yield running
    running.stop()


@pytest.fixture
def rabbit_cluster(tmp_path: Path, sqlite_url: str, rabbit_url: str) -> Iterator[Cluster]:
    running = Cluster(tmp_path, sqlite_url, rabbit_url)
    init = running.run("init")
    assert init.returncode == 0, init.stderr
    yield running
    running.stop()
