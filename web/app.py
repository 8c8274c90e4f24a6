"""FastAPI application factory (the web UI issue builds the pages on it)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Agent, Call
from web.config import WebConfig


def create_app(sessions: sessionmaker[Session], config: WebConfig) -> FastAPI:
    api = FastAPI(title="Sapa", docs_url=None, redoc_url=None)

    @api.get("/healthz")
    def healthz() -> dict[str, str]:
        with sessions() as session:
            session.execute(select(1))
        return {"status": "ok"}

    @api.get("/", response_class=HTMLResponse)
    def index() -> str:
        with sessions() as session:
            agents = session.scalar(select(func.count(Agent.id))) or 0
            calls = session.scalar(select(func.count(Call.id))) or 0
        return f"<!doctype html><title>Sapa</title><h1>Sapa</h1><p>{agents} agents, {calls} calls.</p>"

    return api
