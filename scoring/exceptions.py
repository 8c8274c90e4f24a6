"""Errors raised by the scoring package on purpose."""


class ScoringError(Exception):
    """Base class; the CLI prints it as one line, the web maps it to an HTTP status."""
