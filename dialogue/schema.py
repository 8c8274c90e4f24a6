"""Typed schema of one dialogue script YAML document (metadata, prompts, IVR flow, checklist).

Structure is checked here by pydantic; cross-references (unknown node, unreachable node, loop without exit,
missing prompt text) by ``dialogue.graph.flow_problems`` — ``dialogue.load_script`` runs both.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dialogue.checklist import Checklist
from dialogue.surveys import SurveySet

Language = Literal["ru", "kk", "en"]
NAME_RE = r"^[a-z0-9][a-z0-9_-]{0,99}$"
IDENT_RE = r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$"
DTMF_KEYS = set("0123456789*#")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Node(_Strict):
    title: str = ""


class PlayNode(_Node):
    """Play a prompt, then go to ``next``."""

    type: Literal["play"]
    prompt: str
    next: str
    interruptible: bool = False


class MenuNode(_Node):
    """Play ``prompt`` and wait for one DTMF key; ``options`` maps keys to nodes.

    A wrong key plays ``invalid_prompt`` and asks again, silence plays ``no_input_prompt`` and asks again,
    at most ``attempts`` times in all; then the call goes to ``on_failure`` (or hangs up if none).
    """

    type: Literal["menu"]
    prompt: str
    options: dict[str, str | None]
    timeout_s: float = Field(5.0, gt=0, le=60)
    attempts: int = Field(3, ge=1, le=10)
    invalid_prompt: str | None = None
    no_input_prompt: str | None = None
    on_failure: str | None = None

    @field_validator("options", mode="before")
    @classmethod
    def _keys_as_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(key): target for key, target in value.items()}
        return value

    @field_validator("options")
    @classmethod
    def _dtmf_keys(cls, value: dict[str, str | None]) -> dict[str, str | None]:
        if not value:
            raise ValueError("a menu needs at least one option")
        bad = [key for key in value if key not in DTMF_KEYS]
        if bad:
            raise ValueError(f"menu keys must be one of 0-9 * #, got {', '.join(map(repr, bad))}")
        return value


class CollectNode(_Node):
    """Play ``prompt`` and read up to ``max_digits`` digits into variable ``variable``."""

    type: Literal["collect"]
    prompt: str
    variable: Annotated[str, Field(pattern=IDENT_RE)]
    max_digits: int = Field(1, ge=1, le=32)
    min_digits: int = Field(1, ge=1, le=32)
    timeout_s: float = Field(5.0, gt=0, le=60)
    attempts: int = Field(3, ge=1, le=10)
    invalid_prompt: str | None = None
    no_input_prompt: str | None = None
    next: str
    on_failure: str | None = None


class SetNode(_Node):
    """Set a variable (also set on the channel). ``language`` chooses the language of later prompts."""

    type: Literal["set"]
    variable: Annotated[str, Field(pattern=IDENT_RE)]
    value: str
    next: str

    @field_validator("value", mode="before")
    @classmethod
    def _scalar_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class RouteNode(_Node):
    """Leave the script: to ``queue`` or ``extension``; ``variables`` are set on the channel.

    Values may use ``${name}`` for flow variables. ``after`` names the node run when the consultant
    hangs up (usually a survey node) — the caller then stays on the line.
    """

    type: Literal["route"]
    queue: str | None = None
    extension: Annotated[str | None, Field(pattern=r"^[0-9A-Za-z*#+]{1,32}$")] = None
    variables: dict[str, str] = Field(default_factory=dict)
    after: str | None = None

    @field_validator("extension", mode="before")
    @classmethod
    def _extension_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _one_target(self) -> RouteNode:
        if (self.queue is None) == (self.extension is None):
            raise ValueError("a route needs exactly one of queue or extension")
        return self


class SurveyNode(_Node):
    """The 5-point post-call rating (run by the survey server), then ``next`` (default: hang up)."""

    type: Literal["survey"]
    next: str | None = None


class HangupNode(_Node):
    """Optionally play ``prompt`` (a goodbye), then hang up."""

    type: Literal["hangup"]
    prompt: str | None = None


Node = Annotated[
    PlayNode | MenuNode | CollectNode | SetNode | RouteNode | SurveyNode | HangupNode,
    Field(discriminator="type"),
]


class Flow(_Strict):
    """Named nodes; the call starts at ``start``."""

    start: str
    nodes: dict[Annotated[str, Field(pattern=IDENT_RE)], Node]


class ScriptDocument(_Strict):
    """One dialogue script: metadata, prompt texts per language, IVR flow and consultant checklist."""

    name: Annotated[str, Field(pattern=NAME_RE)]
    title: str
    languages: Annotated[list[Language], Field(min_length=1)]
    description: str = ""
    prompts: dict[Annotated[str, Field(pattern=IDENT_RE)], dict[Language, str]] = Field(default_factory=dict)
    flow: Flow
    checklist: Checklist
    surveys: dict[Annotated[str, Field(pattern=IDENT_RE)], SurveySet] = Field(default_factory=dict)

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("languages are listed twice")
        return value

    @property
    def default_language(self) -> str:
        """The language prompts use until the flow sets the ``language`` variable."""
        return self.languages[0]

    def prompt_text(self, prompt_id: str, language: str) -> str:
        """Text of a prompt in ``language`` (KeyError if the script has no such prompt or text)."""
        return self.prompts[prompt_id][language]  # type: ignore[index]


VARIABLE_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_-]*)\}")


def render(template: str, variables: dict[str, str]) -> str:
    """Replace ``${name}`` with the flow variable (empty when unset)."""
    return VARIABLE_RE.sub(lambda match: variables.get(match.group(1), ""), template)
