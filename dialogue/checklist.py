"""Schema of the ``checklist:`` section of a dialogue script (owner: scoring, issue 5).

The checklist says what the consultant must say (``stage`` items) and must never say (``forbidden`` items),
in the pattern language of ``dialogue.patterns`` (documented in docs/scoring.md), with weights, criticality
classes (client / business / regulator, 003_d1a2d395423848d5.txt), timing checks and scoring rules.
Validators raise ``ValueError`` so that pydantic error locations name the offending YAML key.
"""

from __future__ import annotations

import contextvars
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from dialogue.patterns import lexicon_refs, parse_pattern

Criticality = Literal["client", "business", "regulator"]
Weight = Annotated[float, Field(ge=0, le=1000, strict=True)]
Seconds = Annotated[float, Field(gt=0, le=86400, strict=True)]
ITEM_ID = r"^[a-z][a-z0-9_]{0,63}$"
LANGS = ("ru", "kk")
# a lexicon entry: words (with *, ~, =) or word classes ("код #thing"), one space apart
_LEXICON_ENTRY = re.compile(r"(?:[\w*~=-]+|#[a-z]+)(?: (?:[\w*~=-]+|#[a-z]+))*")


class _State:
    """What later keys need from earlier ones while one checklist is validated (languages, lexicon, ids)."""

    def __init__(self) -> None:
        self.languages: list[str] = list(LANGS)
        self.lexicon: set[str] = set()
        self.item_ids: set[str] = set()


_STATE: contextvars.ContextVar[_State | None] = contextvars.ContextVar("checklist_state", default=None)


def _state() -> _State:
    return _STATE.get() or _State()


def _check_pattern(text: str, guard: bool = False) -> str:
    seqs = parse_pattern(text, guard)
    state = _STATE.get()
    if state is not None:
        missing = sorted(lexicon_refs(seqs) - state.lexicon)
        if missing:
            raise ValueError(f"unknown lexicon list @{missing[0]} in {text!r}")
    return text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternRule(_Strict):
    """One pattern with optional context rules (guards); a plain string in YAML means ``{match: ...}``."""

    match: str
    not_preceded_by: str | None = None
    not_followed_by: str | None = None
    near: str | None = None
    not_near: str | None = None
    window: int = Field(default=3, ge=1, le=30)  # words around the match the guards look at
    near_window: int | None = Field(default=None, ge=1, le=60)  # for near / not_near (default: window)
    before_window: int | None = Field(default=None, ge=1, le=10)  # for not_preceded_by (default: window)
    same_sentence: bool = True
    # ``near`` words may also be in the speaker's previous turns (0: this turn only): a ticket announced in
    # one turn, its number dictated in the next after the caller's "хорошо"
    near_turns: int = Field(default=0, ge=0, le=3)
    sentence_start: bool | None = None  # True: the match must open a sentence; False: must not
    skip_quoted: bool | None = None
    unless_caller_said: bool = False
    # the match counts only in the agent's answer to a caller's turn that says this (who spoke before: the
    # caller names the secret, "там мой пароль", and the agent says "иә, соны айтыңыз")
    after_caller: str | None = None
    # ... or only when the caller's next turn says this (what the caller answers makes a request out of the
    # agent's words: "продиктуйте, пожалуйста" — the caller dictates twelve digits: an identifier was asked)
    caller_then: str | None = None
    # ... and never in the agent's answer to a caller's turn that says this (a code asked right after the
    # caller read out a promo code is that code: "промокод уже использован" — "продиктуйте код ещё раз")
    not_after_caller: str | None = None
    # ... and never when the agent's own words after the match, to the end of the agent's next turn, say this:
    # asked by the caller "это что, пароль?", the agent answers "нет, это не пароль, это код билета"
    not_agent_then: str | None = None
    # ... or only when the caller's next turn opens with a word the agent said around the match: an
    # alternative question answered by choosing ("толстые или мелкие?" — "толстые"), not a statement
    caller_echoes: bool = False
    # person names that are the agent's own or the caller's identity read back do not count (scoring.identity)
    not_identity: bool = False
    # a habit, not a slip: the match counts only when it stands in at least this many of the agent's segments
    # (a turn opened with "ну" now and then is speech; most answers opened with it are a filler habit)
    min_turns: int | None = Field(default=None, ge=2, le=20)
    # the match counts only in a garbled transcript (many non-dictionary words in the agent's speech: a
    # recogniser's misheard output), where a looser class (``#heard``) is the likelier reading
    garbled_only: bool = False
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"match": data} if isinstance(data, str) else data

    @field_validator("match")
    @classmethod
    def _valid_pattern(cls, value: str) -> str:
        return _check_pattern(value)

    @field_validator(
        "not_preceded_by",
        "not_followed_by",
        "near",
        "not_near",
        "after_caller",
        "caller_then",
        "not_after_caller",
        "not_agent_then",
    )
    @classmethod
    def _valid_guard(cls, value: str | None) -> str | None:
        return None if value is None else _check_pattern(value, guard=True)


