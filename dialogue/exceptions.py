"""Errors raised by the dialogue package on purpose."""


class DialogueError(Exception):
    """Base class; the CLI prints it as one line, the web maps it to an HTTP status."""
