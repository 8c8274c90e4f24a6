"""Twilio webhooks for the post-call survey (FastAPI router, mounted by web/app.py).

Point the ``action`` of the <Dial> that connects the consultant at
``https://SAPA/twilio/survey?agent=1001&queue=support&lang=kk`` and the call's status callback at
``https://SAPA/twilio/survey/status``. Every POST must carry a valid X-Twilio-Signature
(``ivr.twilio_auth_token``). The composition root (``sapa.webapp``) mounts this router and puts the
``ivr`` config section in ``state.ivr_config``; the web app's ``state.sessions`` is used.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MultiDict
from twilio.request_validator import RequestValidator
from twilio.twiml import TwiML

from ivr import dialplan as dp
from ivr.agi.replies import extension_from_interface
from ivr.agi.request import language_code
from ivr.agi.routes import prompt_library
from ivr.config import IvrConfig
from ivr.exceptions import IvrError
from ivr.prompts import LANGUAGES, SURVEY, SURVEY_PROMPTS
from ivr.survey.identity import SurveyIdentity, skip_reason
from ivr.survey.sets import ActiveSurveySets, SurveyPlan, SurveyPlans
from ivr.survey.store import DbSurveyStore, Outcome
from ivr.twilio.survey import BadTwilioState, Turn, TwilioState, advance, hangup_twiml, say
from storage.db import unit_of_work
from storage.models import SurveyResponse
from storage.repositories.surveys import SurveyRepository

log = logging.getLogger(__name__)
router = APIRouter(prefix="/twilio", tags=["twilio"])
XML = "application/xml"
_NAME = re.compile(r"^[a-z0-9_-]{1,64}$")
ANSWERED = {"completed", "answered"}


def _config(request: Request) -> IvrConfig:
    config: IvrConfig = request.app.state.ivr_config
    return config


def _sessions(request: Request) -> sessionmaker[Session]:
    sessions: sessionmaker[Session] = request.app.state.sessions
    return sessions


def _base(config: IvrConfig, request: Request) -> str:
    return config.twilio_public_url.rstrip("/") or str(request.base_url).rstrip("/")


def signature_is_valid(url: str, params: Mapping[str, str], signature: str | None, auth_token: str) -> bool:
    """Twilio's own RequestValidator: the URL with and without the default port (Twilio signs either
    form), repeated form keys; an empty token or signature never validates."""
    if not auth_token or not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, params, signature))


async def signed_form(request: Request) -> dict[str, str]:
    """The POST form, after checking Twilio's signature over the public URL + form."""
    config = _config(request)
    if not config.twilio_auth_token:
        raise HTTPException(503, "Twilio webhooks are off: set ivr.twilio_auth_token")
    # text values only (an uploaded file becomes its repr and fails the check); repeated keys kept
    raw = MultiDict([(k, str(v)) for k, v in (await request.form()).multi_items()])
    url = _base(config, request) + request.url.path + (f"?{request.url.query}" if request.url.query else "")
    signature = request.headers.get("X-Twilio-Signature")
    if not signature_is_valid(url, raw, signature, config.twilio_auth_token):
        log.warning("Twilio webhook %s refused: invalid X-Twilio-Signature", request.url.path)
        raise HTTPException(403, "invalid X-Twilio-Signature")
    return dict(raw.items())


SignedForm = Annotated[dict[str, str], Depends(signed_form)]


def _prompt_verb(config: IvrConfig, base: str, plan: SurveyPlan) -> Callable[[TwiML, str, str, str], None]:
    library = prompt_library(config)

    def verb(parent: TwiML, name: str, language: str, namespace: str) -> None:
        group = namespace or SURVEY
        if Path(library.playback_path(group, name, language) + ".wav").is_file():
            parent.play(f"{base}/twilio/prompts/{language}/{group}/{name}.wav")
        elif namespace:  # a survey set's question: the script's text
            texts = plan.texts.get(name, {})
            say(parent, texts.get(language) or next(iter(texts.values()), name), language)
        else:
            say(parent, SURVEY_PROMPTS[name][language], language)

    return verb


def survey_sets(request: Request) -> SurveyPlans:
    """One ActiveSurveySets per app (its parsed-version cache lives as long as the app)."""
    plans: SurveyPlans | None = getattr(request.app.state, "survey_sets", None)
    if plans is None:
        plans = request.app.state.survey_sets = ActiveSurveySets(_sessions(request))
    return plans


def _turn(request: Request, state: TwilioState, form: dict[str, str] | None, plan: SurveyPlan) -> Turn:
    config, base = _config(request), _base(_config(request), request)
    return advance(
        config.survey,
        state,
        form,
        _prompt_verb(config, base, plan),
        lambda s: f"{base}/twilio/survey/step?{s.query()}",
        plan.questions,
    )


