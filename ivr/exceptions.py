"""Errors raised by the ivr package on purpose."""


class IvrError(Exception):
    """Base class; the CLI prints it as one line, the web maps it to an HTTP status."""
