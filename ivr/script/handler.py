"""FastAGI route ``script/<name>``: runs the active version of a dialogue script on a live call.

The pure ``dialogue.flow.FlowRunner`` decides; this handler only turns its actions into AGI commands and
the replies into flow events. A route action exits to the dialplan with channel variables set::

    SAPA_ROUTE=queue  SAPA_QUEUE=support  SAPA_SURVEY=1  SAPA_LANGUAGE=kk  SAPA_TOPIC=errors ...

and the dialplan continues with ``Queue(${SAPA_QUEUE},c)`` (docs/asterisk/extensions_sapa.conf).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from dialogue import ScriptDocument
from dialogue.exceptions import DialogueError
from dialogue.flow import (
    Action,
    CallerHungUp,
    CollectDigits,
    Completed,
    Digits,
    Event,
    FlowRunner,
    Hangup,
    NoInput,
    PlayPrompt,
    RouteToExtension,
    RouteToQueue,
    SetVariable,
    StartSurvey,
)
from ivr import dialplan as dp
from ivr.agi.channel import SapaAGI
from ivr.agi.request import AgiRequest, language_code
from ivr.agi.server import Handler
from ivr.config import IvrConfig
from ivr.exceptions import AgiHangup, IvrError
from ivr.prompts import PromptLibrary
from ivr.script.documents import ActiveScripts
from ivr.survey.handler import SurveyDeps, SurveyHandler
from storage.db import unit_of_work
from storage.exceptions import StorageError
from storage.repositories.calls import CallRepository

log = logging.getLogger(__name__)

ALL_KEYS = "0123456789*#"
ScriptSource = Callable[[str], tuple[int, ScriptDocument]]
LanguageSink = Callable[[str, str, str], None]  # (call id, language, caller number)


@dataclass(frozen=True)
class ScriptDeps:
    scripts: ScriptSource
    prompts: PromptLibrary
    survey: SurveyDeps
    remember_language: LanguageSink | None = None


def call_language_sink(sessions: sessionmaker[Session]) -> LanguageSink:
    """Stores the language the IVR spoke with the caller as the call's language (ingest transcribes in it).

    The call row is keyed like the survey's (the caller channel's uniqueid is the call's linkedid)."""

    def remember(call_id: str, language: str, caller: str) -> None:
        try:
            with unit_of_work(sessions) as session:
                CallRepository(session).get_or_create(
                    call_id, language=language, uniqueid=call_id, caller_number=caller or None
                )
        except (SQLAlchemyError, StorageError) as exc:  # never stop the caller on the way to the queue
            log.warning("language %s of call %s not stored: %s", language, call_id, exc)

    return remember


