"""The durable local journal of survey writes: append-only JSON lines, fsync'ed before anyone relies on them.

Every survey step (begin, record, finish) is appended here first and applied to the database afterwards
by the writer (ivr/survey/writer.py), so a key the caller pressed survives a locked, read-only or
unreachable database and a crash of the process. A line is written at once (a crash of the process
cannot lose it) and a syncer thread fsyncs whatever was written as soon as the disk is free (continuous
group commit); ``finish`` waits for its fsync, begin and record do not, so a caller never waits for the
database and hardly ever for the disk. ``applied`` holds the last sequence
number the database has; on start everything after it is applied again (the steps are idempotent).
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ivr.exceptions import IvrError

log = logging.getLogger(__name__)

Entry = dict[str, Any]
JOURNAL, APPLIED = "journal.jsonl", "applied"
ROTATE_BYTES = 16 * 1024 * 1024
MIN_FREE_BYTES = 1024 * 1024  # `sapa agi` refuses to start with less (a survey step is ~300 bytes)


class JournalError(IvrError):
    """The journal folder cannot be written (``sapa agi`` refuses to start)."""


class Journal:
    """``append(op)`` returns once the line is on disk; ``on_durable`` gets the entries in order."""

    def __init__(self, folder: Path, on_durable: Callable[[list[Entry]], None]) -> None:
        self.folder, self.on_durable = folder, on_durable
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.entries, good_bytes = read_entries(folder / JOURNAL)
            self._fd = os.open(folder / JOURNAL, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
            os.ftruncate(self._fd, good_bytes)  # a torn last line was never acknowledged to anyone
            self.applied = read_applied(folder)
            self._write_applied(self.applied)
            free = _free_bytes(folder)
        except OSError as exc:
            raise JournalError(f"survey journal {folder} is not writable: {exc.strerror or exc}") from exc
        if free < MIN_FREE_BYTES:
            os.close(self._fd)
            raise JournalError(
                f"survey journal {folder}: disk full ({free // 1024} KB free, at least "
                f"{MIN_FREE_BYTES // 1024 // 1024} MB needed)"
            )
        last = self.entries[-1]["seq"] if self.entries else 0
        self._seq = self._synced = max(last, self.applied)
        self._lock = threading.Lock()  # held only to number and write a line, never during an fsync
        self._applied_lock = threading.Lock()
        self._dirty = threading.Event()  # wakes the syncer (and only the syncer)
        self._batch = threading.Event()  # set when the lines written so far are fsync'ed
        self._unsynced: list[Entry] = []
        self._closed = False
        self._syncer = threading.Thread(target=self._sync_loop, name="survey-journal-sync", daemon=True)
        self._syncer.start()

    @property
    def path(self) -> Path:
        return self.folder / JOURNAL

    @property
    def last_seq(self) -> int:
        with self._lock:
            return self._seq

    def append(self, op: Entry, *, wait: bool = True) -> Entry:
        """Write ``op`` with the next sequence number and wait until it (and its batch) is fsync'ed.
        ``wait=False``: return once it is written (a crash of the process cannot lose it any more);
        the syncer thread fsyncs it right away, so only a power cut within that fsync could.

        Each waiter waits on the event of its own fsync batch: one fsync wakes exactly the appends it
        made durable (a shared condition woke all 500 callers of a burst on every append)."""
        with self._lock:
            entry = {"seq": self._seq + 1, **op}
            _write_line(self._fd, (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
            self._seq += 1
            self._unsynced.append(entry)
            batch = self._batch
        self._dirty.set()
        if wait:
            batch.wait()
        return entry

    def flush(self) -> None:
        """Make every line written so far durable (and hand it to the writer)."""
        with self._lock:
            if not self._unsynced:
                return
            batch = self._batch
        self._dirty.set()
        batch.wait()

    def _sync_loop(self) -> None:
        """Continuous group commit: whatever was written is fsync'ed as soon as the disk is free."""
        while True:
            self._dirty.wait(0.5)
            self._dirty.clear()
            with self._lock:
                if not self._unsynced:
                    if self._closed:
                        return
                    continue
                target, done, batch = self._seq, self._batch, self._unsynced
                self._unsynced, self._batch = [], threading.Event()
            try:
                os.fsync(self._fd)
            except OSError as exc:  # written but maybe not durable: the writer still applies it
                log.error(
                    "survey journal fsync failed (%s); %d steps may not survive a power cut",
                    exc,
                    len(batch),
                )
            with self._lock:
                self._synced = target
            self.on_durable(batch)  # only this thread calls it: the writer gets the steps in order
            done.set()

    def mark_applied(self, seq: int) -> None:
        """The database has every entry up to ``seq``; rotate the file when it is all applied and big."""
        with self._applied_lock:  # not the append lock: a slow rename must not hold up callers
            self.applied = max(self.applied, seq)
            try:
                self._write_applied(self.applied)
            except OSError as exc:  # disk full: a restart replays a little more (the steps are idempotent)
                log.debug("survey journal: applied mark not saved (%s)", exc)
                return
        with self._lock:
            if self.applied == self._seq and not self._unsynced and os.fstat(self._fd).st_size > ROTATE_BYTES:
                os.ftruncate(self._fd, 0)
                os.fsync(self._fd)
                log.info("survey journal rotated: all %d entries are in the database", self.applied)

    def close(self) -> None:
        self.flush()
        with self._lock:
            self._closed = True
        self._dirty.set()
        self._syncer.join()
        os.close(self._fd)

    def _write_applied(self, seq: int) -> None:
        tmp = self.folder / (APPLIED + ".tmp")
        tmp.write_text(f"{seq}\n", encoding="ascii")
        os.replace(tmp, self.folder / APPLIED)


def _write_line(fd: int, data: bytes) -> None:
    """Append one whole line or nothing: a short write (disk full) is cut off again, so no torn line
    ends up in the middle of the journal (replay stops at a torn line)."""
    start = os.lseek(fd, 0, os.SEEK_END)
    try:
        written = os.write(fd, data)
    except OSError:
        _cut(fd, start)
        raise
    if written != len(data):
        _cut(fd, start)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # a short write is a full disk


def _cut(fd: int, size: int) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, size)


def _free_bytes(folder: Path) -> int:
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize


def read_entries(path: Path) -> tuple[list[Entry], int]:
    """Entries of the journal file and the byte length of its intact part (a torn tail is dropped)."""
    if not path.exists():
        return [], 0
    entries: list[Entry] = []
    good = 0
    with path.open("rb") as fh:
        for raw in fh:
            try:
                entry = json.loads(raw)
                if not raw.endswith(b"\n") or not isinstance(entry, dict) or "seq" not in entry:
                    raise ValueError("incomplete line")
            except ValueError:
                log.warning("survey journal %s: torn last line dropped (%d bytes)", path, len(raw))
                break
            entries.append(entry)
            good += len(raw)
    return entries, good


def read_applied(folder: Path) -> int:
    try:
        return int((folder / APPLIED).read_text(encoding="ascii").strip() or 0)
    except FileNotFoundError:
        return 0
    except ValueError:
        log.warning("survey journal: unreadable %s; every entry is applied again", folder / APPLIED)
        return 0
