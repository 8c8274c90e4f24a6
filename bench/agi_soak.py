"""Soak: thousands of survey sessions through a 60 s SQLite write lock and a PostgreSQL restart.

The real FastAGI server with the production store (fsync'ed journal, then the database) is fed by
simulated callers at a steady rate while a fault hits the database:

* sqlite   - another connection holds the write lock (BEGIN IMMEDIATE) for ``--lock-s`` seconds;
* postgres - a cluster of the bench's own (temp dir, free port; never the shared one) is stopped
             (``-m immediate``) for ``--down-s`` seconds and started again.

Callers: 6 in 10 rate at once (low ratings decline the comment), 1 presses a wrong key first, 1 stays
silent (no rating), 1 rates and hangs up during the confirmation, 1 rates 1 and records a comment.
Reported per phase: sessions, callers offered the survey, keys pressed (valid ratings the callers
entered), ratings stored, pressed-but-not-stored, stored-but-not-pressed, rows left open
(finished_at NULL), set-up p99 (header → ANSWER) overall and while the fault lasted.

    PYTHONPATH=. nice .venv/bin/python bench/agi_soak.py [--sessions 2000] [--phase sqlite postgres]
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ivr.agi.routes import build_routes
from ivr.agi.server import AgiServer
from ivr.agi.simulator import CallLog, simulate_call
from ivr.config import IvrConfig
from ivr.survey.writer import JournaledSurveyStore
from storage import migrate
from storage.db import make_engine, make_session_factory
from storage.models import Call, SurveyResponse
from storage.repositories.org import AgentRepository


def caller(i: int) -> tuple[dict[str, Any], int | None]:
    """What caller ``i`` does, and the rating he enters (None: no valid key)."""
    kind, rating = i % 10, i % 5 + 1
    if kind <= 5:
        return {"keys": [str(rating), "2"]}, rating
    if kind == 6:
        return {"keys": ["9", str(rating)]}, rating
    if kind == 7:
        return {"keys": [None, None, None]}, None
    if kind == 8:  # GET VARIABLE, ANSWER, GET DATA, STREAM FILE confirm ← hangs up here
        return {"keys": [str(rating)], "hangup_on": 4}, rating
    return {"keys": ["1", "1"]}, 1


@dataclass
class Phase:
    name: str
    sessions: int
    fault: str
    pressed: dict[str, int] = field(default_factory=dict)
    logs: dict[str, CallLog | None] = field(default_factory=dict)
    in_fault: set[str] = field(default_factory=set)
    stored: dict[str, int | None] = field(default_factory=dict)
    open_rows: int = 0
    seconds: float = 0.0


def setup_ms(log: CallLog) -> float:
    k = log.commands.index("ANSWER") if "ANSWER" in log.commands else 0
    return sum(log.round_trips[: k + 1]) * 1000


def p99(values: list[float]) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]


def run_phase(
    phase: Phase,
    sessions: sessionmaker[Session],
    rate: float,
    fault: Callable[[threading.Event], None],
    workdir: Path,
) -> None:
    config = IvrConfig(
        prompts_dir=f"{workdir}/p", custom_prompts_dir=f"{workdir}/c", comments_dir=f"{workdir}/k"
    )
    store = JournaledSurveyStore(sessions, workdir / "journal", own_process=True)  # as `sapa agi`
    server = AgiServer(build_routes(config, store), "127.0.0.1", 0, max_sessions=2000)
    server.start()
    faulty = threading.Event()
    injector = threading.Thread(target=fault, args=(faulty,), daemon=True)
    started = time.monotonic()

    def one(i: int) -> None:
        time.sleep(max(0.0, started + i / rate - time.monotonic()))
        options, rating = caller(i)
        call_id = f"{phase.name}.{i}"
        during = faulty.is_set()
        try:
            log = simulate_call(server.address, call_id, timeout_s=120, **options)
        except OSError:
            log = None
        if during or faulty.is_set():
            phase.in_fault.add(call_id)
        phase.logs[call_id] = log
        if rating is not None and log is not None and log.named("GET DATA"):
            phase.pressed[call_id] = rating

    injector.start()
    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(one, range(phase.sessions)))
    injector.join()
    while server.active:
        time.sleep(0.05)
    store.sync(300)
    server.stop(grace_s=10)
    phase.seconds = time.monotonic() - started
    with sessions() as session:
        rows = session.execute(select(Call.external_id, SurveyResponse.rating).join(SurveyResponse))
        phase.stored = {call: rating for call, rating in rows if rating is not None}
        open_stmt = (
            select(func.count()).select_from(SurveyResponse).where(SurveyResponse.finished_at.is_(None))
        )
        phase.open_rows = int(session.scalar(open_stmt) or 0)


def report(phase: Phase) -> None:
    logs = [log for log in phase.logs.values() if log is not None]
    offered = sum(1 for log in logs if log.named("GET DATA"))
    lost = {c: r for c, r in phase.pressed.items() if phase.stored.get(c) != r}
    extra = {c: r for c, r in phase.stored.items() if c not in phase.pressed}
    fault_setups = [setup_ms(phase.logs[c]) for c in phase.in_fault if phase.logs.get(c)]  # type: ignore[arg-type]
    print(f"\n== {phase.name}: {phase.fault}")
    print(
        f"sessions {phase.sessions} in {phase.seconds:.0f} s, offered the survey {offered}, "
        f"during the fault {len(phase.in_fault)}"
    )
    print(
        f"keys pressed (valid ratings) {len(phase.pressed)}, ratings stored {len(phase.stored)}, "
        f"pressed but not stored {len(lost)}, stored but not pressed {len(extra)}, "
        f"rows left open {phase.open_rows}"
    )
    print(
        f"set-up p99 {p99([setup_ms(log) for log in logs]):.1f} ms overall, "
        f"{p99(fault_setups):.1f} ms while the fault lasted"
    )


def seed(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        for ext in ("1001", "1002"):
            AgentRepository(session).add(ext, f"Agent {ext}", "first-line")


def sqlite_phase(args: argparse.Namespace, workdir: Path) -> Phase:
    db = workdir / "soak.db"
    migrate.upgrade(f"sqlite:///{db}")
    sessions = make_session_factory(make_engine(f"sqlite:///{db}"))
    seed(sessions)

    def lock(faulty: threading.Event) -> None:
        time.sleep(args.fault_at_s)
        conn = sqlite3.connect(db, timeout=60)
        conn.execute("BEGIN IMMEDIATE")
        faulty.set()
        time.sleep(args.lock_s)
        conn.rollback()
        conn.close()
        faulty.clear()

    phase = Phase("sqlite", args.sessions, f"write lock held by another connection for {args.lock_s:.0f} s")
    run_phase(phase, sessions, args.rate, lock, workdir)
    return phase


def postgres_phase(args: argparse.Namespace, workdir: Path) -> Phase:
    from tests.pg_cluster import PgCluster

    cluster = PgCluster()
    try:
        cluster.start()
        cluster.create_database()
        migrate.upgrade(cluster.url)
        sessions = make_session_factory(make_engine(cluster.url))
        seed(sessions)

        def restart(faulty: threading.Event) -> None:
            time.sleep(args.fault_at_s)
            faulty.set()
            cluster.stop("immediate")
            time.sleep(args.down_s)
            cluster.start()
            faulty.clear()

        phase = Phase("postgres", args.sessions, f"own cluster stopped (immediate) for {args.down_s:.1f} s")
        run_phase(phase, sessions, args.rate, restart, workdir)
        return phase
    finally:
        cluster.destroy()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=2000, help="per phase")
    parser.add_argument("--rate", type=float, default=25.0, help="new calls per second")
    parser.add_argument("--phase", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--fault-at-s", type=float, default=10.0)
    parser.add_argument("--lock-s", type=float, default=60.0)
    parser.add_argument("--down-s", type=float, default=8.5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    for name in args.phase:
        with tempfile.TemporaryDirectory(prefix=f"sapa-soak-{name}-") as tmp:
            phase = (sqlite_phase if name == "sqlite" else postgres_phase)(args, Path(tmp))
        report(phase)


if __name__ == "__main__":
    main()
