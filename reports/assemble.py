"""Build a whole report: agent scorecards, team scorecards or a summary (centre, queue, language, public)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from reports.build import WHOLE_CENTRE, Builder, Group, Report, Section
from reports.config import ReportsConfig
from reports.exceptions import ReportsError
from reports.gaming import survey_gaming
from reports.i18n import N_
from reports.metrics import tune_session
from reports.periods import Period
from storage.models import Agent, Team

log = logging.getLogger(__name__)

GROUPINGS = ("agent", "team", "queue", "language", "centre")


def build_report(
    session: Session,
    cfg: ReportsConfig,
    period: Period,
    by: str,
    *,
    agent: str | None = None,
    team: str | None = None,
    public: bool = False,
    language: str | None = None,
) -> Report:
    """All numbers of one report, read with a handful of aggregate queries; item titles in ``language``
    (the script's own title in that language when it has one; default reports.language)."""
    if by not in GROUPINGS:
        raise ReportsError(f"unknown grouping {by!r}; one of {', '.join(GROUPINGS)}")
    if public and (by == "agent" or agent):
        raise ReportsError(
            "a public report has no personal data: group it by team, queue, language or centre"
        )
    tune_session(session)
    b = Builder(session, cfg, period, public, language)
    filters = {
        "agent_id": b.resolve(Agent, Agent.extension, agent),
        "team_id": b.resolve(Team, Team.name, team),
    }
    params = {k: v for k, v in (("agent", agent), ("team", team)) if v}
    if by in ("agent", "team"):
        # the "Whole centre" column beside each scorecard: this period only, no items, no trend
        total = b.groups("centre", {}, items=False, trend=False, keep=(None,), previous=False)[0]
    else:
        total = b.groups("centre", filters, extra=params, keep=(None,))[0]
        total.label_msgid, total.label_params = _scope_label(agent, team)
        total.label = total.label_msgid % total.label_params
    report = Report("summary", by, period, cfg.timezone, public, total, [], [])
    if by == "agent":
        report.layout = "agent"
        keep = (filters["agent_id"],) if filters["agent_id"] else ()
        report.scorecards = b.groups("agent", filters, extra=params, keep=keep)
    elif by == "team":
        report.layout = "team"
        report.scorecards = _team_cards(b, filters)
    else:
        report.sections = _sections(b, by, filters, params)
    log.info(
        "report %s by %s: %d scorecards, %d sections",
        period,
        by,
        len(report.scorecards),
        len(report.sections),
    )
    return report


def _scope_label(agent: str | None, team: str | None) -> tuple[str, dict[str, str]]:
    """The summary's label as a msgid and its parameters (written in the report's language)."""
    if agent:
        return N_("Agent %(name)s"), {"name": agent}
    return (N_("Team %(name)s"), {"name": team}) if team else (WHOLE_CENTRE, {})


def _team_cards(b: Builder, filters: dict[str, int | None]) -> list[Group]:
    keep = (filters["team_id"],) if filters["team_id"] else ()
    cards = b.groups("team", filters, keep=keep)
    for card in cards:
        if card.key is not None:
            sub = {"agent_id": filters["agent_id"], "team_id": int(card.key)}
            card.children = b.groups("agent", sub, items=False, trend=False, extra=card.params)
            card.gaming = survey_gaming(
                b.session, b.period, b.cfg.timezone, b.cfg.survey_gaming, int(card.key), b.cfg.link_base
            )
    return cards


def _sections(b: Builder, by: str, filters: dict[str, int | None], params: dict[str, str]) -> list[Section]:
    kinds = ["team", "queue", "language"] if by == "centre" else [by]
    sections = []
    for kind in kinds:
        groups = b.groups(kind, filters, items=False, trend=False, extra=params)
        section = Section(kind, groups)
        if b.public:
            section.groups = [g for g in groups if (g.value("calls") or 0) >= b.cfg.public_min_calls]
            section.hidden = len(groups) - len(section.groups)
        sections.append(section)
    return sections
