"""Survey writes batched by one writer thread: many sessions, few transactions.

With hundreds of concurrent calls, one transaction per survey step made sessions queue for the SQLite
write lock (or the PostgreSQL pool) *between two AGI commands*, which the caller hears as dead air.
Here every step is queued; one thread applies up to ``max_batch`` steps per transaction. ``begin`` and
``finish`` wait for their commit (``finish`` runs after the caller was hung up); ``record`` does not.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from ivr.survey.identity import SurveyIdentity
from ivr.survey.store import DbSurveyStore, Outcome
from storage.db import unit_of_work
from storage.repositories.surveys import DuplicateSurvey, SurveyRepository

log = logging.getLogger(__name__)

Op = tuple[str, tuple[Any, ...], "Future[Any]"]
WAIT_S = 60.0


class BatchingSurveyStore:
    def __init__(self, sessions: sessionmaker[Session], max_batch: int = 256) -> None:
        self.single = DbSurveyStore(sessions)
        self.sessions, self.max_batch = sessions, max_batch
        self._queue: queue.Queue[Op | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def begin(self, identity: SurveyIdentity) -> int | None:
        result: int | None = self._submit("begin", identity).result(WAIT_S)
        return result

    def record(self, response_id: int, rating: int, attempts: int) -> None:
        self._submit("record", response_id, rating, attempts)

    def finish(self, response_id: int, outcome: Outcome) -> None:
        self._submit("finish", response_id, outcome).result(WAIT_S)

    def close(self) -> None:
        """Write what is queued, then stop the writer thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(WAIT_S)

    # -- writer thread -----------------------------------------------------------------------------
    def _submit(self, kind: str, *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="survey-writer", daemon=True)
                self._thread.start()
        self._queue.put((kind, args, future))
        return future

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    op = self._queue.get_nowait()
                except queue.Empty:
                    break
                if op is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(op)
            self._write(batch)

    def _write(self, batch: list[Op]) -> None:
        try:
            with unit_of_work(self.sessions) as session:
                results = [self._apply(SurveyRepository(session), kind, args) for kind, args, _f in batch]
        except Exception as exc:  # one bad step must not lose the others: retry them one by one
            log.warning("survey batch of %d failed (%s); writing one by one", len(batch), exc)
            for kind, args, future in batch:
                self._write_one(kind, args, future)
            return
        for (_kind, _args, future), result in zip(batch, results, strict=True):
            future.set_result(result)

    @staticmethod
    def _apply(repo: SurveyRepository, kind: str, args: tuple[Any, ...]) -> Any:
        if kind == "begin":
            identity: SurveyIdentity = args[0]
            try:
                return repo.begin(identity.call_id, **identity.call_fields()).id
            except DuplicateSurvey:
                return None
        if kind == "record":
            repo.record(*args)
            return None
        response_id, outcome = args
        repo.finish(
            response_id,
            outcome.status,
            rating=outcome.rating,
            attempts=outcome.attempts,
            comment_path=outcome.comment_path,
            skip_reason=outcome.skip_reason,
        )
        return None

    def _write_one(self, kind: str, args: tuple[Any, ...], future: Future[Any]) -> None:
        try:
            future.set_result(getattr(self.single, kind)(*args))
        except Exception as exc:
            log.error("survey %s %s not written: %s", kind, args[:1], exc)
            future.set_exception(exc)
