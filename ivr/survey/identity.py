"""Who is rated, by whom, for which call — and whether the survey may run at all (pure)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, fields
from typing import Any

# ended= values of the dialplan's hang-up report (docs/asterisk/): the survey could not run.
ENDED_BEFORE_SURVEY = {
    "caller": "the caller hung up before the survey",
    "transfer": "transferred before the survey",
}
ENDED_VALUES = frozenset({"agent", *ENDED_BEFORE_SURVEY})

# column widths of calls.external_id/uniqueid/linkedid, agents.extension, queues.name, calls.caller_number
FIELD_LIMITS = {"call_id": 64, "uniqueid": 64, "linkedid": 64, "agent": 40, "queue": 100, "caller": 40}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UNSAFE_FILE = re.compile(r"[^A-Za-z0-9_.-]")


def bounded(value: str, limit: int) -> str:
    """Control characters removed; longer than ``limit``: a prefix plus a hash of the whole value,
    so distinct long ids stay distinct and fit their column (PostgreSQL refuses over-long strings).

    >>> bounded("1700000000.42", 64)
    '1700000000.42'
    >>> long = bounded("x" * 100, 64)
    >>> len(long), long.startswith("x" * 47 + "~"), long == bounded("x" * 99 + "y", 64)
    (64, True, False)
    """
    clean = _CONTROL.sub("", value)
    if len(clean) <= limit:
        return clean
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{clean[: limit - 17]}~{digest}"


def safe_file_stem(call_id: str) -> str:
    """A file name for things named after a call: no separators, no ``..``, bounded length.

    >>> safe_file_stem("1700000000.42")
    '1700000000.42'
    >>> stem = safe_file_stem("../../etc/passwd")
    >>> "/" in stem or ".." in stem, stem.startswith("_")
    (False, True)
    """
    stem = _UNSAFE_FILE.sub("_", call_id)
    if stem == call_id and 0 < len(stem) <= 64 and ".." not in stem and not stem.startswith("."):
        return stem
    digest = hashlib.sha256(call_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{stem.replace('.', '_')[:40]}-{digest}"


@dataclass(frozen=True)
class SurveyIdentity:
    """``call_id`` is the linkedid when known (the whole call), else the channel's uniqueid."""

    call_id: str
    uniqueid: str
    linkedid: str
    agent: str
    queue: str
    language: str
    caller: str
    channel: str = "asterisk"
    answered: bool = True
    language_chosen: bool = True  # False: ``language`` is only ivr.survey.default_language
    # Who ended the conversation with the agent (the dialplan's ended=): agent | caller | transfer | "".
    ended_by: str = ""

    def __post_init__(self) -> None:
        """Values from the AGI URL/header are untrusted: bounded to their columns, no control chars."""
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                object.__setattr__(self, f.name, bounded(value, FIELD_LIMITS.get(f.name, 64)))

    def call_fields(self) -> dict[str, Any]:
        """Keyword arguments for SurveyRepository.begin."""
        return {
            "agent_extension": self.agent or None,
            "queue": self.queue or None,
            "language": self.language,
            "call_language": self.language if self.language_chosen else None,
            "channel": self.channel,
            "uniqueid": self.uniqueid or None,
            "linkedid": self.linkedid or None,
            "caller_number": self.caller or None,
            "source": self.channel,
            "hangup_by": self.ended_by or None,
        }


def skip_reason(identity: SurveyIdentity) -> str | None:
    """Why this survey must not run (004 §3.2: only the client rates, never the operator).

    >>> base = dict(call_id="1.1", uniqueid="1.1", linkedid="", queue="q", language="ru")
    >>> skip_reason(SurveyIdentity(agent="", caller="7701", **base))
    'never answered by an agent'
    >>> skip_reason(SurveyIdentity(agent="1001", caller="1001", **base))
    'caller is the rated agent (self-rating)'
    >>> skip_reason(SurveyIdentity(agent="1001", caller="+77011234567", ended_by="caller", **base))
    'the caller hung up before the survey'
    >>> skip_reason(SurveyIdentity(agent="1001", caller="+77011234567", **base)) is None
    True
    """
    if not identity.answered or not identity.agent:
        return "never answered by an agent"
    if identity.ended_by in ENDED_BEFORE_SURVEY:
        return ENDED_BEFORE_SURVEY[identity.ended_by]
    if identity.caller and _digits(identity.caller) == _digits(identity.agent):
        return "caller is the rated agent (self-rating)"
    return None


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isalnum()).lstrip("+")
