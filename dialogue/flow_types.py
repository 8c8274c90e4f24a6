"""Actions the flow interpreter emits and events the IVR feeds back (the IVR's contract; keep stable).

The IVR loop is::

    runner = FlowRunner(document)
    action = runner.start()
    while not runner.finished:
        action = runner.feed(execute(action))   # execute() returns one Event

``execute`` answers PlayPrompt / SetVariable / StartSurvey with ``Completed()``, CollectDigits with
``Digits("2")`` or ``NoInput()``, and any action with ``CallerHungUp()`` when the caller is gone.
RouteToQueue, RouteToExtension and Hangup are final: ``runner.finished`` is then true.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PlayPrompt:
    """Play prompt ``prompt_id`` in ``language``; ``interruptible`` lets a DTMF key cut it short."""

    prompt_id: str
    interruptible: bool = False
    language: str = "ru"


@dataclass(frozen=True)
class CollectDigits:
    """Play ``prompt_id`` and read up to ``max_digits`` DTMF digits, waiting ``timeout_s`` seconds."""

    prompt_id: str
    max_digits: int = 1
    timeout_s: float = 5.0
    language: str = "ru"
    node: str = ""
    attempt: int = 1


@dataclass(frozen=True)
class SetVariable:
    """Set a channel variable (the flow keeps its own copy in ``runner.variables``)."""

    name: str
    value: str


@dataclass(frozen=True)
class RouteToQueue:
    """Final: leave the script and send the caller to ``queue`` with ``variables`` set on the channel.

    ``survey`` is true when the caller must be kept on the line for the post-call rating after the
    consultant hangs up (the route node's ``after`` names a survey node).
    """

    queue: str
    variables: dict[str, str] = field(default_factory=dict)
    survey: bool = False
    after: str | None = None


@dataclass(frozen=True)
class RouteToExtension:
    """Final: leave the script and dial ``extension`` (same ``variables``/``survey`` as RouteToQueue)."""

    extension: str
    variables: dict[str, str] = field(default_factory=dict)
    survey: bool = False
    after: str | None = None


@dataclass(frozen=True)
class StartSurvey:
    """Run the 5-point post-call survey now (the survey server's prompts); answer with Completed()."""

    language: str = "ru"


@dataclass(frozen=True)
class Hangup:
    """Final: hang up. ``reason``: "flow" (a hangup node), "no_input"/"invalid" (attempts used up
    without a fallback node), "caller_hung_up" (the caller left first)."""

    reason: str = "flow"


Action = PlayPrompt | CollectDigits | SetVariable | RouteToQueue | RouteToExtension | StartSurvey | Hangup
FINAL_ACTIONS = (RouteToQueue, RouteToExtension, Hangup)


@dataclass(frozen=True)
class Completed:
    """The last action finished normally (prompt played, variable set, survey done)."""


@dataclass(frozen=True)
class Digits:
    """The caller pressed these DTMF digits (answer to CollectDigits)."""

    digits: str


@dataclass(frozen=True)
class NoInput:
    """CollectDigits timed out without a digit."""


@dataclass(frozen=True)
class CallerHungUp:
    """The caller hung up (answer to any action)."""


Event = Completed | Digits | NoInput | CallerHungUp


@dataclass(frozen=True)
class Step:
    """One entry of the path the caller took: the node and what happened there."""

    node: str
    event: str = ""

    def __str__(self) -> str:
        return f"{self.node}({self.event})" if self.event else self.node
