"""The call list: filters as SQL, keyset paging on (started_at, id) — no COUNT(*), no OFFSET."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, false, select, text, tuple_
from sqlalchemy.orm import Session

from reports.exceptions import ReportsError
from reports.metrics import effective_evaluation
from reports.periods import parse_period, zone_info
from storage.models import (
    SURVEY_STATUSES,
    Agent,
    Call,
    Evaluation,
    ItemResult,
    Queue,
    Role,
    SurveyResponse,
    Team,
    User,
)
from web.exceptions import BadRequest
from web.i18n import N_
from web.queries import search
from web.queries.checklists import active_items
from web.scope import call_scope


@dataclass
class CallFilters:
    """Query-string filters of /calls; empty strings mean 'any'."""

    period: str = ""
    date_from: str = ""
    date_to: str = ""
    agent: str = ""  # extension
    team: str = ""  # name
    queue: str = ""  # name
    language: str = ""
    score_min: str = ""
    score_max: str = ""
    rating: str = ""
    item: str = ""
    failed: str = ""  # "1": the item failed, "0": it passed (with ``item``)
    survey: str = ""
    q: str = ""
    critical: str = ""  # "1": calls with a critical failure (reports' drill-down)
    long: str = ""  # "1": calls longer than reports.long_call_s
    review: str = ""  # "1": calls with an automatic answer that needs review (issue 12)

    def as_params(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v != ""}


def _number(name: str, value: str, kind: type[float] | type[int] = float) -> float:
    try:
        return kind(value.strip())
    except ValueError as exc:
        raise BadRequest(N_("%(v0)s must be a number, got %(v1)s"), v0=name, v1=repr(value)) from exc


@dataclass
class CallRow:
    id: int
    external_id: str
    started_at: datetime
    duration_s: float | None
    language: str | None
    agent: str
    team: str
    queue: str
    rating: int | None
    survey_status: str | None
    score: float | None = None
    passed: bool | None = None


@dataclass
class CallPage:
    rows: list[CallRow] = field(default_factory=list)
    newer: int | None = None  # cursor: ?before=<id>
    older: int | None = None  # cursor: ?after=<id>


def _local_day(text: str, tz: str, name: str) -> datetime:
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise BadRequest(N_("%(v0)s: use YYYY-MM-DD, got %(v1)s"), v0=name, v1=repr(text)) from exc
    return datetime.combine(day, time.min, zone_info(tz)).astimezone(UTC)


def _time_conditions(f: CallFilters, tz: str) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.period:
        try:
            start, end = parse_period(f.period).utc_range(tz)
        except ReportsError as exc:
            raise BadRequest(str(exc)) from exc
        conds += [Call.started_at >= start, Call.started_at < end]
    if f.date_from:
        conds.append(Call.started_at >= _local_day(f.date_from, tz, "from"))
    if f.date_to:
        conds.append(Call.started_at < _local_day(f.date_to, tz, "to") + timedelta(days=1))
    return conds


def _current_evaluation() -> ColumnElement[bool]:
    """The evaluation a call is judged by — the same rule as the reports (human over auto)."""
    return effective_evaluation()


def _quality_conditions(
    f: CallFilters, dialect: str, long_call_s: float, text_search: search.TextSearch | None = None
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.critical == "1":
        conds.append(exists().where(_current_evaluation(), Evaluation.critical_failures > 0))
    if f.long == "1":
        conds.append(Call.duration_s > long_call_s)
    if f.review == "1":
        pending = ItemResult.needs_review.is_(True) & ItemResult.overridden.is_(False)
        conds.append(select(ItemResult.id).join(Evaluation).where(_current_evaluation(), pending).exists())
    if f.score_min.strip() or f.score_max.strip():
        lo = _number("score_min", f.score_min) if f.score_min.strip() else -1e9
        hi = _number("score_max", f.score_max) if f.score_max.strip() else 1e9
        conds.append(exists().where(_current_evaluation(), Evaluation.score.between(lo, hi)))
    if f.item:
        want = f.failed != "0"
        item = (
            select(ItemResult.id)
            .join(Evaluation)
            .where(_current_evaluation(), ItemResult.item_id == f.item, ItemResult.passed.is_(not want))
        )
        conds.append(item.exists())
    if f.rating.strip():
        rating = _number("rating", f.rating, int)
        conds.append(SurveyResponse.rating == rating)  # survey_responses is outer-joined (one per call)
    if f.survey == "none":
        conds.append(SurveyResponse.id.is_(None))
    elif f.survey:
        if f.survey not in SURVEY_STATUSES:
            raise BadRequest(N_("survey status must be one of %(v0)s or none"), v0=", ".join(SURVEY_STATUSES))
        conds.append(SurveyResponse.status == f.survey)
    if f.q.strip():
        conds.append(search.condition(text_search or search.TextSearch(f.q.strip(), dialect)))
    return conds


def _org_conditions(f: CallFilters) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.agent:
        conds.append(Call.agent_id == select(Agent.id).where(Agent.extension == f.agent).scalar_subquery())
    if f.team:
        conds.append(Call.team_id == select(Team.id).where(Team.name == f.team).scalar_subquery())
    if f.queue:
        conds.append(Call.queue_id == select(Queue.id).where(Queue.name == f.queue).scalar_subquery())
    if f.language:
        conds.append(Call.language == f.language)
    return conds


def filtered_calls(
    user: User,
    f: CallFilters,
    tz: str,
    dialect: str,
    long_call_s: float = 900.0,
    text_search: search.TextSearch | None = None,
) -> Select[*tuple[Any, ...]]:
    """Visible calls matching the filters, joined to what the list shows (not yet ordered or limited)."""
    conds = [
        call_scope(user),
        *_time_conditions(f, tz),
        *_org_conditions(f),
        *_quality_conditions(f, dialect, long_call_s, text_search),
    ]
    return (
        select(
            Call.id,
            Call.external_id,
            Call.started_at,
            Call.duration_s,
            Call.language,
            Agent.extension,
            Agent.name,
            Team.name.label("team"),
            Queue.name.label("queue"),
            SurveyResponse.rating,
            SurveyResponse.status,
        )
        .outerjoin(Agent, Agent.id == Call.agent_id)
        .outerjoin(Team, Team.id == Call.team_id)
        .outerjoin(Queue, Queue.id == Call.queue_id)
        .outerjoin(SurveyResponse, SurveyResponse.call_id == Call.id)
        .where(*conds)
    )


def _cursor(session: Session, user: User, call_id: int) -> tuple[datetime, int]:
    """The cursor call's start, only if the user may see that call (else its time would leak)."""
    started = session.scalar(select(Call.started_at).where(Call.id == call_id, call_scope(user)))
    if started is None:
        raise BadRequest(N_("no call %(v0)s to page from"), v0=call_id)
    return started, call_id


