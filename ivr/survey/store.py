"""Where the survey handler keeps its results: the database (production) or memory (benchmarks)."""

from __future__ import annotations

import itertools
import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ivr.survey.identity import SurveyIdentity
from storage.db import unit_of_work
from storage.repositories.surveys import DuplicateSurvey, SurveyRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    status: str
    rating: int | None = None
    attempts: int = 0
    comment_path: str | None = None
    skip_reason: str | None = None


class SurveyStore(Protocol):
    def begin(self, identity: SurveyIdentity) -> int | None:
        """Claim the call's single survey; None when the call already has one (refused)."""

    def record(self, response_id: int, rating: int, attempts: int) -> None: ...

    def answer(self, response_id: int, question_id: str, kind: str, value: int) -> None:
        """A survey-set answer other than the CSAT rating, stored the moment it is given."""

    def finish(self, response_id: int, outcome: Outcome) -> None: ...


class DbSurveyStore:
    """One short unit of work per call of the handler."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def begin(self, identity: SurveyIdentity) -> int | None:
        for attempt in (1, 2):  # a concurrent session may create the same call row first
            try:
                with unit_of_work(self.sessions) as session:
                    return SurveyRepository(session).begin(identity.call_id, **identity.call_fields()).id
            except DuplicateSurvey:
                return None
            except IntegrityError:
                log.info("survey for call %s raced another session (try %s)", identity.call_id, attempt)
        log.warning("second survey for call %s refused (lost the race)", identity.call_id)
        return None

    def record(self, response_id: int, rating: int, attempts: int) -> None:
        with unit_of_work(self.sessions) as session:
            SurveyRepository(session).record(response_id, rating, attempts)

    def answer(self, response_id: int, question_id: str, kind: str, value: int) -> None:
        with unit_of_work(self.sessions) as session:
            SurveyRepository(session).answer(response_id, question_id, kind, value)

    def finish(self, response_id: int, outcome: Outcome) -> None:
        with unit_of_work(self.sessions) as session:
            SurveyRepository(session).finish(
                response_id,
                outcome.status,
                rating=outcome.rating,
                attempts=outcome.attempts,
                comment_path=outcome.comment_path,
                skip_reason=outcome.skip_reason,
            )


@dataclass
class MemorySurveyStore:
    """Same contract in memory (benchmarks, handler tests that are not about storage)."""

    rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    _by_call: dict[str, int] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def begin(self, identity: SurveyIdentity) -> int | None:
        with self._lock:
            if identity.call_id in self._by_call:
                log.warning("second survey for call %s refused", identity.call_id)
                return None
            response_id = next(self._ids)
            self._by_call[identity.call_id] = response_id
            self.rows[response_id] = {"call_id": identity.call_id, "status": "error", "rating": None}
            return response_id

    def record(self, response_id: int, rating: int, attempts: int) -> None:
        with self._lock:
            self.rows[response_id].update(rating=rating, attempts=attempts)

    def answer(self, response_id: int, question_id: str, kind: str, value: int) -> None:
        with self._lock:
            self.rows[response_id].setdefault("answers", {})[question_id] = (kind, value)

    def finish(self, response_id: int, outcome: Outcome) -> None:
        with self._lock:
            row = self.rows[response_id]
            row.update(status=outcome.status, attempts=outcome.attempts, skip_reason=outcome.skip_reason)
            row.update(comment_path=outcome.comment_path)
            if outcome.rating is not None:
                row["rating"] = outcome.rating