class ScriptHandler:
    def __init__(self, agi: SapaAGI, request: AgiRequest, deps: ScriptDeps) -> None:
        self.agi, self.request, self.deps = agi, request, deps
        self.name = request.route.split("/", 1)[1]
        self.caller_gone = False

    def execute(self) -> None:
        version, document = self.load_script()
        runner = self.start_runner(document)
        self.answer()
        final = self.run_flow(runner, document)
        self.exit_to_dialplan(final, runner)
        log.info(
            "script %s v%s call %s: %s -> %s",
            self.name,
            version,
            self.request.uniqueid,
            runner.describe(),
            final,
        )

    # -- steps -------------------------------------------------------------------------------------
    def load_script(self) -> tuple[int, ScriptDocument]:
        try:
            return self.deps.scripts(self.name)
        except (StorageError, DialogueError) as exc:
            self.set_variable(dp.SAPA_ROUTE, dp.ROUTE_ERROR)
            raise IvrError(f"script {self.name!r} cannot run: {exc}") from exc

    def start_runner(self, document: ScriptDocument) -> FlowRunner:
        """``?start=node`` resumes elsewhere (e.g. the survey node); ``?lang=`` presets the language."""
        params = self.request.params
        code = language_code(params.get(dp.PARAM_LANGUAGE, ""))  # never a raw URL value
        variables = {"language": code} if code else {}
        return FlowRunner(document, start=params.get(dp.PARAM_START) or None, variables=variables)

    def answer(self) -> None:
        try:
            self.agi.answer()
        except AgiHangup:
            self.caller_gone = True

    def run_flow(self, runner: FlowRunner, document: ScriptDocument) -> Action:
        action = runner.feed(CallerHungUp()) if self.caller_gone else runner.start()
        while not runner.finished:
            action = runner.feed(self.perform(action, document))
        return action

    def perform(self, action: Action, document: ScriptDocument) -> Event:
        try:
            return self._perform(action, document)
        except AgiHangup:
            self.caller_gone = True
            return CallerHungUp()

    def _perform(self, action: Action, document: ScriptDocument) -> Event:
        if isinstance(action, PlayPrompt):
            keys = ALL_KEYS if action.interruptible else ""
            self.agi.stream_file(self.prompt(document, action.prompt_id, action.language), keys)
            return Completed()
        if isinstance(action, CollectDigits):
            path = self.prompt(document, action.prompt_id, action.language)
            digits, _data = self.agi.execute(
                "GET DATA", path, int(action.timeout_s * 1000), action.max_digits
            )["result"]
            return Digits(digits) if digits else NoInput()
        if isinstance(action, SetVariable):
            self.agi.set_variable(action.name, action.value)
            if action.name == "language":
                self.agi.set_variable(dp.CHANNEL_LANGUAGE, action.value)
                self.agi.set_variable(dp.SAPA_LANGUAGE, action.value)
            return Completed()
        if isinstance(action, StartSurvey):
            request = replace(self.request, params=self.request.params | {dp.PARAM_LANGUAGE: action.language})
            SurveyHandler(self.agi, request, self.deps.survey).execute()
            return Completed()
        raise IvrError(f"unexpected flow action {action!r}")

    def exit_to_dialplan(self, final: Action, runner: FlowRunner) -> None:
        if self.caller_gone:
            return
        if isinstance(final, RouteToQueue | RouteToExtension):
            for name, value in route_variables(final).items():
                self.set_variable(name, value)
            if self.deps.remember_language is not None and self.request.uniqueid:
                self.deps.remember_language(self.request.uniqueid, runner.language, self.request.caller_id)
        elif isinstance(final, Hangup):
            self.set_variable(dp.SAPA_ROUTE, dp.ROUTE_HANGUP)
            with contextlib.suppress(AgiHangup):
                self.agi.hangup()
            return
        self.set_variable(dp.SAPA_PATH, runner.describe()[:1000])

    # -- helpers -----------------------------------------------------------------------------------
    def set_variable(self, name: str, value: str) -> None:
        if self.caller_gone:
            return
        try:
            self.agi.set_variable(name, value)
        except AgiHangup:
            self.caller_gone = True

    def prompt(self, document: ScriptDocument, prompt_id: str, language: str) -> str:
        return self.deps.prompts.playback_path(document.name, prompt_id, language)


def route_variables(final: RouteToQueue | RouteToExtension) -> dict[str, str]:
    """Channel variables the dialplan reads after the script (pure).

    >>> route_variables(RouteToQueue("support", {"SAPA_TOPIC": "errors"}, survey=True))
    {'SAPA_TOPIC': 'errors', 'SAPA_ROUTE': 'queue', 'SAPA_QUEUE': 'support', 'SAPA_SURVEY': '1'}
    """
    target = (
        {dp.SAPA_ROUTE: dp.ROUTE_QUEUE, dp.SAPA_QUEUE: final.queue}
        if isinstance(final, RouteToQueue)
        else {dp.SAPA_ROUTE: dp.ROUTE_EXTENSION, dp.SAPA_EXTENSION: final.extension}
    )
    return dict(final.variables) | target | {dp.SAPA_SURVEY: "1" if final.survey else "0"}


def script_route(
    config: IvrConfig, sessions: sessionmaker[Session], survey: SurveyDeps
) -> Callable[[SapaAGI, AgiRequest], Handler]:
    deps = ScriptDeps(ActiveScripts(sessions).get, survey.prompts, survey, call_language_sink(sessions))

    def factory(agi: SapaAGI, request: AgiRequest) -> Handler:
        return ScriptHandler(agi, request, deps)

    return factory
