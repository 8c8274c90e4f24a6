"""`sapa web` as deployed: X-Forwarded-For not trusted by default, header deadline, connection limit."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

SAPA = [sys.executable, "-m", "sapa.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    cwd = tmp_path_factory.mktemp("web")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAPA_")}
    env.update(
        SAPA_DATABASE_URL=f"sqlite:///{cwd / 'sapa.db'}",
        SAPA_WEB_HEADER_TIMEOUT_S="3",
        SAPA_WEB_LIMIT_CONCURRENCY="3",
        SAPA_WEB_LOGIN_MAX_FAILURES="3",
    )
    assert subprocess.run([*SAPA, "init"], cwd=cwd, env=env, capture_output=True, timeout=120).returncode == 0
    port = _free_port()
    process = subprocess.Popen(
        [*SAPA, "web", "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/login", timeout=2)
            break
        except httpx.TransportError:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=30)


def test_x_forwarded_for_from_localhost_does_not_reset_the_login_throttle(server: str) -> None:
    statuses = []
    for attempt in range(5):
        with httpx.Client(base_url=server, timeout=30) as client:  # a fresh browser each time
            page = client.get("/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page)
            assert token is not None
            response = client.post(
                "/login",
                data={"username": f"guess{attempt}", "password": "wrong", "csrf_token": token.group(1)},
                headers={"X-Forwarded-For": f"203.0.113.{attempt}", "X-Forwarded-Proto": "https"},
            )
        statuses.append(response.status_code)
    assert statuses[:3] == [401, 401, 401] and statuses[3:] == [429, 429]  # one address: 127.0.0.1


def test_a_header_trickled_byte_by_byte_is_dropped(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n")
        closed = False
        for _ in range(60):  # 30 s of trickling at most; the deadline is 3 s for the whole header block
            try:
                sock.sendall(b"X")
                time.sleep(0.5)
                sock.setblocking(False)
                try:
                    closed = sock.recv(1) == b""
                except BlockingIOError:
                    pass
                finally:
                    sock.setblocking(True)
            except (BrokenPipeError, ConnectionResetError):
                closed = True
            if closed:
                break
    assert closed


def test_connections_over_the_limit_get_503(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(3)]
    try:
        time.sleep(0.3)
        response = httpx.get(f"{server}/login", timeout=30)
        assert response.status_code == 503
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.5)
    assert httpx.get(f"{server}/login", timeout=30).status_code == 200  # served again once they left
