"""`sapa ARGS` run in this process (fast) in a clean working folder, and its one error line."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sapa.cli import main

Run = Callable[..., tuple[int, str, str]]


def in_process(work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """A runner of `sapa ARGS` in ``work`` with no SAPA_* variables but a database of its own there;
    it returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(work)
    for key in [k for k in os.environ if k.startswith("SAPA_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("SAPA_DATABASE_URL", f"sqlite:///{work / 'sapa.db'}")

    def call(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def one_error(result: tuple[int, str, str]) -> str:
    """The single `error: ...` line of a run that failed as a user error (exit 1, no traceback)."""
    code, _out, err = result
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert code == 1 and len(lines) == 1 and "Traceback" not in err, err
    return lines[0]