class PatternGroup(_Strict):
    """Alternatives: the group matches when any of its patterns matches (ru, kk or any language)."""

    name: str = ""
    ru: list[PatternRule] = []
    kk: list[PatternRule] = []
    any: list[PatternRule] = []

    @model_validator(mode="after")
    def _every_language(self) -> PatternGroup:
        if self.any:
            return self
        for lang in _state().languages:
            if not getattr(self, lang, None):
                raise ValueError(f"group {self.name or '(unnamed)'!r} has no {lang} patterns (or use `any:`)")
        return self

    def rules(self) -> list[tuple[str, PatternRule]]:
        return [(lang, rule) for lang in ("ru", "kk", "any") for rule in getattr(self, lang)]


class Position(_Strict):
    """Where in the call the item is looked for, relative to the agent's speech."""

    first_s: Seconds | None = None
    last_s: Seconds | None = None
    # ... or after this share of the agent's speech time (with last_s: either will do): the closing part of a
    # long call is more than its last minute, while an offer asked mid-call is not in it
    after_share: float | None = Field(default=None, gt=0, lt=1)

    @model_validator(mode="after")
    def _one(self) -> Position:
        if self.first_s is not None and self.last_s is not None:
            raise ValueError("give first_s or last_s, not both")
        if self.first_s is not None and self.after_share is not None:
            raise ValueError("after_share is a closing position: give it with last_s, not first_s")
        return self


class Applicability(_Strict):
    """When an item applies; otherwise its answer is null (N/A)."""

    min_call_s: float = Field(default=0, ge=0)
    min_agent_segments: int = Field(default=1, ge=0)
    caller_said: list[PatternRule] = []


class ExampleSet(_Strict):
    ru: list[str] = []
    kk: list[str] = []


