"""`sapa ingest` under faults, through the real CLI and database: kill -9 mid-batch, two runs at once,
long file names on PostgreSQL, files still being written, symlinks out of the folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select

from storage.models import Call, Evaluation, IngestJob, Transcript
from tests.recordings import synthesized_call, variants
from tests.tmpfs import small_tmpfs

SAPA = [sys.executable, "-m", "sapa.cli"]


@pytest.fixture(scope="module")
def base_call(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return synthesized_call(tmp_path_factory.mktemp("base"))


class Sapa:
    def __init__(self, cwd: Path, url: str, vosk_model: Path) -> None:
        self.cwd, self.url, self.model = cwd, url, vosk_model
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
        self.env.update(SAPA_DATABASE_URL=url, SAPA_INGEST_STABLE_S="0", SAPA_LOG_LEVEL="WARNING")

    def args(self, folder: Path, *extra: str) -> list[str]:
        model = ["--engine", "vosk", "--model", str(self.model)]
        return [*SAPA, "ingest", str(folder), *model, "-w", "1", *extra]

    def run(self, args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=self.cwd, capture_output=True, text=True, env={**self.env, **env}, timeout=600
        )

    def start(self, folder: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.args(folder),
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


@pytest.fixture
def sapa(tmp_path: Path, db_url: str, vosk_model: Path) -> Iterator[Sapa]:
    runner = Sapa(tmp_path, db_url, vosk_model)
    init = runner.run([*SAPA, "init"])
    assert init.returncode == 0, init.stderr
    yield runner


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = create_engine(db_url)
    yield eng
    eng.dispose()


def per_call(engine: Engine, model: type, *where: object) -> dict[str, int]:
    with engine.connect() as conn:
        stmt = select(Call.external_id, func.count(model.id)).join(model).where(*where)
        rows = conn.execute(stmt.group_by(Call.external_id)).all()
    return {key: count for key, count in rows}


def assert_each_once(engine: Engine, keys: list[str]) -> None:
    assert per_call(engine, Transcript) == dict.fromkeys(keys, 1)
    assert per_call(engine, Evaluation, Evaluation.is_current.is_(True)) == dict.fromkeys(keys, 1)
    with engine.connect() as conn:
        assert set(conn.scalars(select(IngestJob.status))) == {"done"}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_kill_9_mid_batch_then_a_rerun_completes_every_file_exactly_once(
    sapa: Sapa, engine: Engine, base_call: bytes, tmp_path: Path
) -> None:
    keys = [f"1700000100.{i}" for i in range(3)]
    folder = tmp_path / "recordings"
    variants(base_call, folder, [f"{key}.wav" for key in keys])
    process = sapa.start(folder)
    deadline = time.monotonic() + 300
    done = 0
    while time.monotonic() < deadline and process.poll() is None:
        with engine.connect() as conn:
            done = conn.scalar(select(func.count()).where(IngestJob.status == "done")) or 0
        if done >= 1:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the batch finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    with engine.connect() as conn:
        statuses = list(conn.scalars(select(IngestJob.status)))
    assert 1 <= statuses.count("done") < len(keys)  # stranded mid-batch
    assert statuses.count("running") <= 1  # claimed only as the pool takes them (workers = 1)

    rerun = sapa.run(sapa.args(folder))
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    assert_each_once(engine, keys)
    with engine.connect() as conn:
        attempts = list(conn.scalars(select(IngestJob.attempts)))
    assert sum(attempts) == statuses.count("running")  # the job the killed run held: one lost attempt


def test_two_ingests_at_once_give_one_transcript_and_one_evaluation_per_file(
    sapa: Sapa, engine: Engine, base_call: bytes, tmp_path: Path
) -> None:
    keys = [f"1700000200.{i}" for i in range(3)]
    folder = tmp_path / "recordings"
    variants(base_call, folder, [f"{key}.wav" for key in keys])
    first, second = sapa.start(folder), sapa.start(folder)
    outputs = [p.communicate(timeout=600) for p in (first, second)]
    for process, (_out, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    assert_each_once(engine, keys)


@pytest.mark.postgres
def test_a_file_name_longer_than_64_characters_on_postgresql(
    pg_url: str, tmp_path: Path, vosk_model: Path, base_call: bytes
) -> None:
    from tests.conftest import _truncate_all

    _truncate_all(pg_url)
    runner = Sapa(tmp_path, pg_url, vosk_model)
    assert runner.run([*SAPA, "init"]).returncode == 0
    folder = tmp_path / "recordings"
    long_name = "queue-support-" + "очень-длинное-имя-записи-" * 4 + ".wav"
    variants(base_call, folder, [long_name, "1700000300.1.wav"])
    out = runner.run(runner.args(folder))
    assert out.returncode == 0, out.stderr
    eng = create_engine(pg_url)
    try:
        with eng.connect() as conn:
            keys = list(conn.scalars(select(Call.external_id)))
            assert set(conn.scalars(select(IngestJob.status))) == {"done"}
    finally:
        eng.dispose()
    assert len(keys) == 2 and "1700000300.1" in keys and all(len(k) <= 64 for k in keys)
    again = runner.run(runner.args(folder))  # and the next run is not stranded either
    assert again.returncode == 0 and "ingested 0, failed 0, skipped 2" in again.stdout
    _truncate_all(pg_url)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_growing_gsm_file_waits_until_stable_and_is_transcribed_once(
    sapa: Sapa, engine: Engine, base_call: bytes, tmp_path: Path
) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    wav = variants(base_call, tmp_path / "src", ["call.wav"])[0]
    full = tmp_path / "full.gsm"
    subprocess.run(["sox", str(wav), "-r", "8000", "-c", "1", str(full)], check=True)
    gsm = folder / "1700000400.1.gsm"
    data = full.read_bytes()
    gsm.write_bytes(data[: len(data) // 2])  # MixMonitor is still writing
    waiting = sapa.run(sapa.args(folder), SAPA_INGEST_STABLE_S="30")
    assert waiting.returncode == 0, waiting.stderr
    assert "ingested 0" in waiting.stdout and "still being written" in waiting.stderr
    with gsm.open("ab") as fh:
        fh.write(data[len(data) // 2 :])
    os.utime(gsm, (time.time() - 60, time.time() - 60))  # finished a minute ago
    done = sapa.run(sapa.args(folder), SAPA_INGEST_STABLE_S="30")
    assert done.returncode == 0 and "ingested 1" in done.stdout, done.stderr
    with gsm.open("ab") as fh:  # the writer appends again after it was ingested: not a second transcript
        fh.write(b"\x00" * 330)
    os.utime(gsm, (time.time() - 60, time.time() - 60))
    later = sapa.run(sapa.args(folder), SAPA_INGEST_STABLE_S="30")
    assert "changed after it was ingested" in later.stderr or "failed" in later.stderr
    with engine.connect() as conn:
        assert conn.scalar(select(func.count(Transcript.id))) == 1
        assert conn.scalar(select(func.count(IngestJob.id))) <= 2


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_symlink_out_of_the_folder_is_refused_with_one_line(
    sapa: Sapa, engine: Engine, base_call: bytes, tmp_path: Path
) -> None:
    folder = tmp_path / "recordings"
    outside = variants(base_call, tmp_path / "elsewhere", ["secret.wav"])[0]
    variants(base_call, folder, ["1700000500.1.wav"])
    (folder / "1700000500.2.wav").symlink_to(outside)
    (folder / "linked-dir").symlink_to(outside.parent, target_is_directory=True)
    shutil.copyfile(outside, tmp_path / "elsewhere" / "1700000500.3.wav")
    out = sapa.run(sapa.args(folder))
    assert out.returncode == 0, out.stderr
    refused = [line for line in out.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refused) == 1 and "1700000500.2.wav" in refused[0] and "outside" in refused[0]
    assert "ingested 1" in out.stdout
    with engine.connect() as conn:
        assert list(conn.scalars(select(Call.external_id))) == ["1700000500.1"]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_poison_file_ends_failed_with_its_reason_and_sapa_jobs_retries_it(
    sapa: Sapa, engine: Engine, base_call: bytes, tmp_path: Path
) -> None:
    folder = tmp_path / "recordings"
    variants(base_call, folder, ["1700000600.1.wav"])
    (folder / "1700000600.2.wav").write_bytes(os.urandom(4000))  # poison: not audio
    runs = [sapa.run(sapa.args(folder), SAPA_ASR_MAX_ATTEMPTS="2") for _ in range(3)]
    assert [r.returncode for r in runs] == [1, 1, 0], [r.stderr for r in runs]
    assert all("Traceback" not in r.stderr for r in runs)
    assert "ingested 1, failed 1" in runs[0].stdout and "ingested 0, failed 1" in runs[1].stdout
    assert "failed 2 times" in runs[2].stderr and "sapa jobs retry" in runs[2].stderr
    listed = sapa.run([*SAPA, "jobs", "--status", "failed"])
    [line] = listed.stdout.splitlines()
    job_id, kind, status, attempts = line.split("\t")[:4]
    assert (kind, status, attempts) == ("transcribe", "failed", "2") and "1700000600.2.wav" in line
    assert "corrupt" in line or "decode" in line or "audio" in line  # the reason is kept
    assert sapa.run([*SAPA, "jobs", "retry", job_id]).returncode == 0
    again = sapa.run(sapa.args(folder), SAPA_ASR_MAX_ATTEMPTS="2")
    assert again.returncode == 1 and "ingested 0, failed 1" in again.stdout
    assert "error: " in sapa.run([*SAPA, "jobs", "retry", "999"]).stderr


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 MB tmpfs (root only); skipped where mounting is not allowed."""
    with small_tmpfs(tmp_path / "full", "8m") as mount:
        yield mount


def test_ingest_on_a_full_disk_stops_with_one_line_and_loses_nothing(
    full_disk: Path, tmp_path: Path, vosk_model: Path, base_call: bytes
) -> None:
    url = f"sqlite:///{full_disk / 'sapa.db'}"
    runner = Sapa(tmp_path, url, vosk_model)
    assert runner.run([*SAPA, "db", "upgrade"]).returncode == 0
    filler = full_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill every remaining byte
        while os.write(fd, b"\0" * 512):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    folder = tmp_path / "recordings"
    variants(base_call, folder, ["1700000700.1.wav", "1700000700.2.wav"])
    out = runner.run(runner.args(folder))
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and ("full" in errors[0] or "disk" in errors[0]), out.stderr
    filler.unlink()  # space again: the next run ingests both files, once
    again = runner.run(runner.args(folder))
    assert again.returncode == 0 and "ingested 2, failed 0" in again.stdout, again.stderr
