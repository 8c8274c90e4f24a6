"""Errors raised by the reports package on purpose."""


class ReportsError(Exception):
    """Base class; the CLI prints it as one line, the web maps it to an HTTP status."""