class Examples(_Strict):
    """Sentences an item matches by similarity (scoring.examples), next to its patterns: positives per
    language, ``not:`` look-alikes that must not match; dialogue act and position as features."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    ru: list[str] = []
    kk: list[str] = []
    not_: ExampleSet = Field(default=ExampleSet(), alias="not")
    threshold: float | None = Field(default=None, gt=0, le=1)  # default: matching.example_threshold
    # "not_statement": anything but a sentence the transcript punctuates as no question (round 27)
    act: Literal["any", "question", "statement", "not_statement"] = "any"
    closing: bool = False  # only the closing part of the agent's speech
    # a sentence saying this is never like the examples, however close: the part the patterns read clearly
    # contradicts the item ("после звонка придёт SMS, оцените": nobody is asked to stay on the line)
    unless: str | None = None
    # ... and a sentence without a trace of this (misheard words count) is not ("оставайтесь на линии и
    # оцените мою работу" has no scale at all; "по пяти бальной шкале" misheard still has one)
    needs: str | None = None

    @field_validator("unless", "needs")
    @classmethod
    def _valid_unless(cls, value: str | None) -> str | None:
        return None if value is None else _check_pattern(value)

    @model_validator(mode="after")
    def _some(self) -> Examples:
        if not (self.ru or self.kk):
            raise ValueError("examples need at least one positive sentence (ru or kk)")
        return self

    def positives(self) -> list[str]:
        return [*self.ru, *self.kk]

    def negatives(self) -> list[str]:
        return [*self.not_.ru, *self.not_.kk]


class Item(_Strict):
    id: str = Field(pattern=ITEM_ID)
    title: str = Field(min_length=1)
    kind: Literal["stage", "forbidden"]
    criticality: Criticality
    weight: Weight = 1.0
    auto_fail: bool | None = None  # None: decided by scoring.auto_fail_criticality
    position: Position | None = None
    match: list[PatternGroup] = Field(min_length=1)
    applies_when: Applicability = Applicability()
    examples: Examples | None = None
    description: str = ""

    @field_validator("id")
    @classmethod
    def _unique(cls, value: str) -> str:
        state = _state()
        if value in state.item_ids:
            raise ValueError(f"duplicate item id {value!r}")
        state.item_ids.add(value)
        return value


class TimingCheck(_Strict):
    """A check computed from timestamps, not words."""

    id: str = Field(pattern=ITEM_ID)
    title: str = ""
    kind: Literal["max_call_length", "answer_time", "agent_silence"]
    limit_s: Seconds
    weight: Weight = 0.0
    criticality: Criticality = "business"
    explained_by: str | None = None  # agent_silence: item whose phrase before the silence excuses it
    lookback_s: Seconds = 30.0

    @field_validator("explained_by")
    @classmethod
    def _known_item(cls, value: str | None) -> str | None:
        if value is not None and value not in _state().item_ids:
            raise ValueError(f"explained_by names unknown item {value!r}")
        return value


class ScoringRules(_Strict):
    pass_mark: float = Field(default=80.0, ge=0, le=100, strict=True)
    auto_fail_criticality: list[Criticality] = ["regulator"]
    auto_fail_score: float | None = Field(default=0.0, ge=0, le=100)  # None keeps the weighted score
    not_applicable: Literal["exclude", "pass"] = "exclude"
    # an answer with a confidence below this is "needs review": out of the score, never an auto-fail
    review_below: float = Field(default=0.6, ge=0, le=1)


class Matching(_Strict):
    """Matcher options shared by all items."""

    fuzzy_score: int = Field(default=85, ge=50, le=100)
    fuzzy_min_len: int = Field(default=5, ge=2, le=30)
    judge_unknown_speaker: bool = False
    max_evidence: int = Field(default=5, ge=1, le=100)
    # ASR word confidence (segment words' ``conf``) below which a word is uncertain evidence
    low_word_conf: float = Field(default=0.6, ge=0, le=1)
    # the same speaker's consecutive segments at most this far apart are matched as one utterance
    join_gap_s: float = Field(default=1.5, ge=0, le=30)
    # pattern words of stage items tolerate ASR spellings (letter edits by word length, split / merged words)
    noise_tolerant: bool = True
    # cosine similarity (character 3-gram TF-IDF) from which a sentence matches an item's examples
    example_threshold: float = Field(default=0.45, gt=0, le=1)


class Checklist(_Strict):
    """The ``checklist:`` section of a script (``Checklist.model_validate(yaml_dict)``)."""

    version: int = 1
    languages: list[Literal["ru", "kk"]] = ["ru", "kk"]
    lexicon: dict[str, list[str]] = {}
    # numbers the centre publishes (hotline, short numbers): never a staff contact, in digits or in words
    public_numbers: list[Annotated[str, Field(pattern=r"^[0-9]{2,15}$")]] = []
    matching: Matching = Matching()
    items: list[Item] = Field(min_length=1)
    timing_checks: list[TimingCheck] = []
    scoring: ScoringRules = ScoringRules()
    _compiled: Any = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _with_state(cls, data: Any, handler: Any) -> Checklist:
        token = _STATE.set(_State())
        try:
            result: Checklist = handler(data)
            return result
        finally:
            _STATE.reset(token)

    @field_validator("languages")
    @classmethod
    def _remember_languages(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("at least one language")
        _state().languages = list(value)
        return value

    @field_validator("lexicon")
    @classmethod
    def _valid_lexicon(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, entries in value.items():
            if not re.fullmatch(r"[A-Za-z_]\w*", name):
                raise ValueError(f"bad lexicon list name {name!r}")
            if not entries:
                raise ValueError(f"lexicon list {name!r} is empty")
            for entry in entries:
                if not isinstance(entry, str) or not _LEXICON_ENTRY.fullmatch(entry):
                    raise ValueError(f"lexicon list {name!r}: bad entry {entry!r} (words and #classes only)")
        _state().lexicon = set(value)
        return value

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)
