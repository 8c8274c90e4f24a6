"""FastAGI fixtures: a real server on a free port, fed by the socket-level fake Asterisk."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ivr.agi.routes import build_routes, peer_policy
from ivr.agi.server import AgiServer
from ivr.agi.simulator import CallLog, simulate_call
from ivr.config import IvrConfig
from ivr.survey.store import MemorySurveyStore, SurveyStore
from ivr.survey.writer import JournaledSurveyStore
from sapa.wiring import App
from storage.repositories.org import AgentRepository

Call = Callable[..., CallLog]


def ivr_config(tmp_path: Path, **overrides: object) -> IvrConfig:
    fields: dict[str, object] = {
        "prompts_dir": str(tmp_path / "prompts"),
        "custom_prompts_dir": str(tmp_path / "prompts-custom"),
        "comments_dir": str(tmp_path / "comments"),
        "journal_dir": str(tmp_path / "journal"),
        "header_timeout_s": 3.0,
    }
    return IvrConfig.model_validate(fields | overrides)


def start_server(
    config: IvrConfig, store: SurveyStore, sessions: object = None, **options: object
) -> AgiServer:
    server = AgiServer(
        build_routes(config, store, sessions),  # type: ignore[arg-type]
        "127.0.0.1",
        0,
        header_timeout_s=config.header_timeout_s,
        reply_timeout_s=60.0,
        max_sessions=config.max_sessions,
        policy=peer_policy(config),
        **({"ready_threads": 8} | options),  # type: ignore[arg-type]  # pool grows on demand
    )
    server.start()
    return server


def wait_idle(server: AgiServer, timeout_s: float = 60.0) -> None:
    """The caller side may hang up first: wait until the server has finished (and stored) its sessions."""
    deadline = time.monotonic() + timeout_s
    while server.active and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.active == 0
    server.sync()


@pytest.fixture
def memory_store() -> MemorySurveyStore:
    return MemorySurveyStore()


@pytest.fixture
def mem_server(tmp_path: Path, memory_store: MemorySurveyStore) -> Iterator[AgiServer]:
    server = start_server(ivr_config(tmp_path), memory_store)
    yield server
    server.stop(grace_s=2)


@pytest.fixture
def db_server(app: App, tmp_path: Path) -> Iterator[AgiServer]:
    """Survey server storing into the database (SQLite and PostgreSQL) with agents 1001 and 1002."""
    app.migrate()
    with app.uow() as session:
        agents = AgentRepository(session)
        agents.add("1001", "Айгерим Нурланова", "first-line")
        agents.add("1002", "Иван Петров", "first-line")
    store = JournaledSurveyStore(app.sessions, tmp_path / "journal")  # what `sapa agi` uses
    server = start_server(ivr_config(tmp_path), store, app.sessions)
    server.on_stop.append(store.close)
    server.on_sync.append(store.sync)
    yield server
    server.stop(grace_s=2)


@pytest.fixture
def call(mem_server: AgiServer) -> Call:
    """``call("1700.1", ["4"], **caller_options)`` through the in-memory survey server."""

    def run(uniqueid: str, keys: list[str | None], **options: object) -> CallLog:
        log = simulate_call(mem_server.address, uniqueid, keys, **options)  # type: ignore[arg-type]
        wait_idle(mem_server)
        return log

    return run
