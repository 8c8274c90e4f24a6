"""Errors raised by the asr package on purpose."""


class AsrError(Exception):
    """Base class; the CLI prints it as one line, the web maps it to an HTTP status."""
