"""The post-call survey as an explicit, pure state machine (no I/O).

    INTRO/RETRY --1..5--> CONFIRM --(rating <= threshold)--> OFFER --1--> RECORD --> THANKS --> done
         |                   \\--(rating > threshold)---------------------------------^
         +-- invalid / silence: retry prompt, up to ``max_attempts`` --> GOODBYE --> done

A hang-up gives the final status ``abandoned`` (a rating already given is kept), except during the
closing prompt (thanks → ``completed``, goodbye → ``no_input``/``invalid``).
The handler executes the action the machine returns and feeds back what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ivr.config import SurveyConfig


class State(StrEnum):
    COLLECT = "collect"
    CONFIRM = "confirm"
    OFFER = "offer_comment"
    RECORD = "record_comment"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    DONE = "done"


class Status(StrEnum):
    """Final states, stored in survey_responses.status."""

    COMPLETED = "completed"
    NO_INPUT = "no_input"
    INVALID = "invalid"
    ABANDONED = "abandoned"
    SKIPPED = "skipped"
    ERROR = "error"


VALID_RATINGS = "12345"
COMMENT_KEY = "1"


# -- actions the handler executes ------------------------------------------------------------------
@dataclass(frozen=True)
class Collect:
    """Play ``prompt`` and wait for one key; a key pressed during the prompt counts (barge-in)."""

    prompt: str
    timeout_s: float


@dataclass(frozen=True)
class Play:
    prompt: str


@dataclass(frozen=True)
class Record:
    """Record a voice comment after ``prompt``; ``#`` ends it."""

    prompt: str
    max_s: int


@dataclass(frozen=True)
class Finish:
    """Hang up; the survey ended with ``status``."""

    status: Status


SurveyAction = Collect | Play | Record | Finish


# -- events the handler feeds back -----------------------------------------------------------------
@dataclass(frozen=True)
class Key:
    digit: str


@dataclass(frozen=True)
class Silence:
    pass


@dataclass(frozen=True)
class Played:
    pass


@dataclass(frozen=True)
class Recorded:
    path: str | None


@dataclass(frozen=True)
class HungUp:
    pass


SurveyEvent = Key | Silence | Played | Recorded | HungUp


class SurveyMachine:
    """``start()`` gives the first action; ``feed(event)`` the next one, until ``Finish``."""

    def __init__(self, config: SurveyConfig) -> None:
        self.config = config
        self.state = State.COLLECT
        self.rating: int | None = None
        self.attempts = 0
        self.comment_path: str | None = None
        self.status: Status | None = None
        self._last_failure = Status.NO_INPUT

    def start(self) -> SurveyAction:
        return Collect("intro", self.config.digit_timeout_s)

    def feed(self, event: SurveyEvent) -> SurveyAction:
        if self.state is State.DONE:
            raise RuntimeError("survey already finished")
        if isinstance(event, HungUp):
            return self._finish(self._status_on_hangup())
        step = {
            State.COLLECT: self._on_collect,
            State.CONFIRM: self._after_confirm,
            State.OFFER: self._on_offer,
            State.RECORD: self._on_recorded,
            State.THANKS: lambda _e: self._finish(Status.COMPLETED),
            State.GOODBYE: lambda _e: self._finish(self._last_failure),
        }[self.state]
        return step(event)

    def _on_collect(self, event: SurveyEvent) -> SurveyAction:
        self.attempts += 1
        if isinstance(event, Key) and event.digit in VALID_RATINGS and len(event.digit) == 1:
            self.rating = int(event.digit)
            self.state = State.CONFIRM
            return Play(f"confirm_{self.rating}")
        self._last_failure = Status.INVALID if isinstance(event, Key) else Status.NO_INPUT
        if self.attempts >= self.config.max_attempts:
            self.state = State.GOODBYE
            return Play("goodbye")
        prompt = "invalid" if self._last_failure is Status.INVALID else "no_input"
        return Collect(prompt, self.config.digit_timeout_s)

    def _after_confirm(self, _event: SurveyEvent) -> SurveyAction:
        assert self.rating is not None
        if self.rating <= self.config.comment_threshold:
            self.state = State.OFFER
            return Collect("comment_offer", self.config.digit_timeout_s)
        return self._thanks()

    def _on_offer(self, event: SurveyEvent) -> SurveyAction:
        if isinstance(event, Key) and event.digit == COMMENT_KEY:
            self.state = State.RECORD
            return Record("comment_record", self.config.comment_max_s)
        return self._thanks()

    def _on_recorded(self, event: SurveyEvent) -> SurveyAction:
        if isinstance(event, Recorded):
            self.comment_path = event.path
        return self._thanks()

    def _thanks(self) -> SurveyAction:
        self.state = State.THANKS
        return Play("thanks")

    def _status_on_hangup(self) -> Status:
        """Leaving during the closing prompt does not undo the result that prompt announces."""
        if self.state is State.THANKS:
            return Status.COMPLETED
        if self.state is State.GOODBYE:
            return self._last_failure
        return Status.ABANDONED

    def _finish(self, status: Status) -> Finish:
        self.state, self.status = State.DONE, status
        return Finish(status)
