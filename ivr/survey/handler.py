"""FastAGI route ``survey``: the post-call 5-point rating (wazo-agid style: execute() is a row of steps).

Dialplan: ``AGI(agi://sapa:4573/survey?agent=${MEMBERINTERFACE}&queue=support&lang=${SAPA_LANGUAGE})``
after the consultant hung up (Queue option ``c``) — see docs/asterisk/; names in ivr/dialplan.py.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from asterisk.agi import AGIError

from ivr import dialplan as dp
from ivr.agi.channel import SapaAGI
from ivr.agi.replies import extension_from_interface
from ivr.agi.request import AgiRequest, pick_language
from ivr.config import SurveyConfig
from ivr.exceptions import AgiHangup, AgiProtocolError, IvrError
from ivr.prompts import SURVEY, PromptLibrary
from ivr.survey.identity import ENDED_VALUES, SurveyIdentity, safe_file_stem, skip_reason
from ivr.survey.machine import (
    CSAT,
    Collect,
    Finish,
    HungUp,
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
from ivr.survey.sets import DEFAULT_PLAN, DefaultPlans, SurveyPlan, SurveyPlans
from ivr.survey.store import Outcome, SurveyStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SurveyDeps:
    config: SurveyConfig
    prompts: PromptLibrary
    store: SurveyStore
    comments_dir: Path
    plans: SurveyPlans = field(default_factory=DefaultPlans)  # the survey set per queue and language


class SurveyHandler:
    def __init__(self, agi: SapaAGI, request: AgiRequest, deps: SurveyDeps) -> None:
        self.agi, self.request, self.deps = agi, request, deps
        self.machine = SurveyMachine(deps.config)
        self.caller_gone = False
        self.identity: SurveyIdentity | None = None
        self.plan: SurveyPlan = DEFAULT_PLAN

    def execute(self) -> None:
        self.identity = self.resolve_identity()
        response_id = self.deps.store.begin(self.identity)
        if response_id is None:
            return self.refuse_duplicate()
        if reason := skip_reason(self.identity):
            return self.finish(response_id, Outcome("skipped", skip_reason=reason))
        if self.caller_gone:
            return self.finish(response_id, Outcome("abandoned"))
        self.plan = self.deps.plans.for_call(self.identity.queue, self.identity.language)
        self.machine = SurveyMachine(self.deps.config, self.plan.questions)
        try:
            self.run_survey(response_id)
        except Exception as exc:  # whatever the fault, the row gets a final status (and the rating)
            self.finish(response_id, self.outcome(Status.ERROR, fault=f"fault: {exc}"[:200]))
            if isinstance(exc, AGIError) and not isinstance(exc, IvrError):  # pyst2 on a garbage reply
                raise AgiProtocolError(f"garbage reply from Asterisk: {exc}") from exc
            raise
        self.finish(response_id, self.outcome(self.machine.status or Status.ERROR))

    # -- steps -------------------------------------------------------------------------------------
    def resolve_identity(self) -> SurveyIdentity:
        """Query string first, channel variables second (MEMBERINTERFACE from setinterfacevar=yes)."""
        params, uniqueid = self.request.params, self.request.uniqueid
        if not uniqueid:
            raise IvrError("AGI header without agi_uniqueid")
        linkedid = params.get(dp.PARAM_LINKEDID) or self.variable(dp.CHANNEL_LINKEDID)
        agent = (
            params.get(dp.PARAM_AGENT) or self.variable(dp.SAPA_AGENT) or self.variable(dp.MEMBERINTERFACE)
        )
        agent = extension_from_interface(agent)  # "PJSIP/1001" or "Local/1001@from-queue/n" → "1001"
        queue = params.get(dp.PARAM_QUEUE) or self.variable(dp.SAPA_QUEUE) or self.variable(dp.QUEUENAME)
        answered = params.get(dp.PARAM_ANSWERED, "1") not in {"0", "no", "false"}
        config = self.deps.config
        language, chosen = pick_language(
            self.request, config.default_language, trust_channel=config.trust_channel_language
        )
        ended = params.get(dp.PARAM_ENDED, "").strip().lower()
        return SurveyIdentity(
            call_id=linkedid or uniqueid,
            uniqueid=uniqueid,
            linkedid=linkedid,
            agent=agent,
            queue=queue,
            language=language,
            caller=self.request.caller_id,
            answered=answered,
            language_chosen=chosen,
            ended_by=ended if ended in ENDED_VALUES else "",
        )

    def refuse_duplicate(self) -> None:
        assert self.identity is not None
        log.warning("survey refused: call %s was already rated or is being rated", self.identity.call_id)

    def run_survey(self, response_id: int) -> None:
        action = self.machine.start()
        try:
            self.agi.answer()
        except AgiHangup:
            self.caller_gone = True
            action = self.machine.feed(HungUp())
        while not isinstance(action, Finish):
            rated_before = self.machine.rating is not None
            answered_before = len(self.machine.answers)
            action = self.machine.feed(self.perform(action))
            if not rated_before and self.machine.rating is not None:
                self.deps.store.record(response_id, self.machine.rating, self.machine.attempts)
            if len(self.machine.answers) > answered_before:
                self.store_answer(response_id)
        if not self.caller_gone:
            self.hang_up()

    def store_answer(self, response_id: int) -> None:
        """The answer just given to a question other than CSAT (that one is the rating, stored above)."""
        question_id, value = list(self.machine.answers.items())[-1]
        kind = next(q.kind for q in self.machine.questions if q.id == question_id)
        if kind != CSAT:
            self.deps.store.answer(response_id, question_id, kind, value)

    def perform(self, action: SurveyAction) -> SurveyEvent:
        try:
            if isinstance(action, Collect):
                return self.collect(action)
            if isinstance(action, Play):
                self.agi.stream_file(self.prompt(action.prompt, action.namespace))
                return Played()
            if isinstance(action, Record):
                return self.record_comment(action)
        except AgiHangup as exc:
            log.info("caller hung up during the survey of %s: %s", self._call_id, exc)
            self.caller_gone = True
            return HungUp()
        raise AssertionError(f"unexpected action {action!r}")

    def collect(self, action: Collect) -> SurveyEvent:
        """GET DATA plays the prompt and takes up to ``max_digits`` keys, also during the prompt
        (barge-in); ``#`` ends the input early and the timeout also runs between two keys."""
        prompt = self.prompt(action.prompt, action.namespace)
        result = self.agi.execute("GET DATA", prompt, int(action.timeout_s * 1000), action.max_digits)
        digits, data = result["result"]
        if digits:
            return Key(digits)
        return Silence() if data == "timeout" else Key("#")  # '#' ends GET DATA with an empty result

    def record_comment(self, action: Record) -> SurveyEvent:
        self.agi.stream_file(self.prompt(action.prompt))
        self.deps.comments_dir.mkdir(parents=True, exist_ok=True)
        folder = self.deps.comments_dir.resolve()
        target = folder / safe_file_stem(self._call_id)  # call ids come from the URL: never a path
        self.agi.record_file(str(target), "wav", "#", action.max_s * 1000, 0, "beep", 5)
        return Recorded(f"{target}.wav")

    def hang_up(self) -> None:
        with contextlib.suppress(AgiHangup):
            self.agi.hangup()

    def finish(self, response_id: int, outcome: Outcome) -> None:
        self.deps.store.finish(response_id, outcome)
        log.info(
            "survey %s: %s rating=%s attempts=%s%s",
            self._call_id,
            outcome.status,
            outcome.rating,
            outcome.attempts,
            f" set={self.plan.key} answers={self.machine.answers}" if self.plan.key else "",
        )

    # -- helpers -----------------------------------------------------------------------------------
    def outcome(self, status: Status, fault: str | None = None) -> Outcome:
        m = self.machine
        return Outcome(
            status.value, rating=m.rating, attempts=m.attempts, comment_path=m.comment_path, skip_reason=fault
        )

    def variable(self, name: str) -> str:
        if self.caller_gone:
            return ""
        try:
            return str(self.agi.get_variable(name) or "").strip()
        except AgiHangup:
            self.caller_gone = True
            return ""

    def prompt(self, name: str, namespace: str = "") -> str:
        assert self.identity is not None
        return self.deps.prompts.playback_path(namespace or SURVEY, name, self.identity.language)

    @property
    def _call_id(self) -> str:
        return self.identity.call_id if self.identity else self.request.uniqueid
