"""Security headers on every response (a pure ASGI middleware: file responses keep streaming)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"media-src 'self'; object-src 'none'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'",
    ),
]
NO_STORE = (b"cache-control", b"no-store")  # pages and files with personal data stay out of caches


HSTS = (b"strict-transport-security", b"max-age=31536000")


class SecurityHeaders:
    """``https=True`` (web.secure_cookies, i.e. served over TLS) adds HSTS: browsers stop trying http."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.fixed = [*HEADERS, HSTS] if https else list(HEADERS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        cacheable = [] if scope.get("path", "").startswith("/static/") else [NO_STORE]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in [*self.fixed, *cacheable] if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
