"""Test recordings made with sox at test time (no binary files in git)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def make_wav(path: Path, seconds: float = 2.0) -> Path:
    """A small stereo WAV (left and right channels like agent and caller)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "8000",
            "-c",
            "2",
            "-b",
            "16",
            str(path),
            "synth",
            str(seconds),
            "sine",
            "440",
            "sine",
            "660",
        ],
        check=True,
    )
    return path
