"""The web UI's HTTP server: uvicorn with limits a public-facing service needs.

- X-Forwarded-For / X-Forwarded-Proto are trusted only from ``web.forwarded_allow_ips`` (default: nobody;
  uvicorn's own default trusts 127.0.0.1, which lets anything on the host, or a local proxy that passes the
  header on, choose its client address and walk past the per-address login throttle).
- A request's header block must arrive within ``web.header_timeout_s`` in total (not per read): a client
  trickling one byte at a time is dropped (slowloris).
- At most ``web.limit_concurrency`` connections and tasks (further requests get 503), idle keep-alive
  connections closed after ``web.keep_alive_timeout_s``, header blocks above ``web.max_header_bytes`` refused.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from web.config import WebConfig


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol with an overall deadline for each request's header block."""

    header_timeout_s = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: asyncio.TimerHandle | None = None
        self._arm_header_deadline()

    def _arm_header_deadline(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._header_deadline_passed)

    def _header_deadline_passed(self) -> None:
        self._header_timer = None
        waiting_for_head = self.cycle is None or self.cycle.response_complete
        if waiting_for_head and not self.transport.is_closing():
            self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():  # the next request on this connection gets its own deadline
            self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None
        super().connection_lost(exc)


def server_options(config: WebConfig) -> dict[str, Any]:
    """Keyword arguments for uvicorn.run / uvicorn.Config from the web section of config.yaml."""
    protocol = type(
        "SapaH11Protocol", (HeaderDeadlineProtocol,), {"header_timeout_s": config.header_timeout_s}
    )
    trusted = config.forwarded_allow_ips.strip()
    return {
        "http": protocol,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or "",
        "limit_concurrency": config.limit_concurrency,
        "timeout_keep_alive": config.keep_alive_timeout_s,
        "h11_max_incomplete_event_size": config.max_header_bytes,
        "server_header": False,
    }


def run_web(asgi: Any, config: WebConfig, host: str, port: int) -> None:
    uvicorn.run(asgi, host=host, port=port, log_level="info", **server_options(config))
