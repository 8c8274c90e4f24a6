"""Errors of the evaluation service."""

from __future__ import annotations


class QaError(Exception):
    """Base class: a transcript that cannot be scored and stored, a script that cannot be used."""


class NoChecklist(QaError):
    """The script version has no ``checklist:`` section, so nothing can be scored against it."""
