"""Threaded FastAGI server: an accept loop, one thread per session (bounded), graceful stop.

Each session wraps the socket's file objects in ``SapaAGI`` (pyst2's AGI), resolves the route of the
request and runs that route's handler. One failing session never affects another.
Peers outside the allow-list are closed at once; a header must be complete within ``header_timeout_s``
overall (not per read), and half-open headers live in a small pool of their own (ivr/agi/peers.py), so
only complete requests take one of the ``max_sessions`` slots.
"""

from __future__ import annotations

import contextlib
import io
import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ivr.agi.channel import SapaAGI
from ivr.agi.header import MAX_HEADER_BYTES, Prefixed, header_ends, header_incomplete
from ivr.agi.peers import LOOPBACK, IpNetwork, PendingHeaders, is_allowed, parse_allow_list
from ivr.agi.request import AgiRequest, request_from_env
from ivr.agi.workers import SessionWorkers
from ivr.exceptions import AgiDisconnected, AgiHangup, AgiProtocolError, IvrError

log = logging.getLogger(__name__)

SWEEP_S = 0.2  # how often the header deadline is checked
SLOT_WAIT_S = 5.0  # a complete header waits this long for a free session slot
LOG_FIRST, LOG_EVERY = 20, 100  # refused peers: log the first ones, then every 100th


class Handler(Protocol):
    def execute(self) -> None: ...


HandlerFactory = Callable[[SapaAGI, AgiRequest], Handler]


@dataclass
class RouteTable:
    """Route name → handler factory; a route ending in ``/`` matches every path below it."""

    routes: dict[str, HandlerFactory] = field(default_factory=dict)

    def add(self, route: str, factory: HandlerFactory) -> None:
        if route in self.routes:  # a second handler would silently replace the first
            raise IvrError(f"AGI route {route!r} is already registered")
        self.routes[route] = factory

    def resolve(self, route: str) -> HandlerFactory | None:
        if route in self.routes:
            return self.routes[route]
        prefixes = [r for r in self.routes if r.endswith("/") and route.startswith(r) and route != r]
        return self.routes[max(prefixes, key=len)] if prefixes else None


@dataclass
class ServerStats:
    """Counters of the server's life, logged at stop and every ``STATS_EVERY_S`` while busy."""

    accepted: int = 0
    finished: int = 0
    failed: int = 0
    rejected: int = 0  # header complete, but no session slot (server or peer at its limit)
    refused: int = 0  # peer not in ivr.agi_allow: closed before a byte was read or written
    dropped_headers: int = 0  # header too slow (overall deadline) or evicted to make room

    def line(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in vars(self).items())


@dataclass(frozen=True)
class PeerPolicy:
    """Who may connect and how much of the server one peer may hold (see ivr/agi/peers.py)."""

    allow: tuple[IpNetwork, ...] = field(default_factory=lambda: parse_allow_list(LOOPBACK))
    max_sessions_per_peer: int = 1000
    max_pending_headers: int = 64
    max_pending_per_peer: int = 16


