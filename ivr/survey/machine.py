"""The post-call survey as an explicit, pure state machine (no I/O).

    Q1 --1..5--> CONFIRM --> Q2 ... Qn --(unhappy)--> OFFER --1--> RECORD --> THANKS --> done
     |                                  \\--(happy)--------------------------------^
     +-- invalid / silence: retry prompt, up to ``max_attempts`` --> GOODBYE --> done

The questions are a survey set (``Question``: csat 1-5, resolved 1 yes / 2 no, nps 0-10 with up to two
keys); the default set is one CSAT question with the built-in prompts (today's single rating). Only the
CSAT answer is confirmed ("you rated N"). A later question that gets no valid key after ``max_attempts``
is left unanswered and the survey goes on; the first one ends it with GOODBYE as before. The comment is
offered when the CSAT rating is <= ``comment_threshold`` or the caller said the issue was not resolved.

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
CSAT, RESOLVED, NPS = "csat", "resolved", "nps"
KINDS = (CSAT, RESOLVED, NPS)
RESOLVED_KEYS = {"1": 1, "2": 0}  # stored value: 1 = resolved, 0 = not resolved


@dataclass(frozen=True)
class Question:
    """One question of a survey set; prompts are names in ``namespace`` ("" = the built-in survey ones)."""

    id: str
    kind: str
    prompt: str = "intro"
    invalid_prompt: str = "invalid"
    no_input_prompt: str = "no_input"
    namespace: str = ""

    @property
    def max_digits(self) -> int:
        return 2 if self.kind == NPS else 1


DEFAULT_QUESTIONS = (Question("csat", CSAT),)


def parse_answer(kind: str, digits: str) -> int | None:
    """The value of the keys pressed for a question of ``kind``, or None when they are no answer.

    >>> [parse_answer("csat", d) for d in ("1", "5", "6", "45", "#")]
    [1, 5, None, None, None]
    >>> [parse_answer("resolved", d) for d in ("1", "2", "3")]
    [1, 0, None]
    >>> [parse_answer("nps", d) for d in ("0", "9", "10", "09", "11", "*", "")]
    [0, 9, 10, 9, None, None, None]
    """
    if kind == CSAT:
        return int(digits) if len(digits) == 1 and digits in VALID_RATINGS else None
    if kind == RESOLVED:
        return RESOLVED_KEYS.get(digits)
    if kind == NPS and 1 <= len(digits) <= 2 and digits.isdigit() and digits.isascii():
        return int(digits) if int(digits) <= 10 else None
    return None


# -- actions the handler executes ------------------------------------------------------------------
@dataclass(frozen=True)
class Collect:
    """Play ``prompt`` and wait for up to ``max_digits`` keys (``#`` ends early; the timeout also runs
    between keys); a key pressed during the prompt counts (barge-in)."""

    prompt: str
    timeout_s: float
    namespace: str = ""
    max_digits: int = 1


@dataclass(frozen=True)
class Play:
    prompt: str
    namespace: str = ""


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

    def __init__(self, config: SurveyConfig, questions: tuple[Question, ...] = DEFAULT_QUESTIONS) -> None:
        if not questions:
            raise ValueError("a survey needs at least one question")
        self.config, self.questions = config, questions
        self.state = State.COLLECT
        self.index = 0  # the current question
        self.rating: int | None = None
        self.answers: dict[str, int] = {}  # question id -> value, in the order given
        self.tries: dict[str, int] = {}  # question id -> key requests
        self.comment_path: str | None = None
        self.status: Status | None = None
        self._last_failure = Status.NO_INPUT

    @property
    def attempts(self) -> int:
        """Key requests of the CSAT question (else of the first one): survey_responses.attempts."""
        rated = next((q for q in self.questions if q.kind == CSAT), self.questions[0])
        return self.tries.get(rated.id, 0)

    @property
    def question(self) -> Question:
        return self.questions[self.index]

    def start(self) -> SurveyAction:
        return self._ask(self.question.prompt)

    def feed(self, event: SurveyEvent) -> SurveyAction:
        if self.state is State.DONE:
            raise RuntimeError("survey already finished")
        if isinstance(event, HungUp):
            return self._finish(self._status_on_hangup())
        step = {
            State.COLLECT: self._on_collect,
            State.CONFIRM: lambda _e: self._next_question(),
            State.OFFER: self._on_offer,
            State.RECORD: self._on_recorded,
            State.THANKS: lambda _e: self._finish(Status.COMPLETED),
            State.GOODBYE: lambda _e: self._finish(self._last_failure),
        }[self.state]
        return step(event)

    def _ask(self, prompt: str) -> Collect:
        q = self.question
        return Collect(prompt, self.config.digit_timeout_s, q.namespace, q.max_digits)

    def _on_collect(self, event: SurveyEvent) -> SurveyAction:
        q = self.question
        self.tries[q.id] = self.tries.get(q.id, 0) + 1
        value = parse_answer(q.kind, event.digit) if isinstance(event, Key) else None
        if value is not None:
            self.answers[q.id] = value
            if q.kind == CSAT:
                self.rating = value
                self.state = State.CONFIRM
                return Play(f"confirm_{value}")
            return self._next_question()
        self._last_failure = Status.INVALID if isinstance(event, Key) else Status.NO_INPUT
        if self.tries[q.id] >= self.config.max_attempts:
            if not self.answers:  # nothing answered yet: the caller is not taking part
                self.state = State.GOODBYE
                return Play("goodbye")
            return self._next_question()  # left unanswered; the answers given so far count
        return self._ask(q.invalid_prompt if self._last_failure is Status.INVALID else q.no_input_prompt)

    def _next_question(self) -> SurveyAction:
        if self.index + 1 < len(self.questions):
            self.index += 1
            self.state = State.COLLECT
            return self._ask(self.question.prompt)
        if self._unhappy():
            self.state = State.OFFER
            return Collect("comment_offer", self.config.digit_timeout_s)
        return self._thanks()

    def _unhappy(self) -> bool:
        low = self.rating is not None and self.rating <= self.config.comment_threshold
        not_resolved = any(q.kind == RESOLVED and self.answers.get(q.id) == 0 for q in self.questions)
        return low or not_resolved

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
