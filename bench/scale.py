"""Scale-out benchmark: Celery workers on the real Redis broker, `sapa worker` subprocesses, SQLite database.

In one run, on the same recordings:
  - throughput of 1 worker and of 2 workers (each `--concurrency 1`), as a ratio (goal >= 1.8x on 2 idle
    cores), in interleaved rounds (1, 2, 1, 2, ...: the other processes' load hits both alike); the best
    round of each counts;
  - the CPU the workers got (their user+system seconds from /proc) per job and per wall second: tells a
    slow-down by contention (more CPU per job with 2 workers) from one by starvation (less than a core each);
  - queue latency of a short job queued behind long ones, with 1 worker: plain FIFO (it waits for all of
    them) and with the short-job priority (jobs.short_recording_s: it waits for the one running).

A round's time runs from the first job's row (`sapa ingest --enqueue` recorded it) to the last job done
(transcribed, stored, and scored by its score job), both from the database: the enqueuing command's own
start-up (the same serial seconds in both cases, which would flatten the ratio) is not counted. Workers are
started and have loaded their model before. Model: the Vosk Korean test model (speed only).

    nice .venv/bin/python bench/scale.py [--calls 8] [--rounds 2] [--long 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, func, select  # noqa: E402

from asr.synth import Turn, synthesize_call  # noqa: E402
from asr.testmodels import vosk_test_model, whisper_test_model  # noqa: E402
from storage import migrate  # noqa: E402
from storage.models import IngestJob  # noqa: E402

SAPA = [sys.executable, "-m", "sapa.cli"]
BYTES_PER_S = 8000 * 2 * 2  # the synthesized calls: 8 kHz, 16-bit, stereo
TURNS = [
    Turn("agent", "Здравствуйте, служба поддержки, меня зовут Айгуль, чем могу помочь?", 0.3),
    Turn("caller", "Добрый день, не могу войти в личный кабинет, пишет неверный пароль.", 4.5),
    Turn("agent", "Понимаю. Сейчас проверю ваши данные в системе, подождите минуту.", 9.5),
]


def variants(base: bytes, folder: Path, names: list[str], salt: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names):
        data = bytearray(base)
        data[-2 - 2 * (index + salt)] ^= 1
        (folder / name).write_bytes(bytes(data))
    return [folder / n for n in names]


class Run:
    def __init__(self, root: Path, broker: str, model: list[str], **env: str) -> None:
        self.root = root
        self.model = model
        root.mkdir(parents=True)
        self.url = f"sqlite:///{root / 'sapa.db'}"
        migrate.upgrade(self.url)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
        self.env.update(
            SAPA_DATABASE_URL=self.url,
            SAPA_JOBS_BROKER_URL=broker,
            SAPA_JOBS_QUEUE_PREFIX=f"bench-{uuid.uuid4().hex[:10]}.",
            SAPA_INGEST_STABLE_S="0",
            SAPA_LOG_LEVEL="WARNING",
            PYTHONPATH=str(REPO),
        )
        self.env.update(env)
        self.engine = create_engine(self.url)
        self.workers: list[subprocess.Popen[bytes]] = []
        subprocess.run([*SAPA, "init"], cwd=root, env=self.env, check=True, capture_output=True)

    def start(self, count: int) -> None:
        model = self.model
        for index in range(count):
            log = (self.root / f"worker-{index}.log").open("wb")
            self.workers.append(
                subprocess.Popen(
                    [*SAPA, "--log-level", "INFO", "worker", "--queues", "asr,score", *model],
                    cwd=self.root,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            ready = sum("ready." in p.read_text(errors="replace") for p in self.root.glob("worker-*.log"))
            if ready == count:
                return
            time.sleep(0.2)
        raise SystemExit("workers did not start")

    def enqueue(self, folder: Path) -> float:
        started = time.monotonic()
        subprocess.run(
            [*SAPA, "ingest", str(folder), "--enqueue"],
            cwd=self.root,
            env=self.env,
            check=True,
            capture_output=True,
        )
        return started

    def done(self, path: Path | None = None) -> int:
        stmt = select(func.count()).select_from(IngestJob).where(IngestJob.status == "done")
        stmt = stmt.where(IngestJob.kind == "transcribe")
        if path is not None:
            stmt = stmt.where(IngestJob.path == str(path.absolute()))
        with self.engine.connect() as conn:
            return conn.scalar(stmt) or 0

    def wait_scored(self, count: int) -> None:
        stmt = select(func.count()).select_from(IngestJob)
        stmt = stmt.where(IngestJob.kind == "score", IngestJob.status == "done")
        while True:
            with self.engine.connect() as conn:
                if (conn.scalar(stmt) or 0) >= count:
                    return
            time.sleep(0.5)  # the times come from the database: polling less leaves the cores to the workers

    def makespan(self) -> float:
        """Seconds from the first job recorded to the last job done (database clock)."""
        with self.engine.connect() as conn:
            first = conn.scalar(select(func.min(IngestJob.created_at)))
            last = conn.scalar(select(func.max(IngestJob.updated_at)).where(IngestJob.status == "done"))
        assert first is not None and last is not None
        return float((last - first).total_seconds())

    def wait(self, count: int, path: Path | None = None) -> float:
        while self.done(path) < count:
            time.sleep(0.5)  # the times come from the database: polling less leaves the cores to the workers
        return time.monotonic()

    def stop(self) -> None:
        for process in self.workers:
            process.terminate()
        for process in self.workers:
            process.wait(timeout=120)
        self.engine.dispose()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes (and their waited-for children) so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Round:
    workers: int
    wall_s: float
    cpu_s: float


def throughput(
    tmp: Path, broker: str, model: list[str], base: bytes, calls: int, workers: int, index: int
) -> Round:
    run = Run(tmp / f"w{workers}-{index}", broker, model)
    try:
        run.start(workers)
        pids = [p.pid for p in run.workers]
        names = [f"17000009{workers}{index}.{i}.wav" for i in range(calls)]
        folder = variants(base, run.root / "rec", names, 0)[0].parent
        cpu_before = cpu_seconds(pids)
        run.enqueue(folder)
        run.wait(calls)
        run.wait_scored(calls)
        cpu = cpu_seconds(pids) - cpu_before
        return Round(workers, run.makespan(), cpu)
    finally:
        run.stop()


def latency(
    tmp: Path, broker: str, model: list[str], base: bytes, long_base: bytes, count: int, short_s: float
) -> tuple[float, float]:
    """Seconds until a short job queued behind ``count`` long ones is done, and until all are; recordings up
    to ``short_s`` long are queued ahead (jobs.short_recording_s; 0: plain FIFO)."""
    run = Run(tmp / f"latency-{short_s:g}", broker, model, SAPA_JOBS_SHORT_RECORDING_S=str(short_s))
    try:
        run.start(1)
        folder = run.root / "rec"
        variants(long_base, folder, [f"1700000980.{i}.wav" for i in range(count)], 0)
        started = run.enqueue(folder)
        short = variants(base, run.root / "short", ["1700000990.1.wav"], 7)[0]
        run.enqueue(short.parent)
        short_done = run.wait(1, short)
        return short_done - started, run.wait(count + 1) - started
    finally:
        run.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds of 1 and of 2 workers")
    parser.add_argument("--long", type=int, default=3, help="long recordings ahead of the short one")
    parser.add_argument(
        "--engine",
        choices=("vosk", "whisper"),
        default="vosk",
        help="vosk: the Korean test model (Kaldi); whisper: faster-whisper base (CTranslate2, 1 thread)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    model = _model(args.engine)
    broker = f"redis://127.0.0.1:6379/{random.randint(1, 15)}"
    rounds: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="sapa-scale-") as name:
        tmp = Path(name)
        synthesize_call(TURNS, tmp / "base.wav")
        base = (tmp / "base.wav").read_bytes()
        subprocess.run(  # a long call: the short one four times over
            ["sox", *[str(tmp / "base.wav")] * 4, str(tmp / "long.wav")], check=True
        )
        long_base = (tmp / "long.wav").read_bytes()
        for index in range(args.rounds):
            for workers in (1, 2):
                rounds.append(throughput(tmp, broker, model, base, args.calls, workers, index))
                print(_line(rounds[-1], args.calls), file=sys.stderr)
        fifo = short_s, all_s = (float("nan"), float("nan"))  # --long 0: throughput only
        if args.long:
            fifo = latency(tmp, broker, model, base, long_base, args.long, 0)
            print(f"FIFO: short job done after {fifo[0]:.1f} s of {fifo[1]:.1f} s", file=sys.stderr)
            limit = (len(base) + len(long_base)) / 2 / BYTES_PER_S  # between the short and the long call
            short_s, all_s = latency(tmp, broker, model, base, long_base, args.long, round(limit, 1))
    one = min((r.wall_s for r in rounds if r.workers == 1), default=float("nan"))  # --rounds 0: latency only
    two = min((r.wall_s for r in rounds if r.workers == 2), default=float("nan"))
    result = {
        "calls": args.calls,
        "rounds": [asdict(r) for r in rounds],
        "one_worker_s": round(one, 1),
        "two_workers_s": round(two, 1),
        "ratio": round(one / two, 2),
        "fifo_short_behind_long_s": round(fifo[0], 1),
        "fifo_all_done_s": round(fifo[1], 1),
        "short_behind_long_s": round(short_s, 1),
        "long_jobs_ahead": args.long,
        "all_done_s": round(all_s, 1),
        "load_1min": round(os.getloadavg()[0], 1),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{args.calls} calls, best of {args.rounds}: 1 worker {one:.1f} s, 2 workers {two:.1f} s,", end="")
    print(f" ratio {one / two:.2f}x (goal 1.8x)")
    ahead = f"short job behind {args.long} long ones (1 worker)"
    print(f"{ahead}, FIFO: done after {fifo[0]:.1f} s of {fifo[1]:.1f} s")
    print(f"  with the short-job priority: done after {short_s:.1f} s of {all_s:.1f} s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def _model(engine: str) -> list[str]:
    if engine == "vosk":
        return ["--engine", "vosk", "--model", str(vosk_test_model())]
    folder = whisper_test_model(Path.home() / ".cache" / "sapa")
    return ["--engine", "whisper", "--model", str(folder), "--language", "ru"]


def _line(r: Round, calls: int) -> str:
    share = r.cpu_s / (r.wall_s * r.workers)
    return (
        f"{r.workers} worker(s): {r.wall_s:.1f} s, worker CPU {r.cpu_s:.1f} s ({r.cpu_s / calls:.2f} s/job), "
        f"{share:.2f} of a core each"
    )


if __name__ == "__main__":
    main()
