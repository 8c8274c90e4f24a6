"""Survey writes under real faults and hostile values: nothing a caller pressed is lost, no row left open."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ivr.agi.server import AgiServer
from ivr.agi.simulator import simulate_call
from ivr.survey.writer import JournaledSurveyStore
from sapa.wiring import App
from storage import migrate
from storage.db import make_engine, make_session_factory
from storage.models import Call, SurveyResponse
from storage.repositories.org import AgentRepository
from tests.ivr.conftest import ivr_config, start_server, wait_idle
from tests.pg_cluster import PgCluster, own_cluster

GENEROUS_S = 120.0


def stored(sessions: object) -> dict[str, tuple[int | None, str, bool]]:
    """call id → (rating, status, finished) of every survey row."""
    with sessions() as session:  # type: ignore[operator]
        rows = session.execute(
            select(
                Call.external_id, SurveyResponse.rating, SurveyResponse.status, SurveyResponse.finished_at
            ).join(Call, Call.id == SurveyResponse.call_id)
        )
        return {call: (rating, status, finished is not None) for call, rating, status, finished in rows}


def seed_agents(sessions: object) -> None:
    with sessions() as session, session.begin():  # type: ignore[operator]
        AgentRepository(session).add("1001", "Айгерим Нурланова", "first-line")


def run_calls(address: tuple[str, int], prefix: str, count: int) -> dict[str, int]:
    """``count`` concurrent surveys; every caller must be offered the survey and hear the thanks."""

    def one(n: int) -> tuple[str, int]:
        rating = n % 5 + 1
        log = simulate_call(address, f"{prefix}.{n}", [str(rating)], timeout_s=GENEROUS_S)
        assert log.named("GET DATA") and log.commands[-1] == "HANGUP", log.commands
        return f"{prefix}.{n}", rating

    with ThreadPoolExecutor(max_workers=min(count, 20)) as pool:
        return dict(pool.map(one, range(count)))


def journaled_server(sessions: object, tmp_path: Path) -> tuple[AgiServer, JournaledSurveyStore]:
    store = JournaledSurveyStore(sessions, tmp_path / "journal", close_wait_s=1.0)  # type: ignore[arg-type]
    server = start_server(ivr_config(tmp_path), store, sessions)
    server.on_stop.append(store.close)
    return server, store


# -- hostile values on SQLite and PostgreSQL -------------------------------------------------------
def test_garbage_reply_still_finishes_the_row(db_server: AgiServer, app: App) -> None:
    log = simulate_call(db_server.address, "50.1", ["4"], garbage_on={"STREAM FILE": "200 result=abc"})
    assert log.closed_by_server
    wait_idle(db_server)
    rating, status, finished = stored(app.sessions)["50.1"]
    assert (rating, status, finished) == (4, "error", True)  # the key is kept, the row is closed
    assert db_server.stats.failed == 1


def test_long_call_ids_are_stored_not_crashed(db_server: AgiServer, app: App) -> None:
    long_a, long_b = "7" * 99 + "a", "7" * 99 + "b"  # same first 64 characters
    for uniqueid in (long_a, long_b):
        log = simulate_call(
            db_server.address, uniqueid, ["5"], script=f"survey?agent=1001&linkedid={uniqueid}"
        )
        assert log.commands[-1] == "HANGUP"
    wait_idle(db_server)
    rows = stored(app.sessions)
    assert len(rows) == 2 and all(len(call) <= 64 for call in rows)
    assert sorted(rows.values()) == [(5, "completed", True)] * 2


def test_control_characters_in_url_values_never_reach_asterisk(db_server: AgiServer, app: App) -> None:
    script = "survey?agent=1001%0D%0AEXEC%20System(x)&queue=q%00ueue&lang=kk%0AEXEC%20Dial(x)"
    log = simulate_call(db_server.address, "50.3", ["5"], script=script)
    assert log.commands[-1] == "HANGUP" and not any("EXEC" in c for c in log.commands)
    assert all("/ru/" in c for c in log.commands if c.startswith("GET DATA"))  # bad lang: the default
    wait_idle(db_server)
    assert stored(app.sessions)["50.3"] == (5, "completed", True)  # stored, control characters dropped


def test_comment_file_stays_in_its_folder(db_server: AgiServer, tmp_path: Path) -> None:
    log = simulate_call(db_server.address, "50.4", ["1", "1"], script="survey?agent=1001&linkedid=..")
    (record,) = log.named("RECORD FILE")
    path = Path(record.split()[2].strip('"'))
    assert path.parent == (tmp_path / "comments").resolve() and ".." not in path.name


# -- the database goes away; the callers do not notice ---------------------------------------------
@pytest.fixture
def sqlite_sessions(tmp_path: Path) -> Iterator[tuple[str, object]]:
    db = tmp_path / "faults.db"
    migrate.upgrade(f"sqlite:///{db}")
    engine = make_engine(f"sqlite:///{db}")
    sessions = make_session_factory(engine)
    seed_agents(sessions)
    yield str(db), sessions
    engine.dispose()


def test_sqlite_locked_by_another_writer(sqlite_sessions: tuple[str, object], tmp_path: Path) -> None:
    db, sessions = sqlite_sessions
    server, store = journaled_server(sessions, tmp_path)
    locked, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        conn = sqlite3.connect(db, timeout=30)
        conn.execute("BEGIN IMMEDIATE")  # the write lock, held until the test says so
        conn.execute("DELETE FROM queues WHERE 0")
        locked.set()
        release.wait(GENEROUS_S)
        conn.rollback()
        conn.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(GENEROUS_S)
        expected = run_calls(server.address, "60", 12)  # all served while the database is locked
        assert not release.is_set() and stored(sessions) == {}
    finally:
        release.set()
        holder.join()
    wait_idle(server, GENEROUS_S)
    assert store.sync(GENEROUS_S)
    server.stop(grace_s=5)
    assert stored(sessions) == {call: (rating, "completed", True) for call, rating in expected.items()}


def test_read_only_database_then_journal_replayed_at_start(
    sqlite_sessions: tuple[str, object], tmp_path: Path
) -> None:
    db, sessions = sqlite_sessions
    read_only = make_session_factory(make_engine(f"sqlite:///file:{db}?mode=ro&uri=true"))
    server, _store = journaled_server(read_only, tmp_path)
    expected = run_calls(server.address, "61", 8)
    wait_idle(server, GENEROUS_S)
    server.stop(grace_s=2)  # the writer gives up for now: everything waits in the journal
    assert stored(sessions) == {}
    restarted = JournaledSurveyStore(sessions, tmp_path / "journal")  # type: ignore[arg-type]
    assert restarted.sync(GENEROUS_S)
    restarted.close()
    assert stored(sessions) == {call: (rating, "completed", True) for call, rating in expected.items()}


def sapa_agi(url: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")} | env
    command = [sys.executable, "-m", "sapa.cli", "--database-url", url, "agi", "--port", "0"]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=clean, timeout=GENEROUS_S)


def test_agi_refuses_a_database_it_cannot_write(sqlite_sessions: tuple[str, object], tmp_path: Path) -> None:
    db, _sessions = sqlite_sessions
    out = sapa_agi(f"sqlite:///file:{db}?mode=ro&uri=true", tmp_path)
    assert out.returncode != 0
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert "the database cannot be written: attempt to write a readonly database" in lines[-1]
    assert "Traceback" not in out.stderr


def test_agi_refuses_a_journal_it_cannot_write(sqlite_sessions: tuple[str, object], tmp_path: Path) -> None:
    db, _sessions = sqlite_sessions
    (tmp_path / "not-a-folder").write_text("x")
    out = sapa_agi(
        f"sqlite:///{db}", tmp_path, SAPA_IVR_JOURNAL_DIR=str(tmp_path / "not-a-folder" / "journal")
    )
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert (
        "survey journal" in out.stderr.splitlines()[-1] and "is not writable" in out.stderr.splitlines()[-1]
    )


@pytest.fixture
def cluster() -> Iterator[PgCluster]:
    pg = own_cluster()
    try:
        yield pg
    finally:
        pg.destroy()


def test_postgres_outage_mid_run(cluster: PgCluster, tmp_path: Path) -> None:
    migrate.upgrade(cluster.url)
    engine = make_engine(cluster.url)
    sessions = make_session_factory(engine)
    seed_agents(sessions)
    server, store = journaled_server(sessions, tmp_path)
    try:
        expected = run_calls(server.address, "70", 15)
        cluster.stop("immediate")
        expected |= run_calls(server.address, "71", 15)  # served while PostgreSQL is down
        cluster.start()
        expected |= run_calls(server.address, "72", 15)
        wait_idle(server, GENEROUS_S)
        assert store.sync(GENEROUS_S)
    finally:
        server.stop(grace_s=5)
    rows = stored(sessions)
    engine.dispose()
    assert rows == {call: (rating, "completed", True) for call, rating in expected.items()}
    with make_session_factory(make_engine(cluster.url))() as session:
        assert session.scalar(select(func.count()).select_from(SurveyResponse)) == 45


def test_burst_of_callers_at_once_all_offered_none_lost(
    sqlite_sessions: tuple[str, object], tmp_path: Path
) -> None:
    """Issue 14: a burst (all at the same instant) through the production store — the writer in its
    own process — offers every caller the survey and stores every key. No timing asserted (bench/)."""
    _db, sessions = sqlite_sessions
    store = JournaledSurveyStore(sessions, tmp_path / "journal", own_process=True)  # type: ignore[arg-type]
    assert type(store.applier).__name__ == "ProcessApplier"
    server = start_server(ivr_config(tmp_path), store, sessions, ready_threads=None)
    server.on_stop.append(store.close)
    count = 120
    barrier = threading.Barrier(count)
    expected: dict[str, int] = {}

    def one(n: int) -> None:
        rating = n % 5 + 1
        barrier.wait()
        log = simulate_call(server.address, f"76.{n}", [str(rating)], timeout_s=GENEROUS_S)
        assert log.named("GET DATA") and log.commands[-1] == "HANGUP", log.commands
        expected[f"76.{n}"] = rating

    try:
        with ThreadPoolExecutor(max_workers=count) as pool:
            list(pool.map(one, range(count)))
        wait_idle(server, GENEROUS_S)
        assert store.sync(GENEROUS_S)
    finally:
        server.stop(grace_s=5)
    assert len(expected) == count  # every caller offered the survey and heard it to the end
    assert stored(sessions) == {call: (rating, "completed", True) for call, rating in expected.items()}
