"""Web fixtures: a seeded SQLite app, the FastAPI app and logged-in TestClients per role."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sapa.settings import load_settings
from sapa.webapp import build_web_app
from sapa.wiring import App
from tests.conftest import REPO, _truncate_all
from tests.web.seed import PASSWORD, Seeded, seed

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_web_app(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    """An App on ``url`` with a recordings folder, small pages and a low login limit (both backends)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "recordings").mkdir()
    settings = load_settings(
        REPO / "config.yaml",
        database={"url": url},
        var_dir=str(tmp_path / "var"),
        web={"recordings_dir": str(tmp_path / "recordings"), "page_size": 5, "login_max_failures": 3},
    )
    return App(settings)


def postgres_web_app(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    """The web fixtures' app on PostgreSQL (the run's database, tables emptied before and after)."""
    _truncate_all(pg_url)
    application = make_web_app(pg_url, tmp_path, monkeypatch)
    yield application
    application.close()
    _truncate_all(pg_url)


@pytest.fixture
def web_app(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    application = make_web_app(sqlite_url, tmp_path, monkeypatch)
    yield application
    application.close()


@pytest.fixture
def seeded(web_app: App) -> Seeded:
    with web_app.uow() as session:
        return seed(session)


@pytest.fixture
def api(web_app: App, seeded: Seeded) -> FastAPI:
    return build_web_app(web_app)


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def client_for(api: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    clients: list[TestClient] = []

    def make(username: str) -> TestClient:
        client = TestClient(api, base_url="http://testserver")
        clients.append(client)
        return login(client, username)

    yield make
    for client in clients:
        client.close()
