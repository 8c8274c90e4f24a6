"""The route table of the FastAGI server: ``survey`` and ``script/<name>``; built from settings."""

from __future__ import annotations

import atexit
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from ivr import dialplan as dp
from ivr.agi.channel import SapaAGI
from ivr.agi.peers import parse_allow_list
from ivr.agi.request import AgiRequest
from ivr.agi.server import AgiServer, Handler, PeerPolicy, RouteTable
from ivr.config import IvrConfig
from ivr.prompts import PromptLibrary
from ivr.survey.handler import SurveyDeps, SurveyHandler
from ivr.survey.store import SurveyStore
from ivr.survey.writer import JournaledSurveyStore

SURVEY_ROUTE = dp.AGI_SURVEY
SCRIPT_ROUTE = dp.AGI_SCRIPT


def prompt_library(config: IvrConfig) -> PromptLibrary:
    return PromptLibrary(Path(config.prompts_dir), Path(config.custom_prompts_dir))


def survey_deps(config: IvrConfig, store: SurveyStore) -> SurveyDeps:
    return SurveyDeps(config.survey, prompt_library(config), store, Path(config.comments_dir))


def build_routes(
    config: IvrConfig, store: SurveyStore, sessions: sessionmaker[Session] | None = None
) -> RouteTable:
    """``survey`` always; ``script/<name>`` when a database is there to read the active script from."""
    deps = survey_deps(config, store)
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
    store = JournaledSurveyStore(sessions, Path(config.journal_dir))
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
