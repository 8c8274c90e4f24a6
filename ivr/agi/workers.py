"""Session threads started ahead of time, so the accept loop hands a connection over without waiting.

``threading.Thread.start()`` returns only once the new thread has run, i.e. once it got the GIL: in a
burst of 500 callers the accept loop spent 0.8 s (2.3 s while the survey writer was busy) just starting
threads, and the last caller was accepted that late (bench/agi_load.py, issue 14). Here the threads
exist before the calls: ``submit`` puts the connection on a queue and returns at once; an idle thread
takes it. When fewer than ``RESERVE`` threads are idle, a spawner thread (not the accept loop) starts
more, up to ``limit``; beyond that a connection waits on the queue for a thread to finish (the header
deadline of the server still applies to it).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

RESERVE = 16  # idle threads kept ready after a burst grew the pool


class SessionWorkers:
    def __init__(self, run: Callable[..., None], ready: int, limit: int, name: str = "agi-session") -> None:
        self.run, self.limit, self.name = run, max(1, limit), name
        self.ready = max(1, min(ready, self.limit))
        self._queue: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._total = 0
        self._idle = 0  # threads not running a session, minus connections waiting on the queue
        self._grow = threading.Event()
        self._stopping = False
        self._spawner: threading.Thread | None = None

    @property
    def threads(self) -> int:
        with self._lock:
            return self._total

    def start(self) -> None:
        """Start ``ready`` threads now (about 16 KB of memory each) and the spawner."""
        for _ in range(self.ready):
            self._spawn()
        self._spawner = threading.Thread(target=self._spawn_loop, name=f"{self.name}-spawner", daemon=True)
        self._spawner.start()

    def submit(self, *item: Any) -> None:
        """Hand ``item`` to an idle thread (``run(*item)``); never waits."""
        with self._lock:
            self._idle -= 1
            short = self._idle < RESERVE and self._total < self.limit
        self._queue.put(item)
        if short:
            self._grow.set()

    def stop(self) -> None:
        """Let every thread end after its current session (the server waited for those already)."""
        with self._lock:
            self._stopping, total = True, self._total
        self._grow.set()
        for _ in range(total):
            self._queue.put(None)

    def _spawn(self) -> None:
        with self._lock:
            self._total += 1
            self._idle += 1
        threading.Thread(target=self._work, name=self.name, daemon=True).start()

    def _spawn_loop(self) -> None:
        while True:
            self._grow.wait()
            self._grow.clear()
            while True:
                with self._lock:
                    if self._stopping:
                        return
                    if self._idle >= RESERVE or self._total >= self.limit:
                        break
                self._spawn()

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            try:
                self.run(*item)
            except Exception:  # run() handles its own errors; this thread must outlive a bug in it
                log.exception("AGI session thread: unexpected error")
            finally:
                with self._lock:
                    self._idle += 1
