"""Scorecards served live from the reports package: period and grouping pickers, CSV/XLSX download.

Team leads see their own team only; agents only their own scorecard. Drill-down links inside the report
point at /calls?... (reports.links), which applies the viewer's scope again.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, Response

from reports.assemble import GROUPINGS, build_report
from reports.build import Report
from reports.config import ReportsConfig
from reports.exceptions import ReportsError
from reports.export import to_csv, write_xlsx
from reports.periods import KINDS, containing, parse_period
from reports.render import render_html
from storage.models import Agent, Role, Team, User
from web.deps import CurrentUser, DbSession, ReportsSettings, app_config
from web.exceptions import BadRequest, Forbidden
from web.i18n import N_
from web.queries.notices import ack_counts
from web.templating import render, request_language

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ScorecardQuery:
    """The pickers of every scorecard route: ?period=&by=&agent=&team=."""

    period: str = ""
    by: str = "team"
    agent: str = ""
    team: str = ""


Picked = Annotated[ScorecardQuery, Depends()]


def _scope(
    session: Session, user: User, by: str, agent: str, team: str
) -> tuple[str, str | None, str | None]:
    """(by, agent, team) narrowed to what the user may see."""
    if user.role == Role.AGENT:
        own = session.get(Agent, user.agent_id) if user.agent_id else None
        if own is None:
            raise Forbidden(N_("your account is not linked to an agent extension"))
        return "agent", own.extension, None
    if user.role == Role.TEAM_LEAD:
        own_team = session.get(Team, user.team_id) if user.team_id else None
        if own_team is None:
            raise Forbidden(N_("your account is not linked to a team"))
        member = select(Agent.id).where(Agent.extension == agent, Agent.team_id == own_team.id)
        if agent and session.scalar(member) is None:  # else the row would show the name and team
            raise Forbidden(N_("agent %(v0)s is not in your team"), v0=agent)
        return (by if by in ("agent", "team") else "team"), agent or None, own_team.name
    return by, agent or None, team or None


def _report(
    session: Session, config: ReportsConfig, user: User, q: ScorecardQuery, language: str | None = None
) -> Report:
    period, by, agent, team = q.period, q.by, q.agent, q.team
    tz = config.timezone
    if by not in GROUPINGS:
        raise BadRequest(N_("grouping must be one of %(v0)s"), v0=", ".join(GROUPINGS))
    by, agent_ext, team_name = _scope(session, user, by, agent, team)
    try:
        chosen = parse_period(period) if period else containing("month", datetime.now(UTC), tz)
        return build_report(session, config, chosen, by, agent=agent_ext, team=team_name, language=language)
    except ReportsError as exc:
        raise BadRequest(str(exc)) from exc


@router.get("/scorecards")
def scorecards_page(
    request: Request, user: CurrentUser, session: DbSession, config: ReportsSettings, q: Picked
) -> Response:
    report = _report(session, config, user, q)
    params = {"period": report.period.label, "by": report.by, "agent": q.agent, "team": q.team}
    query = urlencode({k: v for k, v in params.items() if v})  # a value with '&' stays one value
    return render(
        request,
        "scorecards.html",
        user,
        report=report,
        query=query,
        groupings=GROUPINGS,
        kinds=KINDS,
        period=report.period.label,
        by=report.by,
        agent=q.agent,
        team=q.team,
        fixed=user.role in (Role.AGENT, Role.TEAM_LEAD),
        acks=ack_counts(session, user, *report.period.utc_range(app_config(request).reports.timezone)),
    )


@router.get("/scorecards/report")
def scorecard_html(
    request: Request, user: CurrentUser, session: DbSession, config: ReportsSettings, q: Picked
) -> Response:
    """The report's own HTML (shown in a frame), in the reader's language; links open in the main window."""
    language = request_language(request, user)
    report = _report(session, config, user, q, language)
    html = render_html(report, config, language=language)
    html = html.replace("<head>", '<head><base target="_top">', 1)
    return HTMLResponse(html, headers={"Cache-Control": "private, no-store"})


@router.get("/scorecards/download.{fmt}")
def scorecard_download(
    user: CurrentUser, session: DbSession, config: ReportsSettings, fmt: str, q: Picked
) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise BadRequest(N_("download as csv or xlsx"))
    report = _report(session, config, user, q)
    name = f"sapa-{report.period.label}-{report.by}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"}
    if fmt == "csv":
        return Response(
            to_csv(report).encode("utf-8-sig"), media_type="text/csv; charset=utf-8", headers=headers
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        write_xlsx(report, path)
        return Response(path.read_bytes(), media_type=XLSX, headers=headers)
