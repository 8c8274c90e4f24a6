"""Errors raised by the web package on purpose."""


class WebError(Exception):
    """Base class; the CLI prints it as one line, the web maps it to an HTTP status."""
