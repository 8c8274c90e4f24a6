"""Who is rated, by whom, for which call — and whether the survey may run at all (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# ended= values of the dialplan's hang-up report (docs/asterisk/): the survey could not run.
ENDED_BEFORE_SURVEY = {
    "caller": "the caller hung up before the survey",
    "transfer": "transferred before the survey",
}
ENDED_VALUES = frozenset({"agent", *ENDED_BEFORE_SURVEY})


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
