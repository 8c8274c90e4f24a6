"""Follow-ups of unhappy callers (composition root): scan finished surveys, create, optionally e-mail.

A completed (or rated-then-abandoned) survey with a rating <= ``reports.followups.max_rating`` or a
"not resolved" answer gets one follow-up for the team lead of the rated agent's team. ``sync`` is
idempotent (one follow-up per call, unique in the database) and runs from the report scheduler every
``sync_interval_min`` minutes, after `sapa ingest`, and on `sapa followups sync` — never inside the
FastAGI call path, so the survey never waits for it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from reports.exceptions import ReportsError
from reports.mail import send_message
from sapa.wiring import App
from storage.models import Agent, Call, FollowUp, Team, utcnow
from storage.repositories.followups import FollowUpRepository

log = logging.getLogger(__name__)


@dataclass
class SyncResult:
    created: list[int] = field(default_factory=list)  # follow-up ids
    emailed: int = 0
    errors: list[str] = field(default_factory=list)


def sync(app: App) -> SyncResult:
    """Create the missing follow-ups, then e-mail the new ones where configured."""
    cfg = app.settings.reports.followups
    result = SyncResult()
    with app.uow() as session:
        repo = FollowUpRepository(session)
        for candidate in repo.candidates(cfg.max_rating, cfg.on_not_resolved):
            follow_up = repo.create(candidate)
            if follow_up is not None:
                result.created.append(follow_up.id)
    if result.created:
        log.info("%d new follow-up(s) for team leads", len(result.created))
    if cfg.email_to:
        _mail_new(app, result)
    return result


def _mail_new(app: App, result: SyncResult) -> None:
    """One message per team with its follow-ups not yet e-mailed; marked e-mailed only when sent."""
    cfg, smtp = app.settings.reports.followups, app.settings.reports.smtp
    with app.uow() as session:
        rows = session.execute(
            select(FollowUp, Team.name, Agent.extension)
            .outerjoin(Team, Team.id == FollowUp.team_id)
            .join(Call, Call.id == FollowUp.call_id)
            .outerjoin(Agent, Agent.id == Call.agent_id)
            .where(FollowUp.emailed_at.is_(None), FollowUp.status == "open")
            .order_by(FollowUp.id)
        ).all()
        by_team: dict[str, list[tuple[FollowUp, str | None]]] = defaultdict(list)
        for follow_up, team, extension in rows:
            by_team[team or ""].append((follow_up, extension))
        for team, items in by_team.items():
            to = cfg.email_to.get(team) or cfg.email_to.get("*") or []
            if not to:
                continue
            try:
                send_message(smtp, to, _subject(team, len(items)), _body(app, items))
            except ReportsError as exc:
                result.errors.append(str(exc))
                log.error("%s", exc)
                continue
            for follow_up, _ext in items:
                follow_up.emailed_at = utcnow()
            result.emailed += len(items)


def _subject(team: str, count: int) -> str:
    return f"Sapa: {count} new follow-up(s) for team {team or '(no team)'}"


def _body(app: App, items: list[tuple[FollowUp, str | None]]) -> str:
    base = app.settings.reports.link_base.rstrip("/")
    lines = [
        "Callers who were unhappy with a call or whose issue was not resolved.",
        "Please call them back; the follow-up is for the customer, not a sanction (004 §4.8).",
        "",
    ]
    for follow_up, extension in items:
        rating = follow_up.rating if follow_up.rating is not None else "-"
        lines.append(
            f"- call {follow_up.call.external_id}, agent {extension or '?'}, rating {rating}, "
            f"{follow_up.reason.replace('+', ' and ')}: {base}/followups#f-{follow_up.id}"
        )
    return "\n".join(lines) + "\n"
