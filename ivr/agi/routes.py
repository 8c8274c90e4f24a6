"""The route table of the FastAGI server: ``survey`` and ``script/<name>``; built from settings."""

from __future__ import annotations

import atexit
import logging
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from ivr import dialplan as dp
from ivr.agi.channel import SapaAGI
from ivr.agi.peers import parse_allow_list
from ivr.agi.request import AgiRequest
from ivr.agi.server import AgiServer, Handler, PeerPolicy, RouteTable
from ivr.config import IvrConfig
from ivr.prompts import PromptLibrary
from ivr.survey.handler import SurveyDeps, SurveyHandler
from ivr.survey.identity import SurveyIdentity
from ivr.survey.sets import ActiveSurveySets, DefaultPlans, SurveyPlans
from ivr.survey.store import DbSurveyStore, Outcome, SurveyStore
from ivr.survey.writer import JournaledSurveyStore

log = logging.getLogger(__name__)
SURVEY_ROUTE = dp.AGI_SURVEY
SCRIPT_ROUTE = dp.AGI_SCRIPT


def prompt_library(config: IvrConfig) -> PromptLibrary:
    return PromptLibrary(Path(config.prompts_dir), Path(config.custom_prompts_dir))


def survey_deps(config: IvrConfig, store: SurveyStore, plans: SurveyPlans | None = None) -> SurveyDeps:
    return SurveyDeps(
        config.survey, prompt_library(config), store, Path(config.comments_dir), plans or DefaultPlans()
    )


class WithAnswers:
    """A store without ``answer`` (a caller's own store; the production journal has it): survey-set
    answers go straight to the database, one short transaction each; the rest as before."""

    def __init__(self, inner: Any, sessions: sessionmaker[Session]) -> None:
        self.inner, self.db = inner, DbSurveyStore(sessions)

    def begin(self, identity: SurveyIdentity) -> int | None:
        result: int | None = self.inner.begin(identity)
        return result

    def record(self, response_id: int, rating: int, attempts: int) -> None:
        self.inner.record(response_id, rating, attempts)

    def answer(self, response_id: int, question_id: str, kind: str, value: int) -> None:
        try:
            self.db.answer(response_id, question_id, kind, value)
        except Exception:  # the call goes on; the answer is in the log line
            log.exception("survey answer %s=%s of response %s not stored", question_id, value, response_id)

    def finish(self, response_id: int, outcome: Outcome) -> None:
        self.inner.finish(response_id, outcome)

    def close(self) -> None:
        close = getattr(self.inner, "close", None)
        if callable(close):
            close()


def build_routes(
    config: IvrConfig, store: SurveyStore, sessions: sessionmaker[Session] | None = None
) -> RouteTable:
    """``survey`` always; ``script/<name>`` and survey sets when a database is there to read the active
    scripts from."""
    if sessions is not None and not hasattr(store, "answer"):  # a caller passing the bare writer
        store = WithAnswers(store, sessions)
    deps = survey_deps(config, store, ActiveSurveySets(sessions) if sessions is not None else None)
    routes = RouteTable()

    def survey(agi: SapaAGI, request: AgiRequest) -> Handler:
        return SurveyHandler(agi, request, deps)

    routes.add(SURVEY_ROUTE, survey)
    if sessions is not None:
        from ivr.script.handler import script_route

        routes.add(SCRIPT_ROUTE, script_route(config, sessions, deps))
    return routes


def peer_policy(config: IvrConfig) -> PeerPolicy:
    return PeerPolicy(
        allow=parse_allow_list(config.agi_allow),
        max_sessions_per_peer=config.max_sessions_per_peer,
        max_pending_headers=config.max_pending_headers,
        max_pending_per_peer=config.max_pending_per_peer,
    )


def build_server(
    config: IvrConfig,
    sessions: sessionmaker[Session],
    *,
    host: str | None = None,
    port: int | None = None,
) -> AgiServer:
    """The production server: survey results go to the local journal, then to the database."""
    store = JournaledSurveyStore(sessions, Path(config.journal_dir), own_process=True)
    routes = build_routes(config, store, sessions)
    server = AgiServer(
        routes,
        host if host is not None else config.agi_host,
        port if port is not None else config.agi_port,
        header_timeout_s=config.header_timeout_s,
        reply_timeout_s=config.reply_timeout_s,
        max_sessions=config.max_sessions,
        policy=peer_policy(config),
    )
    server.on_stop.append(store.close)
    server.on_sync.append(store.sync)
    return server


def start_background_server(config: IvrConfig, sessions: sessionmaker[Session]) -> AgiServer:
    """For ``sapa serve``: the AGI server runs in its own threads beside the web UI and stops
    gracefully (calls in progress finish) when the process exits."""
    server = build_server(config, sessions)
    server.start()
    atexit.register(server.stop)
    return server
