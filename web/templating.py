"""Jinja2 environment (autoescape on) and the ``render`` helper every page uses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from storage.models import Role, User
from web import i18n
from web.deps import app_config, csrf_token
from web.i18n import N_

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

NAV = [  # (path, label, roles that see the link)
    ("/calls", N_("Calls"), set(Role)),
    ("/queue", N_("My queue"), {Role.QA}),
    ("/queue/progress", N_("QA progress"), {Role.TEAM_LEAD, Role.QA, Role.ADMIN}),
    ("/evaluations", N_("My evaluations"), {Role.AGENT}),
    ("/disputes", N_("Disputes"), set(Role)),
    ("/followups", N_("Follow-ups"), {Role.TEAM_LEAD, Role.QA, Role.ADMIN}),
    ("/scorecards", N_("Scorecards"), set(Role)),
    ("/calibration", N_("Calibration"), {Role.QA, Role.ADMIN}),
    ("/audit", N_("Audit log"), {Role.QA, Role.ADMIN}),
    ("/scripts", N_("Scripts"), {Role.ADMIN}),
    ("/users", N_("Users"), {Role.ADMIN}),
    ("/admin/jobs", N_("Ingest jobs"), {Role.ADMIN}),
]


def clock(seconds: float | None) -> str:
    """72.5 -> '1:12'."""
    if seconds is None:
        return ""
    total = int(seconds)
    return f"{total // 60}:{total % 60:02d}"


def local_time(tz: str) -> Callable[[datetime | None], str]:
    """A filter: stored UTC times in the centre's time zone (reports.timezone), the reader's locale."""

    def when(value: datetime | None) -> str:
        return i18n.format_when(value, tz)

    return when


def local_day(tz: str) -> Callable[[datetime | None], str]:
    def day(value: datetime | None) -> str:
        return i18n.format_day(value, tz)

    return day


ANSWERS = {True: N_("yes"), False: N_("no"), None: N_("n/a")}
ROLE_NAMES = {
    "admin": N_("admin"),
    "team_lead": N_("team lead"),
    "qa": N_("QA specialist"),
    "agent": N_("agent"),
}
SURVEY_NAMES = {
    "completed": N_("completed"),
    "no_input": N_("no input"),
    "invalid": N_("invalid"),
    "abandoned": N_("abandoned"),
    "skipped": N_("skipped"),
    "error": N_("error"),
    "none": N_("none"),
}
SPEAKER_NAMES = {"agent": N_("agent"), "caller": N_("caller")}
CRITICALITY_NAMES = {"client": N_("client"), "business": N_("business"), "regulator": N_("regulator")}
DISPUTE_NAMES = {
    "open": N_("open"),
    "accepted": N_("accepted"),
    "partially_accepted": N_("partially accepted"),
    "rejected": N_("rejected"),
    "all": N_("all"),
}
GROUPING_NAMES = {"agent": N_("agent"), "team": N_("team"), "queue": N_("queue"), "language": N_("language")}
REASON_NAMES = {
    "critical": N_("critical failure"),
    "low_rating": N_("low caller rating"),
    "needs_review": N_("needs review"),
    "new_agent": N_("new agent"),
    "random": N_("random sample"),
}

ACTION_NAMES = {
    "acknowledge": N_("acknowledged"),
    "agent_created": N_("agent added"),
    "calibration": N_("calibration answers"),
    "calibration_closed": N_("calibration closed"),
    "calibration_created": N_("calibration created"),
    "dispute": N_("dispute"),
    "dispute_resolved": N_("dispute resolved"),
    "evaluation.override": N_("answer overridden"),
    "feedback": N_("feedback"),
    "qa_review": N_("QA review"),
    "script.activate": N_("script activated"),
    "script.import": N_("script version saved"),
    "user_changed": N_("user changed"),
    "user_created": N_("user created"),
    "job.retry": N_("job retried"),
    "login": N_("login"),
    "logout": N_("logout"),
}
ENTITY_NAMES = {
    "call": N_("call"),
    "item_result": N_("answer"),
    "user": N_("user"),
    "agent": N_("agent"),
    "calibration": N_("calibration"),
    "session": N_("session"),
    "script": N_("script"),
    "job": N_("ingest job"),
}


class RoleNames:
    """``role_names[value]`` in templates: the role's name in the page's language."""

    def __getitem__(self, value: str) -> str:
        return i18n.gettext(ROLE_NAMES.get(value, value))


def answer(value: bool | None) -> str:
    return i18n.gettext(ANSWERS[value])


def request_language(request: Request, user: User | None) -> str:
    """The user's language, else the one chosen on the login page, else web.default_language."""
    chosen = getattr(user, "language", None) or (
        request.session.get("lang") if "session" in request.scope else None
    )
    default = app_config(request).web.default_language
    return i18n.normalise(chosen) or i18n.normalise(default) or i18n.DEFAULT_LANGUAGE


def make_templates(tz: str) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    templates.env.autoescape = True
    templates.env.filters.update(
        clock=clock, when=local_time(tz), day=local_day(tz), answer=answer, num=i18n.format_number
    )
    templates.env.filters["t"] = i18n.gettext  # a value's translation (a plain, autoescaped string)
    templates.env.globals.update(
        tz=tz,
        role_names=RoleNames(),
        survey_names=SURVEY_NAMES,
        speaker_names=SPEAKER_NAMES,
        criticality_names=CRITICALITY_NAMES,
        dispute_names=DISPUTE_NAMES,
        grouping_names=GROUPING_NAMES,
        reason_names=REASON_NAMES,
        action_names=ACTION_NAMES,
        entity_names=ENTITY_NAMES,
    )
    i18n.install(templates.env)
    return templates


def unacknowledged(request: Request, user: User | None) -> int:
    """How many human evaluations and feedback an agent has not acknowledged yet (the menu's badge)."""
    if user is None or user.role != Role.AGENT or user.agent_id is None:
        return 0
    from web.queries.notices import unacknowledged_count

    with request.app.state.sessions() as session:
        return unacknowledged_count(session, user.agent_id)


def render(
    request: Request, template: str, user: User | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    i18n.set_language(request_language(request, user))  # the page renders in this thread, now
    nav = [
        (path, i18n.gettext(label)) for path, label, roles in NAV if user is not None and user.role in roles
    ]
    ctx = {
        "user": user,
        "nav": nav,
        "csrf": csrf_token(request),
        "lang": i18n.current_language(),
        "notices": unacknowledged(request, user),
        **context,
    }
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)