def _store_turn(sessions: sessionmaker[Session], state: TwilioState, turn: Turn) -> None:
    store = DbSurveyStore(sessions)
    if turn.new_rating and turn.rating is not None:
        store.record(state.response_id, turn.rating, turn.attempts)
    for question_id, kind, value in turn.answers:
        store.answer(state.response_id, question_id, kind, value)
    if turn.status is not None:
        outcome = Outcome(turn.status.value, turn.rating, turn.attempts, turn.comment_url)
        store.finish(state.response_id, outcome)


def _identity(request: Request, form: dict[str, str]) -> SurveyIdentity:
    params, config = request.query_params, _config(request)
    call_sid = form.get("CallSid", "")
    if not call_sid:
        raise HTTPException(400, "CallSid missing")
    code = language_code(params.get(dp.PARAM_LANGUAGE, ""))
    agent = extension_from_interface(params.get(dp.PARAM_AGENT, ""))
    return SurveyIdentity(
        call_id=call_sid,
        uniqueid=call_sid,
        linkedid="",
        agent=agent,
        queue=params.get(dp.PARAM_QUEUE, ""),
        language=code or config.survey.default_language,
        caller=form.get("From", "").removeprefix("client:"),
        channel="twilio",
        answered=form.get("DialCallStatus", "completed") in ANSWERED,
        language_chosen=code is not None,
    )


@router.post("/survey")
async def survey_start(request: Request, form: SignedForm) -> Response:
    """First webhook (the <Dial> action after the consultant hung up): claim the call, ask for a rating."""
    identity = _identity(request, form)
    store = DbSurveyStore(_sessions(request))
    response_id = await run_in_threadpool(store.begin, identity)
    if response_id is None:  # a second survey for this call: refused (logged by the store)
        return Response(hangup_twiml(), media_type=XML)
    if reason := skip_reason(identity):
        await run_in_threadpool(store.finish, response_id, Outcome("skipped", skip_reason=reason))
        return Response(hangup_twiml(), media_type=XML)
    plans = survey_sets(request)
    plan = await run_in_threadpool(plans.for_call, identity.queue, identity.language)
    turn = _turn(request, TwilioState(response_id, identity.language, plan=plan.key), None, plan)
    return Response(turn.twiml, media_type=XML)


@router.post("/survey/step")
async def survey_step(request: Request, form: SignedForm) -> Response:
    """Gather / Record results: feed them to the survey and answer with the next TwiML."""
    try:
        state = TwilioState.from_query(dict(request.query_params))
        if not await run_in_threadpool(_belongs_to_call, _sessions(request), state.response_id, form):
            raise HTTPException(403, "the survey state in the URL belongs to another call")
        try:
            plan = await run_in_threadpool(survey_sets(request).by_key, state.plan)
        except IvrError as exc:
            raise BadTwilioState(str(exc)) from exc
        turn = _turn(request, state, form, plan)
    except BadTwilioState as exc:  # signed, yet no state the survey can be in: hang up, store nothing
        log.warning("Twilio survey step for %s refused: %s", form.get("CallSid", "?"), exc)
        return Response(hangup_twiml(), status_code=400, media_type=XML)
    await run_in_threadpool(_store_turn, _sessions(request), state, turn)
    return Response(turn.twiml, media_type=XML)


@router.post("/survey/status")
async def survey_status(request: Request, form: SignedForm) -> Response:
    """Call status callback: a survey still running when the call ended was abandoned."""
    call_sid = form.get("CallSid", "")
    if form.get("CallStatus") in {"completed", "busy", "failed", "no-answer", "canceled"} and call_sid:
        await run_in_threadpool(_abandon, _sessions(request), call_sid)
    return Response(status_code=204)


def _belongs_to_call(sessions: sessionmaker[Session], response_id: int, form: dict[str, str]) -> bool:
    """The state's survey row is the one of the webhook's CallSid (a signed URL is no pass to others)."""
    with unit_of_work(sessions) as session:
        row = session.get(SurveyResponse, response_id)
        return row is not None and bool(form.get("CallSid")) and row.call.external_id == form["CallSid"]


def _abandon(sessions: sessionmaker[Session], call_sid: str) -> None:
    with unit_of_work(sessions) as session:
        repo = SurveyRepository(session)
        row = repo.by_call(call_sid)
        if row is not None and row.finished_at is None:
            repo.finish(row.id, "abandoned")


@router.get("/prompts/{language}/{namespace}/{name}.wav")
def prompt_file(request: Request, language: str, namespace: str, name: str) -> FileResponse:
    """Rendered (or custom) prompt audio for <Play>; names are checked, no path tricks."""
    if language not in LANGUAGES or not _NAME.match(namespace) or not _NAME.match(name):
        raise HTTPException(404, "no such prompt")
    path = Path(prompt_library(_config(request)).playback_path(namespace, name, language) + ".wav")
    if not path.is_file():
        raise HTTPException(404, "no such prompt")
    return FileResponse(path, media_type="audio/wav")
