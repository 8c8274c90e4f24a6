"""Survey writes: journal first (ivr/survey/journal.py), then one writer thread applies them in batches.

A caller never waits on the database, nor on the disk: ``begin`` and ``record`` return once their step
is written to the local journal (a crash of the process cannot lose it; the syncer fsyncs it within one
group commit), ``finish`` (after the caller heard the last prompt) once it is fsync'ed. The writer
applies durable steps in journal order, up to ``max_batch`` per transaction, through an ``Applier``
(ivr/survey/applier.py) — in ``sapa agi`` one in a process of its own, so the ORM work never holds the
GIL the session threads need. While the database is locked, read-only or down, steps stay queued
(and on disk) and are retried with back-off; when it is back they are applied in order. Each step is
idempotent (it sets values, keyed by call id and the session's start time), so replaying the journal
after a crash or a restart stores every rating exactly once. A step the database refuses for good (bad
data) is moved to ``rejected.jsonl`` with the reason instead of blocking the ones behind it.
"""

from __future__ import annotations

import collections
import itertools
import json
import logging
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ivr.survey.applier import Applier, ProcessApplier, reason
from ivr.survey.identity import SurveyIdentity
from ivr.survey.journal import Entry, Journal, JournalError
from ivr.survey.store import Outcome
from storage.exceptions import StorageError

log = logging.getLogger(__name__)

WAIT_S = 60.0
RETRY_MIN_S, RETRY_MAX_S = 0.2, 5.0
COALESCE_S = 0.1  # the writer waits this long for more steps before a transaction (calls never wait)
SEEN_MAX = 1_000_000  # call ids remembered for refusing a second survey of the same call
RESTART_REASON = "server stopped during the survey"


