"""Issue 14: the survey journal's disk fills up — for real, on a small tmpfs (root only; skipped loudly
elsewhere). The caller still hears the survey, every rating reaches the database, nothing already
journaled is lost or torn, the log says it once, and `sapa agi` refuses to start on the full disk."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ivr.survey.journal import read_entries
from ivr.survey.writer import JournaledSurveyStore
from tests.ivr.conftest import ivr_config, start_server, wait_idle
from tests.ivr.test_survey_faults import run_calls, sapa_agi, sqlite_sessions, stored
from tests.tmpfs import small_tmpfs

__all__ = ["sqlite_sessions"]  # the fixture, shared with the fault tests

GENEROUS_S = 120.0
FULL = "cannot be written"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs of its own (needs root: mount)."""
    with small_tmpfs(tmp_path / "small", "2m") as mount:
        yield mount


def fill(folder: Path) -> Path:
    """Take every byte left on the file system of ``folder``."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 512, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler


def test_full_journal_disk_caller_still_rated_nothing_lost_one_line(
    small_disk: Path, sqlite_sessions: tuple[str, object], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db, sessions = sqlite_sessions
    journal = small_disk / "journal"
    store = JournaledSurveyStore(sessions, journal, close_wait_s=GENEROUS_S)  # type: ignore[arg-type]
    server = start_server(ivr_config(tmp_path), store, sessions)
    server.on_stop.append(store.close)
    try:
        expected = run_calls(server.address, "73", 5)
        assert store.sync(GENEROUS_S)
        before = (journal / "journal.jsonl").read_bytes()
        filler = fill(small_disk)
        with caplog.at_level(logging.INFO):
            expected |= run_calls(server.address, "74", 12)  # offered, key taken, thanks heard
            wait_idle(server, GENEROUS_S)
            assert store.sync(GENEROUS_S)
        full_lines = [r for r in caplog.records if FULL in r.getMessage()]
        assert len(full_lines) == 1 and full_lines[0].levelno == logging.ERROR  # said once, clearly
        assert "No space left on device" in full_lines[0].getMessage()
        assert stored(sessions) == {call: (rating, "completed", True) for call, rating in expected.items()}
        kept = (journal / "journal.jsonl").read_bytes()
        assert kept.startswith(before)  # nothing journaled before the disk filled is lost ...
        entries, intact = read_entries(journal / "journal.jsonl")
        assert intact == len(kept)  # ... and no torn line was left for a replay to stop at
        assert {e["call"] for e in entries} >= {f"73.{n}" for n in range(5)}

        refused = sapa_agi(f"sqlite:///{db}", tmp_path, SAPA_IVR_JOURNAL_DIR=str(journal))
        assert refused.returncode != 0 and "Traceback" not in refused.stderr, refused.stderr
        last = refused.stderr.strip().splitlines()[-1]
        assert "survey journal" in last and ("disk full" in last or "No space left" in last), last

        filler.unlink()  # space again: journaled again, said once
        store.RECOVERED_S = 0.0
        caplog.clear()
        with caplog.at_level(logging.INFO):
            expected |= run_calls(server.address, "75", 3)
            wait_idle(server, GENEROUS_S)
            assert store.sync(GENEROUS_S)
        assert [r for r in caplog.records if "writable again" in r.getMessage()]
        entries, _ = read_entries(journal / "journal.jsonl")
        assert {f"75.{n}" for n in range(3)} <= {e["call"] for e in entries}
    finally:
        server.stop(grace_s=5)
    assert stored(sessions) == {call: (rating, "completed", True) for call, rating in expected.items()}
