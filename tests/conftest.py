"""Shared fixtures: databases (SQLite per test, one PostgreSQL database per run), App, CLI runner."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sapa.settings import load_settings
from sapa.wiring import App
from storage import migrate, passwords
from storage.models import Base

passwords.use_cheap_parameters_for_tests()  # in-process only; `sapa` subprocesses keep the real cost

PG_SERVER_URL = os.environ.get("SAPA_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def _pg_reachable() -> str | None:
    try:
        engine = create_engine(PG_SERVER_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any driver error means: not reachable
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, migrated to head, dropped at the end."""
    problem = _pg_reachable()
    if problem:
        if os.environ.get("SAPA_REQUIRE_SERVICES") or os.environ.get("CI"):
            pytest.fail(f"PostgreSQL required but unreachable at {PG_SERVER_URL}: {problem}")
        pytest.skip(f"PostgreSQL unreachable at {PG_SERVER_URL}: {problem} (SKIPPED LOUDLY)")
    name = f"sapa_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_SERVER_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'sapa.db'}"
    migrate.upgrade(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_url")
        return
    url = request.getfixturevalue("pg_url")
    _truncate_all(url)
    yield url
    _truncate_all(url)


@pytest.fixture
def app(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    """A wired App on a migrated database (both backends), var/ in a temporary folder."""
    monkeypatch.chdir(tmp_path)
    application = App(load_settings(REPO / "config.yaml", database={"url": db_url}, var_dir=str(tmp_path)))
    yield application
    application.close()


@pytest.fixture
def sqlite_app(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    """Like ``app`` but SQLite only, for tests that are not about storage."""
    monkeypatch.chdir(tmp_path)
    application = App(
        load_settings(REPO / "config.yaml", database={"url": sqlite_url}, var_dir=str(tmp_path))
    )
    yield application
    application.close()
