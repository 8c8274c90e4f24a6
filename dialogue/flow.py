"""Pure flow interpreter: an explicit step machine over a script's ``flow`` (no I/O, no clock).

The IVR drives it (see dialogue.flow_types for the loop): each ``feed(event)`` returns the next action.
Menus and digit collection retry on a wrong key or silence up to ``attempts`` times, then go to
``on_failure`` or hang up. ``steps`` records the path the caller took.
"""

from __future__ import annotations

import logging

from dialogue.exceptions import FlowError
from dialogue.flow_types import (
    FINAL_ACTIONS,
    Action,
    CallerHungUp,
    CollectDigits,
    Completed,
    Digits,
    Event,
    Hangup,
    NoInput,
    PlayPrompt,
    RouteToExtension,
    RouteToQueue,
    SetVariable,
    StartSurvey,
    Step,
)
from dialogue.schema import (
    CollectNode,
    HangupNode,
    MenuNode,
    Node,
    PlayNode,
    RouteNode,
    ScriptDocument,
    SetNode,
    SurveyNode,
    render,
)

log = logging.getLogger(__name__)

MAX_STEPS = 500  # a validated flow cannot loop without input; this only guards against misuse

__all__ = [
    "FINAL_ACTIONS",
    "Action",
    "CallerHungUp",
    "CollectDigits",
    "Completed",
    "Digits",
    "Event",
    "FlowRunner",
    "Hangup",
    "NoInput",
    "PlayPrompt",
    "RouteToExtension",
    "RouteToQueue",
    "SetVariable",
    "StartSurvey",
    "Step",
]


