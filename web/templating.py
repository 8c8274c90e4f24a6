"""Jinja2 environment (autoescape on) and the ``render`` helper every page uses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from storage.models import Role, User
from web.deps import csrf_token

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

NAV = [  # (path, label, roles that see the link)
    ("/calls", "Calls", set(Role)),
    ("/disputes", "Disputes", set(Role)),
    ("/followups", "Follow-ups", {Role.TEAM_LEAD, Role.QA, Role.ADMIN}),
    ("/scorecards", "Scorecards", set(Role)),
    ("/calibration", "Calibration", {Role.QA, Role.ADMIN}),
    ("/audit", "Audit log", {Role.QA, Role.ADMIN}),
    ("/scripts", "Scripts", {Role.ADMIN}),
    ("/users", "Users", {Role.ADMIN}),
]


def clock(seconds: float | None) -> str:
    """72.5 -> '1:12'."""
    if seconds is None:
        return ""
    total = int(seconds)
    return f"{total // 60}:{total % 60:02d}"


def local_time(tz: str) -> Callable[[datetime | None], str]:
    """A filter showing stored UTC times in the centre's time zone (reports.timezone)."""
    zone = ZoneInfo(tz)

    def when(value: datetime | None) -> str:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""

    return when


def answer(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "n/a"}[value]


def make_templates(tz: str) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    templates.env.autoescape = True
    templates.env.filters.update(clock=clock, when=local_time(tz), answer=answer)
    templates.env.globals["tz"] = tz
    return templates


def render(
    request: Request, template: str, user: User | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    nav = [(path, label) for path, label, roles in NAV if user is not None and user.role in roles]
    ctx = {"user": user, "nav": nav, "csrf": csrf_token(request), **context}
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)
