"""Errors raised by the web package on purpose; web/errors.py maps them to HTTP responses."""


def N_(message: str) -> str:
    return message


class WebError(Exception):
    """Base class; the CLI prints it as one line, the web maps it to an HTTP status.

    ``message`` is a msgid with ``%(name)s`` placeholders filled from ``params``: ``str(exc)`` is the
    English text (logs), web/errors.py shows ``message`` translated into the reader's language.
    """

    def __init__(self, message: str = "", **params: object) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


class LoginRequired(WebError):
    """No valid session: HTML pages redirect to /login."""


class Forbidden(WebError):
    """The user's role or scope does not allow this page or file (403)."""


class PageNotFound(WebError):
    """Nothing here (404)."""


class BadRequest(WebError):
    """A form or filter value is wrong (400); the message says which."""


class CsrfFailed(WebError):
    """A form arrived without the session's CSRF token (403)."""


class TooManyLogins(WebError):
    """Login throttled (429)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(N_("too many failed logins; try again in %(seconds)s s"), seconds=retry_after)
        self.retry_after = retry_after
