"""Threaded FastAGI server: an accept loop, one thread per session (bounded), graceful stop.

Each session wraps the socket's file objects in ``SapaAGI`` (pyst2's AGI), resolves the route of the
request and runs that route's handler. One failing session never affects another.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ivr.agi.channel import SapaAGI
from ivr.agi.request import AgiRequest, request_from_env
from ivr.exceptions import AgiDisconnected, AgiHangup, AgiProtocolError, IvrError

log = logging.getLogger(__name__)


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
    accepted: int = 0
    finished: int = 0
    failed: int = 0
    rejected: int = 0


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
    ) -> None:
        self.routes, self.host, self.port = routes, host, port
        self.header_timeout_s, self.reply_timeout_s = header_timeout_s, reply_timeout_s
        self._slots = threading.BoundedSemaphore(max_sessions)
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._sessions: dict[int, socket.socket] = {}
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self.stats = ServerStats()
        self.on_stop: list[Callable[[], None]] = []  # run after the last session (e.g. flush writers)

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
        listener.settimeout(1.0)
        self._listener = listener
        self._acceptor = threading.Thread(target=self._accept_loop, name="agi-accept", daemon=True)
        self._acceptor.start()
        log.info("FastAGI server listening on %s:%s", *self.address)
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
        for hook in self.on_stop:
            hook()
        log.info("FastAGI server stopped (%s sessions served)", self.stats.finished)

    def _accept_loop(self) -> None:
        assert self._listener is not None
        with self._listener:
            while not self._stopping.is_set():
                if not self._slots.acquire(timeout=0.2):
                    continue
                try:
                    conn, _peer = self._listener.accept()
                except OSError:  # timeout, or the listener shut down by stop()
                    self._slots.release()
                    continue
                self._begin(conn)

    def _begin(self, conn: socket.socket) -> None:
        with self._lock:
            self.stats.accepted += 1
            self._sessions[id(conn)] = conn
        threading.Thread(target=self._run_session, args=(conn,), name="agi-session", daemon=True).start()

    def _run_session(self, conn: socket.socket) -> None:
        ok = False
        try:
            ok = self._serve(conn)
        except Exception:  # a bug in one handler must not take the server down
            log.exception("AGI session crashed")
        finally:
            _shutdown(conn)
            conn.close()
            with self._lock:
                self._sessions.pop(id(conn), None)
                self.stats.finished += 1
                self.stats.failed += 0 if ok else 1
            self._slots.release()

    def _serve(self, conn: socket.socket) -> bool:
        conn.settimeout(self.header_timeout_s)
        with conn.makefile("rb") as rfile, conn.makefile("wb") as wfile:
            try:
                agi = SapaAGI(rfile, wfile)
            except (AgiProtocolError, AgiDisconnected) as exc:
                log.warning("dropped AGI connection: bad header: %s", exc)
                return False
            conn.settimeout(self.reply_timeout_s)
            return self._dispatch(agi, request_from_env(agi.env))

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


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
