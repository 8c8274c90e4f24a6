"""Secrets, CSRF tokens, session fingerprints and login throttling (no I/O besides the secret file)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from web.exceptions import WebError

log = logging.getLogger(__name__)

SECRET_FILE = "web_secret.key"


def load_or_create_secret(configured: str, var_dir: Path) -> str:
    """The configured secret, else the one kept in ``var/web_secret.key`` (created 0600 on first start)."""
    if configured:
        return configured
    path = var_dir / SECRET_FILE
    if path.is_file():
        return _wait_for_secret(path)
    var_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker is creating it right now
        return _wait_for_secret(path)
    with os.fdopen(fd, "w") as fh:
        fh.write(secret + "\n")
    log.info("generated a new web secret in %s", path)
    return secret


def _wait_for_secret(path: Path) -> str:
    for _ in range(100):
        secret = path.read_text().strip()
        if secret:
            return secret
        time.sleep(0.02)
    raise WebError(f"{path} stays empty; delete it or set web.secret_key")


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def password_fingerprint(password_hash: str) -> str:
    """Kept in the session: changing the password (or the hash) logs every session out."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class LoginThrottle:
    """Counts failed logins per key (user name, client address) in a sliding window."""

    MAX_KEYS = 10_000

    def __init__(
        self, max_failures: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def retry_after(self, *keys: str) -> int:
        """Seconds until another attempt is allowed for any of ``keys`` (0 = allowed now)."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.max_failures:
                    wait = max(wait, self.window_s - (now - times[0]))
        return int(wait) + 1 if wait > 0 else 0

    def begin(self, *keys: str) -> int:
        """Check and reserve in one step: the attempt counts as failed until ``succeeded`` releases it.

        Checking first and counting after the (slow, argon2) verification let parallel guesses all
        pass the check; reserving under the lock lets at most ``max_failures`` through per window.
        Returns seconds to wait (nothing reserved) or 0 (reserved).
        """
        now = self.clock()
        with self._lock:
            recent = [self._recent(key, now) for key in keys]
            full = [times for times in recent if len(times) >= self.max_failures]
            if full:
                return int(max(self.window_s - (now - times[0]) for times in full)) + 1
            self._record(keys, now)
        return 0

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            self._record(keys, now)

    def _record(self, keys: tuple[str, ...], now: float) -> None:
        for key in keys:
            self._recent(key, now).append(now)
        if len(self._failures) > self.MAX_KEYS:  # many guessed names: forget the expired ones
            for key in [k for k, v in self._failures.items() if not v or now - v[-1] > self.window_s]:
                del self._failures[key]

    def succeeded(self, username_key: str, *reserved: str) -> None:
        """The user's failures are forgotten; other keys (the address) only lose this attempt's mark."""
        with self._lock:
            self._failures.pop(username_key, None)
            for key in reserved:
                times = self._failures.get(key)
                if times:
                    times.pop()
