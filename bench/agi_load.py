"""FastAGI load: N concurrent simulated survey calls → sessions/s, p50/p99 command round trip, lost.

Each server runs in its own process (the fake Asterisk callers are threads in this one), and a bare
AGI echo server — threads + raw sockets, no pyst2, no logic, the same number of commands — is measured
in the same run as the baseline. Round trip = from the fake Asterisk writing a reply (or the header)
to reading the next command, i.e. what the caller would wait for.

    .venv/bin/python bench/agi_load.py --sessions 100 500 [--store memory sqlite sqlite-thread]
    # the same run against an older checkout, rows interleaved (before/after on the same load):
    git worktree add /tmp/sapa-before <commit>
    .venv/bin/python bench/agi_load.py --sessions 500 --before /tmp/sapa-before --repeat 3
SAPA_BENCH_READY_THREADS=N: start only N session threads with the server (the rest on demand).
Stores: memory (no database), sqlite (as `sapa agi`: journal, writer in its own process),
sqlite-thread (journal, writer thread in the server's process), sqlite-direct (no journal).
Target (issue 3): 500 concurrent on 2 cores, p99 <= 20 ms, 0 lost.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing as mp
import os
import socketserver
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ivr.agi.simulator import CallLog, simulate_call

ECHO_COMMANDS = 6  # a rating-4 survey: GET VARIABLE, ANSWER, GET DATA, STREAM FILE x2, HANGUP


class _EchoHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        while self.rfile.readline().strip():
            pass
        for n in range(ECHO_COMMANDS):
            self.wfile.write(b"HANGUP\n" if n == ECHO_COMMANDS - 1 else b"NOOP\n")
            self.wfile.flush()
            if not self.rfile.readline():
                return


class _EchoServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024


def _serve(kind: str, store_kind: str, conn: mp.connection.Connection, code: str = "") -> None:
    logging.basicConfig(level=logging.ERROR)
    if code:  # the server from another checkout (e.g. the commit before a change), same run
        sys.path.insert(0, code)
        for name in [m for m in sys.modules if m.split(".")[0] in {"ivr", "storage", "sapa"}]:
            del sys.modules[name]
    if kind == "echo":
        server = _EchoServer(("127.0.0.1", 0), _EchoHandler)
        conn.send(server.server_address[1])
        threading.Thread(target=server.serve_forever, daemon=True).start()
        conn.recv()
        conn.send((0, ""))
        return
    from ivr.agi.routes import build_routes
    from ivr.agi.server import AgiServer
    from ivr.config import IvrConfig
    from ivr.survey.store import DbSurveyStore, MemorySurveyStore, SurveyStore
    from ivr.survey.writer import JournaledSurveyStore

    tmp = tempfile.mkdtemp(prefix="sapa-bench-")
    config = IvrConfig(prompts_dir=f"{tmp}/prompts", custom_prompts_dir=f"{tmp}/c", comments_dir=f"{tmp}/k")
    if store_kind in {"sqlite", "sqlite-thread", "sqlite-direct"}:
        from storage import migrate
        from storage.db import make_engine, make_session_factory

        url = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(url)
        sessions = make_session_factory(make_engine(url))
        journal = Path(tmp) / "journal"  # `sapa agi`: fsync'ed journal first, database behind it
        store: SurveyStore
        if store_kind == "sqlite-direct":
            store = DbSurveyStore(sessions)
        else:  # sqlite: as `sapa agi` (writer in its own process); sqlite-thread: writer thread in-process
            own = {} if code else {"own_process": store_kind == "sqlite"}  # older code: no such option
            store = JournaledSurveyStore(sessions, journal, **own)
    else:
        store = MemorySurveyStore()
    ready_env = os.environ.get("SAPA_BENCH_READY_THREADS")  # None: as `sapa agi` (all started)
    extra: dict[str, Any] = {"ready_threads": int(ready_env)} if ready_env and not code else {}
    agi = AgiServer(build_routes(config, store), "127.0.0.1", 0, max_sessions=2000, **extra)
    conn.send(agi.start()[1])
    conn.recv()
    agi.stop(grace_s=10)
    if hasattr(store, "close"):
        store.close()  # everything applied to the database before the process ends
    conn.send((agi.stats.failed, agi.stats.line()))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[max(0, int(len(ordered) * q) - 1)] * 1000


@dataclass
class Result:
    label: str
    sessions: int
    think_ms: int
    seconds: float
    setups: list[float]
    round_trips: list[float]
    lost: int

    def row(self) -> str:
        rt, rate = self.round_trips, self.sessions / self.seconds
        return (
            f"{self.label:<29} {self.sessions:>5} {self.think_ms:>6} {rate:>11.1f} "
            f"{_pct(self.setups, 0.99):>10.2f} {_pct(rt, 0.5):>8.2f} {_pct(rt, 0.99):>8.2f} "
            f"{self.lost:>5}"
        )


HEADER = (
    f"{'server':<29} {'N':>5} {'think':>6} {'sessions/s':>11} {'setup p99':>10} "
    f"{'p50 ms':>8} {'p99 ms':>8} {'lost':>5}"
)


def _calls(port: int, n: int, kind: str, think_s: float, ramp_s: float) -> tuple[list[CallLog | None], float]:
    logs: list[CallLog | None] = [None] * n
    barrier = threading.Barrier(n + 1)

    def one(i: int) -> None:
        barrier.wait()
        time.sleep(ramp_s * i / n)  # arrivals spread over the ramp (0 = all at once)
        try:
            logs[i] = simulate_call(("127.0.0.1", port), f"b{kind}.{i}", ["4"], timeout_s=60, think_s=think_s)
        except Exception as exc:  # counted as lost
            logs[i] = None
            print(f"  call {i} failed: {exc!r}")

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    return logs, time.perf_counter() - started


def measure(kind: str, n: int, store_kind: str, think_ms: int, ramp_s: float, code: str = "") -> Result:
    parent, child = mp.Pipe()
    proc = mp.get_context("spawn").Process(target=_serve, args=(kind, store_kind, child, code))
    proc.start()
    port = parent.recv()
    logs, seconds = _calls(port, n, kind, think_ms / 1000, ramp_s)
    parent.send("stop")
    server_failed, stats = parent.recv() or (0, "")
    proc.join(timeout=30)
    done = [log for log in logs if log is not None and log.commands and log.commands[-1] == "HANGUP"]
    label = "bare echo (baseline)" if kind == "echo" else f"sapa survey [{store_kind}]"
    label += " before" if code else ""
    if n - len(done) + server_failed:
        print(f"  {label}: {n - len(done)} calls incomplete; server: {stats}")
    setups, trips = [], []
    for log in done:  # set-up: header → ANSWER (includes claiming the call in the database)
        k = log.commands.index("ANSWER") if "ANSWER" in log.commands else 0
        setups.append(sum(log.round_trips[: k + 1]))
        trips += log.round_trips[k + 1 :]
    return Result(label, n, think_ms, seconds, setups, trips, n - len(done) + server_failed)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, nargs="+", default=[100, 500])
    parser.add_argument(
        "--store",
        choices=["memory", "sqlite", "sqlite-thread", "sqlite-direct"],
        nargs="+",
        default=["memory", "sqlite"],
    )
    parser.add_argument(
        "--before",
        default="",
        help="also measure the server of this checkout (e.g. `git worktree add /tmp/before HEAD~1`)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="measure every row this many times")
    parser.add_argument(
        "--think-ms",
        type=int,
        default=0,
        help="Asterisk's time per command (prompt playing); 0 = back-to-back",
    )
    parser.add_argument(
        "--ramp-s",
        type=float,
        default=0.0,
        help="spread the session starts over this many seconds (0 = all at once)",
    )
    args = parser.parse_args()
    print(f"think {args.think_ms} ms per command, starts spread over {args.ramp_s} s")
    print(HEADER)
    for n in args.sessions:
        for _ in range(args.repeat):  # interleaved, so the machine's load changes hit every row alike
            print(measure("echo", n, "", args.think_ms, args.ramp_s).row(), flush=True)
            for store in args.store:
                if args.before and store != "sqlite-thread":
                    before = measure("sapa", n, store, args.think_ms, args.ramp_s, args.before)
                    print(before.row(), flush=True)
                if store != "sqlite-thread" or not args.before:
                    print(measure("sapa", n, store, args.think_ms, args.ramp_s).row(), flush=True)


if __name__ == "__main__":
    main()