class FlowRunner:
    """Runs one call through ``document.flow``; ``start()`` then ``feed()`` until ``finished``."""

    def __init__(
        self, document: ScriptDocument, *, start: str | None = None, variables: dict[str, str] | None = None
    ) -> None:
        """``start``/``variables`` resume a call elsewhere, e.g. at a route's ``after`` survey node with
        the channel's ``language`` variable once the consultant has hung up."""
        self.document = document
        self.start_node = start or document.flow.start
        if self.start_node not in document.flow.nodes:
            raise FlowError(f"unknown start node {self.start_node!r}")
        self.variables: dict[str, str] = dict(variables or {})
        language = self.variables.get("language", "")
        self.language = language if language in document.languages else document.default_language
        self.steps: list[Step] = []
        self.node_name = ""
        self.attempt = 0
        self.phase = ""  # what the pending action was: prompt | ask | reprompt | set | survey | goodbye
        self.result: Action | None = None  # the final action once finished

    @property
    def finished(self) -> bool:
        return self.result is not None

    @property
    def path(self) -> list[str]:
        """Names of the nodes entered, in order."""
        return [step.node for step in self.steps if not step.event]

    def describe(self) -> str:
        """The path as one log line, e.g. ``greeting > language(invalid 7, 1) > set_kk > to_queue``."""
        groups: list[tuple[str, list[str]]] = []
        for step in self.steps:
            if step.event and groups and groups[-1][0] == step.node:
                groups[-1][1].append(step.event)
            else:
                groups.append((step.node, [step.event] if step.event else []))
        return " > ".join(f"{node}({', '.join(events)})" if events else node for node, events in groups)

    def start(self) -> Action:
        if self.steps:
            raise FlowError("the flow has already started")
        return self._enter(self.start_node)

    def feed(self, event: Event) -> Action:
        """Give the result of the last action; get the next one."""
        if self.result is not None:
            raise FlowError(f"the flow has finished ({self.result}); no more events")
        if not self.steps:
            raise FlowError("call start() first")
        if isinstance(event, CallerHungUp):
            self.steps.append(Step(self.node_name, "hung up"))
            return self._finish(Hangup("caller_hung_up"))
        node = self.document.flow.nodes[self.node_name]
        if isinstance(node, MenuNode | CollectNode) and self.phase == "ask":
            return self._answer(node, event)
        return self._after(node)

    # -- entering nodes --------------------------------------------------------------------------

    def _enter(self, name: str) -> Action:
        if len(self.steps) >= MAX_STEPS:
            log.warning("flow %s: more than %d steps, hanging up", self.document.name, MAX_STEPS)
            return self._finish(Hangup("loop"))
        node = self.document.flow.nodes[name]
        self.node_name, self.attempt = name, 0
        self.steps.append(Step(name))
        if isinstance(node, PlayNode):
            return self._prompt(node.prompt, node.interruptible, phase="prompt")
        if isinstance(node, MenuNode | CollectNode):
            return self._ask(node)
        if isinstance(node, SetNode):
            return self._set(node.variable, render(node.value, self.variables))
        if isinstance(node, RouteNode):
            return self._finish(self._route(node))
        if isinstance(node, SurveyNode):
            self.phase = "survey"
            return StartSurvey(language=self.language)
        assert isinstance(node, HangupNode)
        if node.prompt:
            return self._prompt(node.prompt, False, phase="goodbye")
        return self._finish(Hangup("flow"))

    def _prompt(self, prompt_id: str, interruptible: bool, *, phase: str) -> PlayPrompt:
        self.phase = phase
        return PlayPrompt(prompt_id, interruptible=interruptible, language=self.language)

    def _ask(self, node: MenuNode | CollectNode) -> CollectDigits:
        self.phase = "ask"
        self.attempt += 1
        max_digits = 1 if isinstance(node, MenuNode) else node.max_digits
        return CollectDigits(
            node.prompt, max_digits, node.timeout_s, self.language, self.node_name, self.attempt
        )

    def _set(self, name: str, value: str) -> SetVariable:
        self.phase = "set"
        self.variables[name] = value
        if name == "language" and value in self.document.languages:
            self.language = value
        return SetVariable(name, value)

    def _route(self, node: RouteNode) -> RouteToQueue | RouteToExtension:
        variables = {name: render(value, self.variables) for name, value in node.variables.items()}
        survey = node.after is not None
        if node.queue is not None:
            return RouteToQueue(node.queue, variables, survey=survey, after=node.after)
        assert node.extension is not None
        return RouteToExtension(node.extension, variables, survey=survey, after=node.after)

    def _finish(self, action: Action) -> Action:
        self.result = action
        log.info("flow %s finished: %s [%s]", self.document.name, action, self.describe())
        return action

    # -- results ---------------------------------------------------------------------------------

    def _after(self, node: Node) -> Action:
        """A prompt, variable or survey completed (any DTMF pressed during a prompt is ignored)."""
        if isinstance(node, MenuNode | CollectNode):
            if self.phase == "set":  # collected digits stored
                assert isinstance(node, CollectNode)
                return self._enter(node.next)
            return self._ask(node)  # the invalid/no-input prompt was played
        if isinstance(node, PlayNode | SetNode):
            return self._enter(node.next)
        if isinstance(node, SurveyNode):
            return self._enter(node.next) if node.next else self._finish(Hangup("flow"))
        return self._finish(Hangup("flow"))  # the goodbye of a hangup node was played

    def _answer(self, node: MenuNode | CollectNode, event: Event) -> Action:
        digits = event.digits if isinstance(event, Digits) else ""
        if not isinstance(event, Digits | NoInput):
            raise FlowError(f"node {self.node_name!r} waits for digits, got {event}")
        if not digits:
            self.steps.append(Step(self.node_name, "no input"))
            return self._retry(node, node.no_input_prompt, "no_input")
        if isinstance(node, MenuNode):
            target = node.options.get(digits[:1]) if len(digits) == 1 else None
            if target:
                self.steps.append(Step(self.node_name, digits))
                return self._enter(target)
        elif node.min_digits <= len(digits) <= node.max_digits and digits.isdigit():
            self.steps.append(Step(self.node_name, digits))
            return self._set(node.variable, digits)
        self.steps.append(Step(self.node_name, f"invalid {digits}"))
        return self._retry(node, node.invalid_prompt, "invalid")

    def _retry(self, node: MenuNode | CollectNode, prompt: str | None, reason: str) -> Action:
        if self.attempt >= node.attempts:
            if node.on_failure:
                return self._enter(node.on_failure)
            return self._finish(Hangup(reason))
        if prompt:
            return self._prompt(prompt, True, phase="reprompt")
        return self._ask(node)