class JournaledSurveyStore:
    RECOVERED_S = 30.0  # journal writes succeeding this long after a failure: "writable again"

    def __init__(
        self,
        sessions: sessionmaker[Session],
        journal_dir: Path,
        max_batch: int = 256,
        close_wait_s: float = 10.0,
        *,
        own_process: bool = False,
    ) -> None:
        self.sessions, self.max_batch, self.close_wait_s = sessions, max_batch, close_wait_s
        self._queue: collections.deque[Entry] = collections.deque()
        self._wake = threading.Condition()
        self._open: dict[int, tuple[str, str]] = {}  # token → (call id, started_at) of live sessions
        self._seen: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._tokens = itertools.count(1)
        self._lock = threading.Lock()
        self._stopping = False
        self._unjournaled = 0  # steps not journaled since the journal's disk became full
        self._last_failure = 0.0
        self.journal = Journal(journal_dir, self._enqueue)
        self.rejected_path = journal_dir / "rejected.jsonl"
        self.applier = _applier(sessions, self.rejected_path, own_process)
        self._recover()
        self._thread = threading.Thread(target=self._run, name="survey-writer", daemon=True)
        self._thread.start()

    # -- the handler's side (journal only, never the database) ------------------------------------
    def begin(self, identity: SurveyIdentity) -> int | None:
        with self._lock:
            if identity.call_id in self._seen:
                log.warning("second survey for call %s refused", identity.call_id)
                return None
            self._remember(identity.call_id)
            token = next(self._tokens)
            started = datetime.now(UTC).isoformat()
            self._open[token] = (identity.call_id, started)
        # written at once, fsync'ed by the syncer; the caller hears the intro without waiting for the disk
        self._append(
            {"op": "begin", "call": identity.call_id, "t": started, "fields": identity.call_fields()}, False
        )
        return token

    def record(self, response_id: int, rating: int, attempts: int) -> None:
        call, started = self._open[response_id]
        # written at once (safe from a crash of the process) and fsync'ed by the syncer within one fsync;
        # the caller does not wait for the disk before hearing the confirmation
        self._append(
            {"op": "record", "call": call, "t": started, "rating": rating, "attempts": attempts}, False
        )

    def answer(self, response_id: int, question_id: str, kind: str, value: int) -> None:
        """A survey-set answer (resolved, NPS), journaled like the rating."""
        call, started = self._open[response_id]
        step = {"question": question_id, "kind": kind, "value": value}
        self._append({"op": "answer", "call": call, "t": started} | step, False)

    def finish(self, response_id: int, outcome: Outcome) -> None:
        with self._lock:
            call, started = self._open.pop(response_id)
        step = {"status": outcome.status, "rating": outcome.rating, "attempts": outcome.attempts}
        step |= {"comment_path": outcome.comment_path, "skip_reason": outcome.skip_reason}
        self._append({"op": "finish", "call": call, "t": started, "at": datetime.now(UTC).isoformat()} | step)

    def sync(self, timeout_s: float = WAIT_S) -> bool:
        """Wait until the database has every journaled step (tests, bench, shutdown)."""
        deadline = time.monotonic() + timeout_s
        self.journal.flush()
        while time.monotonic() < deadline:
            with self._wake:
                queued = bool(self._queue)  # steps kept in memory only (full disk) have no seq
            if not queued and self.journal.applied >= self.journal.last_seq:
                return True
            time.sleep(0.02)
        return False

    def close(self) -> None:
        """Apply what is queued (up to ``close_wait_s``), then stop; the rest waits in the journal."""
        if not self.sync(self.close_wait_s):
            left = self.journal.last_seq - self.journal.applied
            log.warning(
                "survey writer stopped with %d steps not yet in the database (kept in the journal)", left
            )
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._thread.join(WAIT_S)
        self.applier.close()
        with self._wake:
            memory_only = [e for e in self._queue if not e.get("seq")]
        if memory_only:  # the journal's disk was full and the database is away: say every step in full
            log.error(
                "survey writer stopped with %d steps in neither the journal (disk full) nor the database: %s",
                len(memory_only),
                json.dumps(memory_only, ensure_ascii=False, default=str),
            )
        self.journal.close()

    def _append(self, op: Entry, wait: bool = True) -> None:
        try:
            self.journal.append(op, wait=wait)
        except OSError as exc:  # disk full: the caller goes on, the step goes to the database from memory
            self._journal_failed(exc)
            self.journal.flush()  # this session's journaled steps reach the writer first (keeps order)
            self._enqueue([{"seq": 0, **op}])
            return
        if self._unjournaled:
            self._journal_ok()

    def _journal_failed(self, exc: OSError) -> None:
        """One line when the journal's disk fills up (not one per step, nor one per flap of a disk at
        its last bytes); one more once writes succeed for ``RECOVERED_S`` in a row."""
        with self._lock:
            self._unjournaled += 1
            self._last_failure = time.monotonic()
            first = self._unjournaled == 1
        if first:
            log.error(
                "survey journal %s cannot be written (%s): survey steps go to the database from "
                "memory only until it can (a crash now would lose them)",
                self.journal.path,
                exc.strerror or exc,
            )

    def _journal_ok(self) -> None:
        with self._lock:
            if not self._unjournaled or time.monotonic() - self._last_failure < self.RECOVERED_S:
                return
            missed, self._unjournaled = self._unjournaled, 0
        log.warning("survey journal writable again; %d steps were kept in memory only", missed)

    def _remember(self, call_id: str) -> None:
        self._seen[call_id] = None
        if len(self._seen) > SEEN_MAX:
            self._seen.popitem(last=False)

    def _recover(self) -> None:
        """At start: steps not yet applied are queued again; sessions the last run left open are closed."""
        begun: dict[tuple[str, str], bool] = {}
        for entry in self.journal.entries:
            self._remember(entry["call"])
            key = (entry["call"], entry["t"])
            if entry["op"] == "begin":
                begun[key] = True
            elif entry["op"] == "finish":
                begun.pop(key, None)
        backlog = [e for e in self.journal.entries if e["seq"] > self.journal.applied]
        self._enqueue(backlog)
        for call, started in begun:
            log.warning("survey of call %s was cut by a restart; closing its row", call)
            end = {"status": "error", "rating": None, "attempts": None, "comment_path": None}
            self._append(
                {"op": "finish", "call": call, "t": started, "at": datetime.now(UTC).isoformat()}
                | end
                | {"skip_reason": RESTART_REASON}
            )
        if backlog or begun:
            log.info("survey journal: %d steps to apply, %d open sessions closed", len(backlog), len(begun))

    # -- writer thread -----------------------------------------------------------------------------
    def _enqueue(self, entries: list[Entry]) -> None:
        with self._wake:
            self._queue.extend(entries)
            self._wake.notify()

    def _run(self) -> None:
        delay, failing = RETRY_MIN_S, False
        while True:
            with self._wake:
                while not self._queue and not self._stopping:
                    self._wake.wait()
                if self._stopping and (failing or not self._queue):
                    return
                coalesce = len(self._queue) < self.max_batch and not self._stopping
            if coalesce:
                time.sleep(COALESCE_S)  # gather more steps: fewer, larger transactions
            with self._wake:
                batch = list(itertools.islice(self._queue, self.max_batch))
            try:
                self.applier.write(batch)
            except (OperationalError, DBAPIError, StorageError) as exc:
                if not failing:
                    log.error("database unavailable for survey writes (%s); kept in the journal", reason(exc))
                failing = True
                with self._wake:
                    self._wake.wait(delay)
                delay = min(delay * 2, RETRY_MAX_S)
                continue
            if failing:
                log.warning("database back: survey writes applied again")
            delay, failing = RETRY_MIN_S, False
            with self._wake:
                for _ in batch:
                    self._queue.popleft()
            durable = [e["seq"] for e in batch if e["seq"]]
            if durable:
                self.journal.mark_applied(max(durable))


def _applier(sessions: sessionmaker[Session], rejected: Path, own_process: bool) -> Applier | ProcessApplier:
    """The database work in a process of its own (``sapa agi``), unless the database lives in memory."""
    bind = sessions.kw.get("bind")
    url = getattr(bind, "url", None)
    if own_process and url is not None and url.database not in (None, "", ":memory:"):
        return ProcessApplier(url.render_as_string(hide_password=False), rejected)
    return Applier(sessions, rejected)


def check_writable(sessions: sessionmaker[Session]) -> None:
    """Fail with one clear line when the database cannot take a write (read-only file, no rights)."""
    session = sessions()
    try:
        session.execute(text("UPDATE alembic_version SET version_num = version_num"))
    except SQLAlchemyError as exc:
        raise JournalError(f"the database cannot be written: {reason(exc)}") from exc
    finally:
        session.rollback()
        session.close()
