"""Applying journal batches to the database: in this process, or in a process of its own.

``Applier.write(batch)`` applies a batch in one transaction (step by step when the database refuses
one: bad steps go to ``rejected.jsonl``) and raises ``OperationalError``/``DBAPIError``/``StorageError``
when the database is locked, read-only or down (the writer retries the batch later).

``ProcessApplier`` does the same in a child process running at a lower CPU priority: the ORM work of a
burst (≈ 5 ms of CPU per survey) no longer shares the GIL with the session threads, so no caller
waits for a thread that is building SQL (issue 14: burst of 500 on SQLite). Batches go over a pipe;
the child answers ``ok`` or ``retry``; a child that dies is started again and its batch retried.
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import multiprocessing as mp
import os
import signal
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ivr.survey.apply import apply_step
from ivr.survey.journal import Entry
from storage.db import unit_of_work
from storage.exceptions import StorageError
from storage.repositories.surveys import SurveyRepository

log = logging.getLogger(__name__)

SEEN_MAX = 1_000_000
DUPLICATES = "duplicates.jsonl"
DUPLICATE_REASON = "the call already has a survey from another session"
CHILD_NICE = 10  # the session threads' process gets the CPU first; the journal holds what waits


class Applier:
    def __init__(self, sessions: sessionmaker[Session], rejected_path: Path) -> None:
        self.sessions, self.rejected_path = sessions, rejected_path
        self.duplicates_path = rejected_path.with_name(DUPLICATES)
        self._known: dict[tuple[str, str], int] = {}  # (call id, started_at) → survey row id

    def write(self, batch: list[Entry]) -> None:
        """All of ``batch`` in one transaction; on a data error, step by step (bad ones set aside)."""
        try:
            learned: dict[tuple[str, str], int] = {}
            duplicates: list[Entry] = []
            with unit_of_work(self.sessions) as session:
                for entry in batch:
                    known = collections.ChainMap(learned, self._known)
                    if not apply_step(SurveyRepository(session), entry, known, learned):
                        duplicates.append(entry)
            self._learn(learned)
            self._duplicates(duplicates)
            return
        except (OperationalError, StorageError):
            raise  # locked / read-only / down: retry the whole batch later
        except (SQLAlchemyError, ValueError, KeyError, TypeError) as exc:
            if transient(exc):
                raise
            log.warning("survey batch of %d refused (%s); writing step by step", len(batch), reason(exc))
        for entry in batch:
            try:
                self._write_one(entry)
            except IntegrityError:  # another server created the call or its row meanwhile: look again
                try:
                    self._write_one(entry)
                except (SQLAlchemyError, ValueError, KeyError, TypeError) as exc:
                    self._refused(entry, exc)
            except (SQLAlchemyError, ValueError, KeyError, TypeError) as exc:
                self._refused(entry, exc)

    def _write_one(self, entry: Entry) -> None:
        learned: dict[tuple[str, str], int] = {}
        with unit_of_work(self.sessions) as session:
            stored = apply_step(SurveyRepository(session), entry, self._known, learned)
        self._learn(learned)
        if not stored:
            self._duplicates([entry])

    def _refused(self, entry: Entry, exc: Exception) -> None:
        if isinstance(exc, OperationalError) or transient(exc):
            raise exc
        self._reject(entry, exc)

    def close(self) -> None:
        return None

    def _learn(self, learned: dict[tuple[str, str], int]) -> None:
        """Row ids of committed sessions: their later steps are one UPDATE, no look-up."""
        if len(self._known) > SEEN_MAX // 10:
            self._known.clear()
        self._known.update(learned)

    def _duplicates(self, entries: list[Entry]) -> None:
        """Steps of a second survey of a call whose one row another session (server) holds: kept, not
        stored. One warning per call; a journal replay may list a step again (same ``seq``)."""
        if not entries:
            return
        for call in dict.fromkeys(e["call"] for e in entries):
            log.warning(
                "call %s already has a survey from another session (another FastAGI server?); "
                "this session's steps kept in %s, not stored",
                call,
                self.duplicates_path,
            )
        lines = [json.dumps(e | {"duplicate": DUPLICATE_REASON}, ensure_ascii=False) for e in entries]
        _keep(self.duplicates_path, lines)

    def _reject(self, entry: Entry, exc: Exception) -> None:
        log.error(
            "survey step refused by the database, set aside in %s: %s (%s)",
            self.rejected_path,
            entry,
            reason(exc),
        )
        _keep(self.rejected_path, [json.dumps(entry | {"error": reason(exc)}, ensure_ascii=False)])


class ProcessApplier:
    """``Applier`` in a child process (same ``write``/``close``); the URL must name a shared database."""

    def __init__(self, url: str, rejected_path: Path) -> None:
        self.url, self.rejected_path = url, rejected_path
        self._conn: Connection | None = None
        self._proc: mp.process.BaseProcess | None = None
        self._closed = False
        self._start()  # now, not in the first burst: the child imports SQLAlchemy (~1 s of CPU)

    def write(self, batch: list[Entry]) -> None:
        if self._closed:  # never a new child after close(): the batch stays in the journal
            raise StorageError("survey writer process closed")
        if self._conn is None:
            self._start()
        assert self._conn is not None
        try:
            self._conn.send(batch)
            answer = self._conn.recv()
        except (EOFError, OSError) as exc:
            self._stop_child()
            raise StorageError(f"survey writer process ended ({exc or 'no answer'}); started again") from exc
        if answer[0] != "ok":
            raise StorageError(answer[1])

    def close(self) -> None:
        self._closed = True
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(None)
        self._stop_child()

    def _start(self) -> None:
        ctx = mp.get_context("spawn")  # no copy of the server's threads and sockets
        parent, child = ctx.Pipe()
        level = logging.getLogger().getEffectiveLevel()
        self._proc = ctx.Process(
            target=_child_main, args=(self.url, str(self.rejected_path), child, level), name="survey-writer"
        )
        self._proc.daemon = True
        self._proc.start()
        child.close()
        self._conn = parent

    def _stop_child(self) -> None:
        if self._proc is not None:
            self._proc.join(10)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._conn, self._proc = None, None


def _child_main(url: str, rejected_path: str, conn: Connection, level: int) -> None:
    from storage.db import make_engine, make_session_factory

    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Ctrl+C or a service stop signals the whole group: the server then finishes its batch and closes this
    # child itself (a parent that died ends the child by EOF on the pipe)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.nice(CHILD_NICE)
    engine = make_engine(url)
    applier = Applier(make_session_factory(engine), Path(rejected_path))
    try:
        while (batch := conn.recv()) is not None:
            try:
                applier.write(batch)
            except Exception as exc:  # the parent keeps the batch and retries it with back-off
                if not isinstance(exc, (OperationalError, DBAPIError, StorageError)):
                    log.exception("survey writer process: unexpected error")
                conn.send(("retry", reason(exc)))
            else:
                conn.send(("ok", ""))
    except (EOFError, KeyboardInterrupt):
        pass
    finally:
        engine.dispose()


def _keep(path: Path, lines: list[str]) -> None:
    """Append to a side file; on a full disk the lines go to the log instead (never an exception)."""
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write("".join(f"{line}\n" for line in lines))
    except OSError as exc:
        log.error("cannot write %s (%s); its lines: %s", path, exc.strerror or exc, lines)


def transient(exc: BaseException) -> bool:
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return (str(orig or exc).strip().splitlines() or [type(exc).__name__])[0]
