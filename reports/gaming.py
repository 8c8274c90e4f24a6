"""Survey gaming made visible: per agent and period, answered calls vs surveys offered, who ended the call,
calls where the agent stayed on the line until the caller hung up (so the survey never ran), and the rating
distribution against the team's; outliers are flagged with the calls behind them.

The PBX reports every answered call (docs/asterisk/: the survey route with ``ended=agent|caller|transfer``,
stored as ``calls.hangup_by``), so a call that was never surveyed is still counted. One aggregate query per
team (GROUP BY agent) plus one small query per flagged agent for the calls behind the flag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from reports import i18n
from reports.config import SurveyGamingConfig
from reports.i18n import N_
from reports.metrics import OFFERED_STATUSES
from reports.periods import Period, edges
from storage.models import Agent, Call, SurveyResponse

ENDED = ("agent", "caller", "transfer")


class Flag(NamedTuple):
    """One reason to look at an agent: a msgid and its numbers (str(): the English text)."""

    msgid: str
    params: dict[str, str]

    def __str__(self) -> str:
        return self.msgid % self.params

    def text(self) -> str:
        """In the language of the rendering (reports.i18n)."""
        return i18n.gettext(self.msgid) % self.params


def _pct(value: float | None) -> str:
    return f"{value:.0f}" if value is not None else "—"


@dataclass
class SurveyStats:
    """Counts for one agent (or, summed, the team)."""

    label: str
    answered: int = 0
    offered: int = 0
    ended: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ENDED, 0))
    ratings: list[int] = field(default_factory=lambda: [0] * 5)

    @property
    def offer_rate_pct(self) -> float | None:
        return 100.0 * self.offered / self.answered if self.answered else None

    @property
    def caller_ended_pct(self) -> float | None:
        """Calls the agent kept open until the caller hung up, of the answered calls."""
        return 100.0 * self.ended["caller"] / self.answered if self.answered else None

    @property
    def rated(self) -> int:
        return sum(self.ratings)

    @property
    def rating_mean(self) -> float | None:
        return sum(k * n for k, n in enumerate(self.ratings, 1)) / self.rated if self.rated else None

    @property
    def fives_pct(self) -> float | None:
        return 100.0 * self.ratings[4] / self.rated if self.rated else None

    def add(self, other: SurveyStats) -> None:
        self.answered += other.answered
        self.offered += other.offered
        for key in ENDED:
            self.ended[key] += other.ended[key]
        self.ratings = [a + b for a, b in zip(self.ratings, other.ratings, strict=True)]


@dataclass
class AgentGaming:
    agent_id: int
    extension: str
    stats: SurveyStats
    flags: list[Flag] = field(default_factory=list)
    # The unsurveyed calls behind the flags: (web UI link, external call id).
    calls: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class GamingView:
    team: SurveyStats
    agents: list[AgentGaming]

    @property
    def flagged(self) -> list[AgentGaming]:
        return [a for a in self.agents if a.flags]


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _in_period(period: Period, tz: str, team_id: int | None) -> ColumnElement[bool]:
    lo, hi = edges([period], tz)
    cond = and_(Call.started_at >= lo, Call.started_at < hi, Call.agent_id.is_not(None))
    return and_(cond, Call.team_id == team_id) if team_id is not None else cond


def _agent_rows(session: Session, period: Period, tz: str, team_id: int | None) -> list[AgentGaming]:
    completed = SurveyResponse.status == "completed"
    stmt = (
        select(
            Agent.id,
            Agent.extension,
            Agent.name,
            func.count(Call.id).label("answered"),
            func.sum(_flag(SurveyResponse.status.in_(OFFERED_STATUSES))).label("offered"),
            *[func.sum(_flag(Call.hangup_by == who)).label(f"ended_{who}") for who in ENDED],
            *[
                func.sum(_flag(and_(completed, SurveyResponse.rating == k))).label(f"r{k}")
                for k in range(1, 6)
            ],
        )
        .select_from(Call)
        .join(Agent, Agent.id == Call.agent_id)
        .outerjoin(SurveyResponse, SurveyResponse.call_id == Call.id)
        .where(_in_period(period, tz, team_id))
        .group_by(Agent.id, Agent.extension, Agent.name)
        .order_by(Agent.extension)
    )
    out = []
    for row in session.execute(stmt).mappings():
        stats = SurveyStats(
            f"{row['extension']} {row['name']}",
            int(row["answered"]),
            int(row["offered"] or 0),
            {who: int(row[f"ended_{who}"] or 0) for who in ENDED},
            [int(row[f"r{k}"] or 0) for k in range(1, 6)],
        )
        out.append(AgentGaming(int(row["id"]), str(row["extension"]), stats))
    return out


def flags_for(agent: SurveyStats, team: SurveyStats, cfg: SurveyGamingConfig) -> list[Flag]:
    """Why this agent's survey numbers stand out from the team's (empty: nothing to look at).

    >>> team = SurveyStats("team", 40, 30, {"agent": 30, "caller": 10, "transfer": 0}, [0, 1, 4, 10, 15])
    >>> me = SurveyStats("1002", 10, 3, {"agent": 3, "caller": 7, "transfer": 0}, [0, 0, 0, 0, 3])
    >>> for line in flags_for(me, team, SurveyGamingConfig()): print(line)
    offers the survey on 30 % of answered calls (team 75 %)
    stayed on the line until the caller hung up on 70 % of calls, so no survey ran (team 25 %)
    100 % of ratings are 5 (team 50 %) on few offered surveys
    """
    if agent.answered < cfg.min_calls:
        return []
    flags = []
    offer, team_offer = agent.offer_rate_pct, team.offer_rate_pct
    low_offer = offer is not None and team_offer is not None and offer < team_offer - cfg.offer_gap_pp
    if low_offer:
        flags.append(
            Flag(
                N_("offers the survey on %(agent)s %% of answered calls (team %(team)s %%)"),
                {"agent": _pct(offer), "team": _pct(team_offer)},
            )
        )
    stayed, team_stayed = agent.caller_ended_pct, team.caller_ended_pct
    if stayed is not None and team_stayed is not None and stayed > team_stayed + cfg.caller_ended_gap_pp:
        flags.append(
            Flag(
                N_(
                    "stayed on the line until the caller hung up on %(agent)s %% of calls, so no survey ran "
                    "(team %(team)s %%)"
                ),
                {"agent": _pct(stayed), "team": _pct(team_stayed)},
            )
        )
    fives, team_fives = agent.fives_pct, team.fives_pct
    selective = offer is not None and team_offer is not None and offer < team_offer
    if fives is not None and team_fives is not None and selective and fives > team_fives + cfg.rating_gap_pp:
        flags.append(
            Flag(
                N_("%(agent)s %% of ratings are 5 (team %(team)s %%) on few offered surveys"),
                {"agent": _pct(fives), "team": _pct(team_fives)},
            )
        )
    return flags


def _unsurveyed_calls(
    session: Session, period: Period, tz: str, agent_id: int, limit: int, link_base: str
) -> list[tuple[str, str]]:
    """The agent's answered calls that got no survey, newest first, with their web UI links."""
    not_offered = or_(SurveyResponse.id.is_(None), SurveyResponse.status.not_in(OFFERED_STATUSES))
    stmt = (
        select(Call.id, Call.external_id)
        .outerjoin(SurveyResponse, SurveyResponse.call_id == Call.id)
        .where(_in_period(period, tz, None), Call.agent_id == agent_id, not_offered)
        .order_by(Call.started_at.desc(), Call.id.desc())
        .limit(limit)
    )
    base = link_base.rstrip("/")
    return [(f"{base}/calls/{row.id}", str(row.external_id)) for row in session.execute(stmt)]


def survey_gaming(
    session: Session,
    period: Period,
    tz: str,
    cfg: SurveyGamingConfig,
    team_id: int | None = None,
    link_base: str = "",
) -> GamingView:
    """Per-agent survey statistics of one team (or the whole centre) with outliers flagged."""
    agents = _agent_rows(session, period, tz, team_id)
    team = SurveyStats("team")
    for agent in agents:
        team.add(agent.stats)
    for agent in agents:
        agent.flags = flags_for(agent.stats, team, cfg)
        if agent.flags:
            limit = cfg.max_calls_listed
            agent.calls = _unsurveyed_calls(session, period, tz, agent.agent_id, limit, link_base)
    return GamingView(team, agents)
