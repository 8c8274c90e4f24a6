"""The FastAGI port under attack, through real sockets: strangers, slow headers, one peer hogging slots."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

import pytest

from ivr.agi.simulator import Caller, FakeAsterisk, agi_env, simulate_call
from ivr.survey.store import MemorySurveyStore
from tests.ivr.conftest import ivr_config, start_server, wait_idle

GENEROUS_S = 60.0  # a bound for "it finished", never a speed assertion


def header_bytes(uniqueid: str) -> bytes:
    return "".join(f"{k}: {v}\n" for k, v in agi_env(uniqueid).items()).encode() + b"\n"


@pytest.fixture
def store() -> MemorySurveyStore:
    return MemorySurveyStore()


def test_peer_outside_the_allow_list_is_closed_unread(
    tmp_path: Path, store: MemorySurveyStore, caplog: pytest.LogCaptureFixture
) -> None:
    server = start_server(ivr_config(tmp_path, agi_allow=["127.0.0.1/32"]), store)
    try:
        with socket.create_connection(server.address, GENEROUS_S, ("127.0.0.2", 0)) as sock:
            sock.sendall(header_bytes("40.1"))  # a complete, valid survey request
            assert sock.recv(100) == b""  # closed, not a single command written
        assert store.rows == {}
        assert server.stats.refused == 1 and server.stats.accepted == 0
        assert "refused AGI connection from 127.0.0.2" in caplog.text
        log = simulate_call(server.address, "40.2", ["4"])  # 127.0.0.1 is allowed
        assert log.commands[-1] == "HANGUP"
    finally:
        server.stop(grace_s=2)


def test_default_allow_list_is_loopback_only(tmp_path: Path) -> None:
    config = ivr_config(tmp_path)
    assert config.agi_host == "127.0.0.1" and config.agi_allow == ["127.0.0.0/8", "::1"]


def test_bad_allow_list_entry_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not an IP address or CIDR"):
        ivr_config(tmp_path, agi_allow=["10.0.0.300/8"])


def test_header_deadline_is_overall_not_per_read(tmp_path: Path, store: MemorySurveyStore) -> None:
    server = start_server(ivr_config(tmp_path), store)  # header_timeout_s=1.0
    try:
        started = time.monotonic()
        with socket.create_connection(server.address, GENEROUS_S) as sock:
            sock.settimeout(0.3)
            closed = False
            while not closed and time.monotonic() - started < GENEROUS_S:
                try:
                    sock.sendall(b"agi_x: y\n")  # a line every 0.3 s: no single read ever times out
                    closed = sock.recv(1) == b""
                except TimeoutError:
                    continue
                except OSError:
                    closed = True
        assert closed and server.stats.dropped_headers == 1
    finally:
        server.stop(grace_s=2)


class SlowLoris:
    """``count`` connections from 127.0.0.2..6, each sending a header byte every ``every_s``."""

    def __init__(self, address: tuple[str, int], count: int, every_s: float = 0.5) -> None:
        self.socks: list[socket.socket] = []
        for n in range(count):
            sock = socket.create_connection(address, GENEROUS_S, (f"127.0.0.{2 + n % 5}", 0))
            sock.setblocking(False)
            self.socks.append(sock)
        self.every_s, self.stop = every_s, threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)
        self.thread.start()

    def _drip(self) -> None:
        while not self.stop.wait(self.every_s):
            for sock in self.socks:
                with contextlib.suppress(OSError):
                    sock.send(b"a")

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for sock in self.socks:
            sock.close()


def test_slow_header_flood_holds_no_slot_and_real_calls_go_on(
    tmp_path: Path, store: MemorySurveyStore
) -> None:
    # a long header deadline so that only the pool policy (not the deadline) can save the real call
    config = {
        "header_timeout_s": 120.0,
        "max_sessions": 8,
        "max_pending_headers": 16,
        "max_pending_per_peer": 4,
    }
    server = start_server(ivr_config(tmp_path, **config), store)
    loris = SlowLoris(server.address, 120)
    try:
        for n in range(3):
            log = simulate_call(server.address, f"41.{n}", ["5"], timeout_s=GENEROUS_S)
            assert log.commands[-1] == "HANGUP" and log.closed_by_server
        deadline = time.monotonic() + GENEROUS_S  # the sweep trims the pool once they are 1 s old
        while (server.stats.dropped_headers < 120 - 16 or server.active > 16) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.stats.dropped_headers >= 120 - 16
        assert server.active <= 16  # the flood holds at most the pending pool, never a session slot
        log = simulate_call(server.address, "41.3", ["4"], timeout_s=GENEROUS_S)
        assert log.commands[-1] == "HANGUP"
    finally:
        loris.close()
    wait_idle(server, GENEROUS_S)
    server.stop(grace_s=2)
    ratings = {r["call_id"]: r["rating"] for r in store.rows.values()}
    assert ratings == {"41.0": 5, "41.1": 5, "41.2": 5, "41.3": 4}


def test_one_peer_cannot_take_every_session_slot(tmp_path: Path, store: MemorySurveyStore) -> None:
    server = start_server(ivr_config(tmp_path, max_sessions_per_peer=1), store)

    class SlowCaller(FakeAsterisk):
        def reply(self, verb: str, args: list[str]) -> str:
            in_session.set()  # its first command came: the session holds the peer's one slot
            release.wait(GENEROUS_S)
            return super().reply(verb, args)

    release, in_session = threading.Event(), threading.Event()
    hog = SlowCaller(server.address, agi_env("42.1"), Caller(keys=["3"], source_ip="127.0.0.3"))
    worker = threading.Thread(target=hog.run)
    worker.start()
    try:
        assert in_session.wait(GENEROUS_S)
        second = simulate_call(server.address, "42.2", ["4"], source_ip="127.0.0.3")
        assert second.commands == [] and second.closed_by_server  # that peer is at its limit
        other = simulate_call(server.address, "42.3", ["4"], source_ip="127.0.0.4")
        assert other.commands[-1] == "HANGUP"
    finally:
        release.set()
        worker.join()
        server.stop(grace_s=2)
    assert server.stats.rejected == 1
    assert {r["call_id"] for r in store.rows.values()} == {"42.1", "42.3"}