def _keyset(
    session: Session, user: User, stmt: Select[*tuple[Any, ...]], after: int | None, before: int | None
) -> Select[*tuple[Any, ...]]:
    """Newest first below ``after``; with ``before``, oldest first above it (the caller reverses)."""
    key = tuple_(Call.started_at, Call.id)
    if before is not None:
        stmt = stmt.where(key > tuple_(*_cursor(session, user, before)))
        return stmt.order_by(Call.started_at.asc(), Call.id.asc())
    if after is not None:
        stmt = stmt.where(key < tuple_(*_cursor(session, user, after)))
    return stmt.order_by(Call.started_at.desc(), Call.id.desc())


def _row(r: Any) -> CallRow:
    agent = f"{r[5]} {r[6]}" if r[5] else ""
    return CallRow(r[0], r[1], r[2], r[3], r[4], agent, r[7] or "", r[8] or "", r[9], r[10])


def list_calls(
    session: Session,
    user: User,
    f: CallFilters,
    tz: str,
    *,
    size: int,
    after: int | None = None,
    before: int | None = None,
    long_call_s: float = 900.0,
) -> CallPage:
    """One page, newest first. ``after``: the page below that call; ``before``: the page above it."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":  # a LIMIT-51 page: parallel workers only add latency (bench/web.py: 6x)
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    text_search = search.plan(session, f.q.strip(), size + 1) if f.q.strip() else None
    listed = filtered_calls(user, f, tz, dialect, long_call_s, text_search)
    stmt = _keyset(session, user, listed, after, before)
    raw = list(session.execute(stmt.limit(size + 1)))
    more = len(raw) > size
    raw = raw[:size][::-1] if before is not None else raw[:size]
    rows = [_row(r) for r in raw]
    _attach_scores(session, rows)
    page = CallPage(rows=rows)
    if rows:
        page.newer = rows[0].id if (more if before is not None else after is not None) else None
        page.older = rows[-1].id if (more if before is None else True) else None
    return page


def _attach_scores(session: Session, rows: list[CallRow]) -> None:
    if not rows:
        return
    stmt = (
        select(Evaluation.call_id, Evaluation.score, Evaluation.passed)
        .where(Evaluation.call_id.in_([r.id for r in rows]), Evaluation.is_current.is_(True))
        .order_by(case((Evaluation.kind == "human", 1), else_=0), Evaluation.id)  # human wins, as in reports
    )
    scores = {call_id: (score, passed) for call_id, score, passed in session.execute(stmt)}
    for row in rows:
        row.score, row.passed = scores.get(row.id, (None, None))


def filter_options(session: Session, user: User) -> dict[str, list[str]]:
    """Values for the filter pickers, limited to what the user may see."""
    agents = select(Agent.extension, Agent.name).order_by(Agent.extension)
    teams = select(Team.name).order_by(Team.name)
    if user.role == Role.TEAM_LEAD:
        agents = agents.where(Agent.team_id == user.team_id)
        teams = teams.where(Team.id == user.team_id)
    elif user.role == Role.AGENT:
        agents = agents.where(Agent.id == user.agent_id)
        teams = teams.where(false())
    return {
        "agents": [f"{e}|{n}" for e, n in session.execute(agents)],
        "teams": list(session.scalars(teams)),
        "queues": list(session.scalars(select(Queue.name).order_by(Queue.name))),
        "item_ids": sorted(active_items(session)),
        "survey_statuses": [*SURVEY_STATUSES, "none"],
    }
