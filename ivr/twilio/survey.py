"""The survey over Twilio webhooks (pure): the same state machine, replayed from the events so far.

HTTP is stateless, so each action URL carries the survey so far (``rid``, ``lang``, ``ev=K9,S,K4,P``);
Twilio signs the whole URL, so the caller cannot change it. Each webhook replays the machine, feeds
the new event (``Digits`` of a Gather, or a finished Record) and renders TwiML up to the next input with
twilio's own ``VoiceResponse`` (deterministic output: golden tests in tests/ivr/test_twilio.py).

A state that replays into something the machine cannot take (a validly signed URL edited by whoever
holds the auth token, or a URL of an older Sapa) raises ``BadTwilioState``: the webhook answers 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from twilio.twiml import TwiML
from twilio.twiml.voice_response import VoiceResponse

from ivr.config import SurveyConfig
from ivr.exceptions import IvrError
from ivr.prompts import LANGUAGES
from ivr.survey.machine import (
    CSAT,
    DEFAULT_QUESTIONS,
    Collect,
    Finish,
    Key,
    Play,
    Played,
    Question,
    Record,
    Recorded,
    Silence,
    Status,
    SurveyAction,
    SurveyEvent,
    SurveyMachine,
)

# Twilio <Say> has no Kazakh voice; Kazakh text falls back to the Russian voice (Cyrillic) when no
# rendered audio file can be played instead.
SAY_LANGUAGE = {"ru": "ru-RU", "kk": "ru-RU", "en": "en-US"}
# adds <Play> or <Say> of (prompt name, language, namespace; "" = built-in survey prompts) to a verb
Prompt = Callable[[TwiML, str, str, str], None]


class BadTwilioState(IvrError):
    """The survey state in a webhook URL is malformed or impossible for the survey machine."""


def say(parent: TwiML, text: str, language: str) -> None:
    parent.say(text, language=SAY_LANGUAGE.get(language, "en-US"))


def hangup_twiml() -> str:
    """
    >>> hangup_twiml()
    '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup /></Response>'
    """
    response = VoiceResponse()
    response.hangup()
    return str(response.to_xml())


_CODE = re.compile(r"^(K[0-9*#]|K0[0-9]|K10|S|P|R)$")
_PLAN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}/[A-Za-z_][A-Za-z0-9_-]{0,63}@[0-9]{1,9}$")
DTMF = "0123456789*#"
MAX_EVENTS = 40
MAX_ID = 2**31 - 1  # ids are INTEGER columns: a larger one is no survey (and no database error)


@dataclass(frozen=True)
class TwilioState:
    """``plan``: the survey set (``script/set@version``), "" = the default single rating."""

    response_id: int
    language: str
    events: tuple[str, ...] = ()
    plan: str = ""

    def query(self) -> str:
        fields: dict[str, str | int] = {"rid": self.response_id, "lang": self.language}
        fields["ev"] = ",".join(self.events)
        if self.plan:
            fields["set"] = self.plan
        return urlencode(fields)

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> TwilioState:
        """Parse and check the state of an action URL.

        >>> TwilioState.from_query({"rid": "7", "lang": "kk", "ev": "K9,S"})
        TwilioState(response_id=7, language='kk', events=('K9', 'S'))
        """
        codes = tuple(c for c in params.get("ev", "").split(",") if c)
        rid, lang = params.get("rid", ""), params.get("lang", "")
        if not rid.isdigit() or int(rid) > MAX_ID or lang not in LANGUAGES or len(codes) > MAX_EVENTS:
            raise BadTwilioState("bad survey state in the webhook URL")
        if not all(_CODE.match(code) for code in codes):
            raise BadTwilioState("bad survey event in the webhook URL")
        plan = params.get("set", "")
        if plan and not _PLAN.match(plan):
            raise BadTwilioState("bad survey set in the webhook URL")
        return cls(int(rid), lang, codes, plan)


def event_code(event: SurveyEvent) -> str:
    """One event as it travels in the action URL; keys that are neither one DTMF key nor a two-digit
    NPS value (00-10) are stored as ``#`` (an invalid key for every question), so the replay sees what
    the live machine saw."""
    if isinstance(event, Key):
        digits = event.digit
        two = len(digits) == 2 and digits.isascii() and digits.isdigit() and int(digits) <= 10
        kept = (len(digits) == 1 and digits in DTMF) or two
        return "K" + (digits if kept else "#")
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
    answers: list[tuple[str, str, int]] = field(default_factory=list)  # new survey-set answers


def _incoming(action: SurveyAction, form: Mapping[str, str]) -> SurveyEvent:
    if isinstance(action, Collect):
        digits = form.get("Digits", "").strip()
        return Key(digits) if digits else Silence()
    if isinstance(action, Record):
        return Recorded(form.get("RecordingUrl") or None)
    raise BadTwilioState("webhook for a survey that expects no input")


_EXPECTED: dict[type, tuple[type, ...]] = {Play: (Played,), Collect: (Key, Silence), Record: (Recorded,)}


def _replay(
    config: SurveyConfig, events: tuple[str, ...], questions: tuple[Question, ...]
) -> tuple[SurveyMachine, SurveyAction]:
    """The machine after ``events``; BadTwilioState when they are not a path the survey can take."""
    machine = SurveyMachine(config, questions)
    action = machine.start()
    for n, code in enumerate(events):
        event = decode(code)
        if not isinstance(event, _EXPECTED.get(type(action), ())):
            raise BadTwilioState(f"survey event {n + 1} ({code}) cannot follow {type(action).__name__}")
        action = machine.feed(event)
    return machine, action


def _render_input(
    response: VoiceResponse, action: SurveyAction, url: str, language: str, prompt: Prompt
) -> str:
    """The verb that waits for the caller (Gather / Record), or the final Hangup; the whole document."""
    if isinstance(action, Collect):
        # up to two keys (NPS): # ends early, ``timeout`` also runs between the keys (Twilio's Gather)
        extra = {"finish_on_key": "#"} if action.max_digits > 1 else {}
        gather = response.gather(
            input="dtmf",
            num_digits=action.max_digits,
            timeout=max(1, round(action.timeout_s)),
            action=url,
            method="POST",
            action_on_empty_result=True,  # Twilio posts also when nothing was pressed (Digits empty)
            **extra,
        )
        prompt(gather, action.prompt, language, action.namespace)
    elif isinstance(action, Record):
        prompt(response, action.prompt, language, "")
        response.record(
            action=url, method="POST", max_length=action.max_s, finish_on_key="#", play_beep=True, timeout=5
        )
    else:
        response.hangup()
    return str(response.to_xml())


def advance(
    config: SurveyConfig,
    state: TwilioState,
    form: Mapping[str, str] | None,
    prompt: Prompt,
    step_url: Callable[[TwilioState], str],
    questions: tuple[Question, ...] = DEFAULT_QUESTIONS,
) -> Turn:
    """``form`` None = the first webhook; ``prompt(parent, name, lang, namespace)`` adds <Play>/<Say>;
    ``questions``: the survey set ``state.plan`` names."""
    machine, action = _replay(config, state.events, questions)
    rated_before, events, comment = machine.rating, list(state.events), None
    answered_before = set(machine.answers)
    if form is not None:
        event = _incoming(action, form)
        comment = event.path if isinstance(event, Recorded) else None
        action = machine.feed(event)
        events.append(event_code(event))
    response = VoiceResponse()
    while isinstance(action, Play):
        prompt(response, action.prompt, state.language, action.namespace)
        action = machine.feed(Played())
        events.append("P")
    url = step_url(replace(state, events=tuple(events)))
    body = _render_input(response, action, url, state.language, prompt)
    status = action.status if isinstance(action, Finish) else None
    kinds = {q.id: q.kind for q in questions}
    new = [
        (q, kinds[q], v) for q, v in machine.answers.items() if q not in answered_before and kinds[q] != CSAT
    ]
    turn = Turn(body, status, machine.rating, machine.rating != rated_before, machine.attempts, comment)
    turn.answers = new
    return turn
