"""Errors raised by the dialogue package on purpose."""

from __future__ import annotations

ErrorLocation = tuple[str, int, int, str]  # file, line, column, message


class DialogueError(Exception):
    """Base class; the CLI prints it as one line, the web maps it to an HTTP status."""


class ScriptValidationError(DialogueError):
    """A script failed validation. ``errors``: (file, line, column, message), in document order.

    ``str()`` gives one ``file:line:col: message`` per line.
    """

    def __init__(self, errors: list[ErrorLocation]) -> None:
        self.errors = sorted(errors, key=lambda error: (error[1], error[2]))
        super().__init__("\n".join(f"{f}:{line}:{col}: {msg}" for f, line, col, msg in self.errors))


class FlowError(DialogueError):
    """The flow interpreter was driven wrongly (an event after the end, an unexpected event)."""
