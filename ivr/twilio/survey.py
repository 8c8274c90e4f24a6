"""The survey over Twilio webhooks (pure): the same state machine, replayed from the events so far.

HTTP is stateless, so each action URL carries the survey so far (``rid``, ``lang``, ``ev=K9,S,K4,P``);
Twilio signs the whole URL, so the caller cannot change it. Each webhook replays the machine, feeds
the new event (``Digits`` of a Gather, or a finished Record) and renders TwiML up to the next input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from ivr.config import SurveyConfig
from ivr.exceptions import IvrError
from ivr.prompts import LANGUAGES
from ivr.survey.machine import (
    Collect,
    Finish,
    Key,
    Play,
    Played,
    Record,
    Recorded,
    Silence,
    Status,
    SurveyAction,
    SurveyEvent,
    SurveyMachine,
)
from ivr.twilio import twiml

_CODE = re.compile(r"^(K[0-9*#]|S|P|R)$")
MAX_EVENTS = 40
MAX_ID = 2**31 - 1  # ids are INTEGER columns: a larger one is no survey (and no database error)


@dataclass(frozen=True)
class TwilioState:
    response_id: int
    language: str
    events: tuple[str, ...] = ()

    def query(self) -> str:
        return urlencode({"rid": self.response_id, "lang": self.language, "ev": ",".join(self.events)})

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> TwilioState:
        """Parse and check the state of an action URL.

        >>> TwilioState.from_query({"rid": "7", "lang": "kk", "ev": "K9,S"})
        TwilioState(response_id=7, language='kk', events=('K9', 'S'))
        """
        codes = tuple(c for c in params.get("ev", "").split(",") if c)
        rid, lang = params.get("rid", ""), params.get("lang", "")
        if not rid.isdigit() or int(rid) > MAX_ID or lang not in LANGUAGES or len(codes) > MAX_EVENTS:
            raise IvrError("bad survey state in the webhook URL")
        if not all(_CODE.match(code) for code in codes):
            raise IvrError("bad survey event in the webhook URL")
        return cls(int(rid), lang, codes)


def event_code(event: SurveyEvent) -> str:
    if isinstance(event, Key):
        return "K" + event.digit[:1]
    return {Silence: "S", Played: "P", Recorded: "R"}[type(event)]


def decode(code: str) -> SurveyEvent:
    if code.startswith("K"):
        return Key(code[1:])
    if code == "S":
        return Silence()
    return Played() if code == "P" else Recorded(None)


@dataclass
class Turn:
    """What one webhook answers: TwiML, and what to store."""

    twiml: str
    status: Status | None = None
    rating: int | None = None
    new_rating: bool = False
    attempts: int = 0
    comment_url: str | None = None
    verbs: list[str] = field(default_factory=list)


def _incoming(action: SurveyAction, form: Mapping[str, str]) -> SurveyEvent:
    if isinstance(action, Collect):
        digits = form.get("Digits", "").strip()
        return Key(digits) if digits else Silence()
    if isinstance(action, Record):
        return Recorded(form.get("RecordingUrl") or None)
    raise IvrError("webhook for a survey that expects no input")


def advance(
    config: SurveyConfig,
    state: TwilioState,
    form: Mapping[str, str] | None,
    prompt: Callable[[str, str], str],
    step_url: Callable[[TwilioState], str],
) -> Turn:
    """``form`` None = the first webhook; ``prompt(name, lang)`` → a <Play>/<Say> verb."""
    machine = SurveyMachine(config)
    action = machine.start()
    for code in state.events:
        action = machine.feed(decode(code))
    rated_before, events, comment = machine.rating, list(state.events), None
    if form is not None:
        event = _incoming(action, form)
        comment = event.path if isinstance(event, Recorded) else None
        action = machine.feed(event)
        events.append(event_code(event))
    verbs: list[str] = []
    while isinstance(action, Play):
        verbs.append(prompt(action.prompt, state.language))
        action = machine.feed(Played())
        events.append("P")
    url = step_url(replace(state, events=tuple(events)))
    if isinstance(action, Collect):
        verbs.append(twiml.gather(url, action.timeout_s, prompt(action.prompt, state.language)))
    elif isinstance(action, Record):
        verbs += [prompt(action.prompt, state.language), twiml.record(url, action.max_s)]
    else:
        verbs.append(twiml.hangup())
    status = action.status if isinstance(action, Finish) else None
    return Turn(
        twiml.response(*verbs),
        status,
        machine.rating,
        machine.rating != rated_before,
        machine.attempts,
        comment,
        verbs,
    )