class AgiServer:
    """``start()`` binds and returns at once; ``stop()`` lets sessions in flight finish first."""

    def __init__(
        self,
        routes: RouteTable,
        host: str = "127.0.0.1",
        port: int = 4573,
        *,
        header_timeout_s: float = 5.0,
        reply_timeout_s: float = 300.0,
        max_sessions: int = 1000,
        policy: PeerPolicy | None = None,
        ready_threads: int | None = None,
    ) -> None:
        self.routes, self.host, self.port = routes, host, port
        self.header_timeout_s, self.reply_timeout_s = header_timeout_s, reply_timeout_s
        self.policy = policy or PeerPolicy()
        self._slots = threading.BoundedSemaphore(max_sessions)
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._sessions: dict[int, socket.socket] = {}
        self._pending = PendingHeaders(self.policy.max_pending_headers, self.policy.max_pending_per_peer)
        self._per_peer: Counter[str] = Counter()
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self.stats = ServerStats()
        # one thread per connection (session or pending header), started ahead of the calls
        limit = max_sessions + self.policy.max_pending_headers
        self._workers = SessionWorkers(
            self._run_session, limit if ready_threads is None else ready_threads, limit
        )
        self.on_stop: list[Callable[[], None]] = []  # run after the last session (e.g. flush writers)
        self.on_sync: list[Callable[[], object]] = []  # wait until results are stored (tests, bench)

    @property
    def address(self) -> tuple[str, int]:
        assert self._listener is not None, "server not started"
        host, port = self._listener.getsockname()[:2]
        return str(host), int(port)

    @property
    def active(self) -> int:
        with self._lock:
            return len(self._sessions)

    def start(self) -> tuple[str, int]:
        try:
            listener = socket.create_server((self.host, self.port), backlog=1024, reuse_port=False)
        except OSError as exc:
            raise IvrError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from exc
        listener.settimeout(SWEEP_S)
        self._listener = listener
        self._workers.start()
        self._acceptor = threading.Thread(target=self._accept_loop, name="agi-accept", daemon=True)
        self._acceptor.start()
        allowed = ", ".join(str(n) for n in self.policy.allow)
        log.info("FastAGI server listening on %s:%s (peers allowed: %s)", *self.address, allowed)
        return self.address

    def serve_forever(self) -> None:
        """Start and block until ``request_stop()`` (another thread, a signal handler) or Ctrl+C."""
        self.start()
        try:
            self.wait()
        finally:
            self.stop()

    def wait(self) -> None:
        """Block until ``request_stop()``; Ctrl+C still interrupts (short waits)."""
        while not self._stopping.wait(0.5):
            pass

    def request_stop(self) -> None:
        """Ask ``wait()`` to return; safe from a signal handler (the caller then runs ``stop()``)."""
        self._stopping.set()

    def sync(self) -> None:
        """Wait until what the finished sessions wrote is stored (the ``on_sync`` hooks)."""
        for hook in self.on_sync:
            hook()

    def stop(self, grace_s: float = 10.0) -> None:
        """Stop accepting, wait up to ``grace_s`` for sessions in flight, then cut the rest."""
        self._stopping.set()
        if self._listener is not None:
            _shutdown(self._listener)  # wakes the blocked accept()
        if self._acceptor is not None and self._acceptor is not threading.current_thread():
            self._acceptor.join()
        deadline = time.monotonic() + grace_s
        while self.active and time.monotonic() < deadline:
            time.sleep(0.05)
        with self._lock:
            leftovers = list(self._sessions.values())
        for sock in leftovers:
            log.warning("cutting AGI session still running after %.1f s", grace_s)
            _shutdown(sock)
        self._workers.stop()
        for hook in self.on_stop:
            hook()
        log.info("FastAGI server stopped: %s", self.stats.line())

    # -- accepting ---------------------------------------------------------------------------------
    def _accept_loop(self) -> None:
        assert self._listener is not None
        swept = time.monotonic()
        with self._listener:
            while not self._stopping.is_set():
                if time.monotonic() - swept >= SWEEP_S:
                    self._sweep()
                    swept = time.monotonic()
                try:
                    conn, peer = self._listener.accept()
                except OSError:  # timeout, or the listener shut down by stop()
                    continue
                self._admit(conn, str(peer[0]))

    def _admit(self, conn: socket.socket, peer: str) -> None:
        if not is_allowed(peer, self.policy.allow):
            with self._lock:
                self.stats.refused += 1
                refused = self.stats.refused
            if refused <= LOG_FIRST or refused % LOG_EVERY == 0:
                log.warning(
                    "refused AGI connection from %s: not in ivr.agi_allow (%d refused)", peer, refused
                )
            _close(conn)
            return
        with self._lock:
            self.stats.accepted += 1
            self._sessions[id(conn)] = conn
            victims = self._pending.add(conn, peer, header_incomplete)
            self.stats.dropped_headers += len(victims)
        for victim in victims:
            log.info("dropped slow AGI header from %s to make room", victim.peer)
            _shutdown(victim.sock)
        self._workers.submit(conn, peer)  # never waits for a thread to start (ivr/agi/workers.py)

    def _sweep(self) -> None:
        """Overall header deadline: a header not complete after ``header_timeout_s`` is dropped."""
        with self._lock:
            late = self._pending.expired(self.header_timeout_s) + self._pending.trim(header_incomplete)
            self.stats.dropped_headers += len(late)
        for pending in late:
            log.info(
                "dropped AGI connection from %s: header not complete in %.1f s (or over the limits)",
                pending.peer,
                self.header_timeout_s,
            )
            _shutdown(pending.sock)

    # -- one session -------------------------------------------------------------------------------
    def _run_session(self, conn: socket.socket, peer: str) -> None:
        ok = False
        try:
            ok = self._serve(conn, peer)
        except Exception:  # a bug in one handler must not take the server down
            log.exception("AGI session crashed")
        finally:
            _close(conn)
            with self._lock:
                self._pending.remove(conn)
                self._sessions.pop(id(conn), None)
                self.stats.finished += 1
                self.stats.failed += 0 if ok else 1

    def _serve(self, conn: socket.socket, peer: str) -> bool:
        # Blocking while the header comes: the sweep enforces the overall deadline (shutdown wakes the
        # read), and header_incomplete() can peek at a pending socket without waiting.
        conn.settimeout(None)
        try:
            received = self._read_header(conn)
        except (AgiProtocolError, AgiDisconnected, OSError) as exc:
            log.info("dropped AGI connection from %s: incomplete header: %s", peer, exc)
            return False
        if received is None:
            return False  # dropped by the sweep or evicted
        with io.BufferedReader(Prefixed(received, conn)) as rfile, conn.makefile("wb") as wfile:
            try:
                agi = SapaAGI(rfile, wfile)
            except (AgiProtocolError, AgiDisconnected) as exc:
                log.info("dropped AGI connection from %s: bad header: %s", peer, exc)
                return False
            if not self._take_slot(peer):
                return False
            try:
                conn.settimeout(self.reply_timeout_s)
                return self._dispatch(agi, request_from_env(agi.env))
            finally:
                self._give_slot(peer)

    def _read_header(self, conn: socket.socket) -> bytes | None:
        """Bytes up to the blank line ending the header; None when the pool dropped the connection.

        The end of the header is only *peeked* until this thread has left the pending pool, so the
        accept thread (which peeks too before dropping anyone) never mistakes it for a trickle."""
        received = b""
        while True:
            data = conn.recv(MAX_HEADER_BYTES, socket.MSG_PEEK)  # blocks; the sweep's shutdown wakes it
            if not data:
                raise AgiDisconnected("closed before the end of the header")
            if header_ends(received[-2:], data):
                with self._lock:
                    if not self._pending.remove(conn):
                        return None
                return received + conn.recv(len(data))
            received += conn.recv(len(data))
            with self._lock:
                pending = self._pending.items.get(id(conn))
                if pending is not None:
                    pending.tail = received[-2:]
            if len(received) > MAX_HEADER_BYTES:
                raise AgiProtocolError(f"header longer than {MAX_HEADER_BYTES} bytes")

    def _take_slot(self, peer: str) -> bool:
        with self._lock:
            over = self._per_peer[peer] >= self.policy.max_sessions_per_peer
            if not over:
                self._per_peer[peer] += 1
        if not over and self._slots.acquire(timeout=SLOT_WAIT_S):
            return True
        if not over:
            with self._lock:
                self._per_peer[peer] -= 1
        with self._lock:
            self.stats.rejected += 1
        log.warning("AGI session from %s rejected: %s", peer, "peer limit" if over else "all slots busy")
        return False

    def _give_slot(self, peer: str) -> None:
        self._slots.release()
        with self._lock:
            self._per_peer[peer] -= 1
            if self._per_peer[peer] <= 0:
                del self._per_peer[peer]

    def _dispatch(self, agi: SapaAGI, request: AgiRequest) -> bool:
        factory = self.routes.resolve(request.route)
        if factory is None:
            log.warning("no AGI route %r (uniqueid %s)", request.route, request.uniqueid)
            return False
        try:
            factory(agi, request).execute()
        except AgiHangup as exc:
            log.info("AGI %s %s: caller gone: %s", request.route, request.uniqueid, exc)
        except IvrError as exc:
            log.warning("AGI %s %s failed: %s", request.route, request.uniqueid, exc)
            return False
        return True


def _close(sock: socket.socket) -> None:
    _shutdown(sock)
    sock.close()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
