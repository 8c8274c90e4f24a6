"""Issue 15: two `sapa agi` servers on one database rate the same call at the same moment → one row.

Real processes, real sockets, a real database (PostgreSQL in a database of this run, and SQLite). Both
callers hear the survey and press a key (neither server asks the database before the intro); the
database's unique constraint keeps one survey row per call; the other session's steps are not lost:
they stay in its server's journal and are listed in ``duplicates.jsonl`` next to it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ivr.agi.simulator import CallLog, simulate_call
from tests.conftest import _truncate_all

SAPA = [sys.executable, "-m", "sapa.cli"]
CALLS = [f"7100.{i}" for i in range(1, 7)]  # several calls: the two inserts race for real in some
GENEROUS_S = 300.0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_agi(db: str, folder: Path) -> tuple[subprocess.Popen[str], int]:
    folder.mkdir()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    proc = subprocess.Popen(
        [*SAPA, "--database-url", db, "agi", "--port", str(port)],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert f"agi://127.0.0.1:{port}/" in proc.stdout.readline()  # listening
    return proc, port


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=GENEROUS_S) == 0
    assert proc.stderr is not None
    return proc.stderr.read()


def _journal(folder: Path, name: str) -> list[dict[str, object]]:
    path = folder / "var" / "survey-journal" / name
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _rows(db: str) -> list[tuple[str, int | None, str]]:
    engine = create_engine(db)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.external_id, s.rating, s.status FROM survey_responses s "
                "JOIN calls c ON c.id = s.call_id WHERE c.external_id LIKE '7100.%'"
            )
        ).all()
    engine.dispose()
    return [(call, rating, status) for call, rating, status in rows]


def _wait_applied(db: str, folder: Path) -> None:
    """Until every call has its finished row and each losing session's finish is listed as a duplicate."""
    deadline = time.monotonic() + GENEROUS_S
    while time.monotonic() < deadline:
        done = {call for call, _rating, status in _rows(db) if status == "completed"}
        listed = {
            (e["call"], name)
            for name in ("a", "b")
            for e in _journal(folder / name, "duplicates.jsonl")
            if e["op"] == "finish"
        }
        if done == set(CALLS) and {call for call, _name in listed} == set(CALLS):
            return
        time.sleep(0.2)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_db(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    url = str(request.getfixturevalue("pg_url"))  # a database created for this run, dropped after it
    _truncate_all(url)
    return url


def test_two_servers_rate_the_same_call_at_once_one_row(shared_db: str, tmp_path: Path) -> None:
    servers = {name: _start_agi(shared_db, tmp_path / name) for name in ("a", "b")}
    keys = {"a": "4", "b": "5"}
    logs: dict[tuple[str, str], CallLog] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(2 * len(CALLS))

    def caller(name: str, call: str) -> None:
        try:
            barrier.wait()  # both servers get the same call in the same instant
            address = ("127.0.0.1", servers[name][1])
            logs[name, call] = simulate_call(address, call, [keys[name]], timeout_s=120)
        except BaseException as exc:  # reported below, not lost in a thread
            errors.append(exc)

    threads = [threading.Thread(target=caller, args=(n, c)) for n in servers for c in CALLS]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(GENEROUS_S)
        _wait_applied(shared_db, tmp_path)  # both writers done before the servers stop (no timing)
    finally:
        stderr = {name: _stop(proc) for name, (proc, _port) in servers.items()}
    assert not errors
    for (name, call), log in logs.items():  # both callers heard the whole survey, key taken
        assert log.commands[-1] == "HANGUP" and log.named("GET DATA"), (name, call)
    for name, err in stderr.items():
        assert "Traceback" not in err, (name, err)

    rows = _rows(shared_db)
    stored = {call: (rating, status) for call, rating, status in rows}
    assert len(rows) == len(CALLS) and set(stored) == set(CALLS)  # exactly one row per call
    assert all(status == "completed" and rating in (4, 5) for rating, status in stored.values())

    for call in CALLS:  # the losing session: in its journal and listed as a duplicate, not dropped
        winner = "a" if stored[call][0] == 4 else "b"
        loser = "b" if winner == "a" else "a"
        journaled = [e for e in _journal(tmp_path / loser, "journal.jsonl") if e["call"] == call]
        assert {e["op"] for e in journaled} >= {"begin", "record", "finish"}
        duplicates = [e for e in _journal(tmp_path / loser, "duplicates.jsonl") if e["call"] == call]
        assert {e["op"] for e in duplicates} >= {"record", "finish"}
        assert {e["rating"] for e in duplicates if e["op"] == "record"} == {int(keys[loser])}
        assert not [e for e in _journal(tmp_path / winner, "duplicates.jsonl") if e["call"] == call]
        assert f"call {call} already has a survey from another session" in stderr[loser]
    for name in servers:
        assert not _journal(tmp_path / name, "rejected.jsonl")  # a race is not bad data
