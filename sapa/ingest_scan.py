"""Which files of a recordings folder `sapa ingest` may take now: inside the folder, completely written.

A symlink (or a path through a symlinked folder) that resolves outside the folder is refused: the folder is
the only place ingest reads. A recording still being written (its size or modification time changed less
than ``stable_s`` ago) waits for a later run; headerless formats such as GSM cannot tell their own end.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from asr.audio import AUDIO_SUFFIXES
from asr.redact_audio import is_redacted_copy

UNIQUEID = re.compile(r"\d{9,11}\.\d+")
MAX_CALL_KEY = 64  # calls.external_id


# MixMonitor's per-leg and mixed files while a call is recorded (docs/asterisk/extensions_sapa.conf), and
# files renamed into place when complete (.part) or hidden: never recordings to ingest.
TEMPORARY_NAME = re.compile(r"(-(caller|agent|mix)|\.part)$|^\.", re.IGNORECASE)
# A WAV Asterisk is still writing has a zero RIFF size (filled in on close); after this long it is
# ingested anyway (and fails with a clear reason) rather than ignored for ever.
OPEN_WAV_GRACE_S = 4 * 3600.0


def being_written(path: Path, now: float | None = None) -> bool:
    """True for a file a recorder is still writing: MixMonitor's temporary names, or a WAV whose header
    Asterisk has not completed yet (it writes the sizes when it closes the file)."""
    if TEMPORARY_NAME.search(path.stem):
        return True
    if path.suffix.lower() != ".wav":
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
        stat = path.stat()
    except OSError:
        return True  # vanished or unreadable right now: a later scan decides
    unclosed = head[:4] == b"RIFF" and head[8:12] == b"WAVE" and head[4:8] == b"\0\0\0\0"
    return unclosed and stat.st_size > 44 and (now or time.time()) - stat.st_mtime < OPEN_WAV_GRACE_S


@dataclass
class Scan:
    ready: list[Path] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)  # still being written
    refused: list[tuple[Path, str]] = field(default_factory=list)


def call_key(path: str | Path) -> str:
    """Asterisk uniqueid from a MixMonitor file name (``1700000000.42.wav``, ``in-...-1700000000.42.wav``).

    Other names give their stem, shortened with a hash suffix to fit ``calls.external_id`` (64 characters).
    """
    found = UNIQUEID.findall(Path(path).name)
    key = found[-1] if found else Path(path).stem
    if len(key) <= MAX_CALL_KEY:
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"{key[: MAX_CALL_KEY - len(digest) - 1]}~{digest}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def signature(path: Path) -> tuple[int, int]:
    """(size, mtime in ns): a file whose signature changed is still being written."""
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def _outside(path: Path, root: Path) -> str | None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # dangling link, loop
        return f"cannot resolve ({exc.__class__.__name__})"
    if target != root and root not in target.parents:
        return f"points outside {root} (to {target}); refused"
    return None


def scan(directory: str | Path, stable_s: float = 0.0, now: float | None = None) -> Scan:
    """Recordings under ``directory``, sorted: ready, still being written, refused (with the reason)."""
    root = Path(directory).resolve()
    now = time.time() if now is None else now
    found = Scan()
    for path in sorted(Path(directory).rglob("*")):
        if path.suffix.lower() not in AUDIO_SUFFIXES or is_redacted_copy(path):
            continue  # the redacted copy of a recording is not a new recording
        if TEMPORARY_NAME.search(path.stem):
            continue  # a recorder's temporary leg, never a recording of its own
        problem = _outside(path, root)
        if problem:
            found.refused.append((path, problem))
            continue
        if not path.is_file():
            continue
        try:
            mtime = path.stat().st_mtime
        except OSError as exc:
            found.refused.append((path, f"cannot read ({os.strerror(exc.errno or 0)})"))
            continue
        writing = now - mtime < stable_s or being_written(path, now)
        (found.waiting if writing else found.ready).append(path)
    return found


def recordings_in(directory: str | Path) -> list[Path]:
    """Every recording inside ``directory`` (no waiting for writers)."""
    return scan(directory).ready
