"""Turn metric rows into a report model: groups with cells (value, previous, trend, target met/missed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa.catalogue import active_titles
from reports import i18n
from reports.config import ReportsConfig, Target
from reports.definitions import ITEM_TARGET, METRICS, MetricDef
from reports.exceptions import ReportsError
from reports.gaming import GamingView
from reports.i18n import N_
from reports.links import calls_url
from reports.metrics import (
    UNREGISTERED,
    GroupKey,
    ItemStat,
    MetricRows,
    Scope,
    Values,
    compute,
    trend_metrics,
)
from reports.periods import Period
from storage.models import Agent, Queue, Team

Trend = dict[tuple[int, GroupKey], Values]
COUNTS = {"calls", "survey_offered", "survey_completed", "evaluated", "critical_failures", "long_calls"}
NO_KEY = {
    "agent": N_("(no agent)"),
    "team": N_("(no team)"),
    "queue": N_("(no queue)"),
    "language": N_("(unknown)"),
}
WHOLE_CENTRE = N_("Whole centre")  # labels are msgids: the rendering shows them in the report's language


@dataclass
class Cell:
    metric: MetricDef
    value: float | int | None
    previous: float | int | None
    target: Target | None

    @property
    def met(self) -> bool | None:
        return self.target.met(self.value) if self.target is not None else None

    @property
    def delta(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return float(self.value) - float(self.previous)

    @property
    def improved(self) -> bool | None:
        """Did the change move toward the target? None without a target, a change or a direction."""
        d = self.delta
        if d is None or d == 0 or self.target is None or self.target.direction == "range":
            return None
        return (d > 0) == (self.target.direction == "higher")

    @property
    def arrow(self) -> str:
        d = self.delta
        return "" if d is None else ("▲" if d > 0 else "▼" if d < 0 else "=")

    @property
    def text(self) -> str:
        return self.metric.format(self.value)

    @property
    def delta_text(self) -> str:
        d = self.delta
        if d is None:
            return "—"
        sign = "+" if d > 0 else "−" if d < 0 else "±"
        return sign + self.metric.format(abs(d)).replace(" %", " " + i18n.gettext(N_("pp")))


@dataclass
class ItemRow:
    item_id: str
    stat: ItemStat
    met: bool | None
    failed_url: str | None
    title: str = ""  # from the script catalogue (qa.catalogue): the title the web shows for this id


@dataclass
class Group:
    key: GroupKey
    label: str
    params: dict[str, str]
    cells: dict[str, Cell]
    ratings: list[int]
    trend: list[tuple[str, float | None, float | None]]
    items: list[ItemRow] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    children: list[Group] = field(default_factory=list)
    urls: dict[str, str | None] = field(default_factory=dict)
    gaming: GamingView | None = None  # team scorecards: survey offers and who ended the calls
    # a label the report writes in its language ("Whole centre", "Team %(name)s"); "" = ``label`` is data
    label_msgid: str = ""
    label_params: dict[str, str] = field(default_factory=dict)

    def shown_label(self) -> str:
        """The label in the language of the rendering (reports.i18n); data labels as they are."""
        if not self.label_msgid:
            return self.label
        return i18n.gettext(self.label_msgid) % self.label_params

    def value(self, name: str) -> float | int | None:
        return self.cells[name].value


@dataclass
class Section:
    by: str
    groups: list[Group]
    hidden: int = 0


@dataclass
class Report:
    layout: str  # agent | team | summary
    by: str
    period: Period
    tz: str
    public: bool
    total: Group
    scorecards: list[Group]
    sections: list[Section]
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def previous(self) -> Period:
        return self.period.previous()


@dataclass
class Builder:
    session: Session
    cfg: ReportsConfig
    period: Period
    public: bool = False
    language: str | None = None  # of the item titles (the script's, when it has it); None: reports.language

    @property
    def periods(self) -> list[Period]:
        return self.period.last(self.cfg.trend_periods)

    def _labels(self, by: str) -> dict[GroupKey, tuple[str, dict[str, str], dict[str, str]]]:
        """key -> (label, link params, info) for the groups of one grouping (one small query)."""
        if by == "agent":
            stmt = select(Agent.id, Agent.extension, Agent.name, Team.name).outerjoin(Team)
            return {
                i: (f"{ext} {name}", {"agent": ext}, {"extension": ext, "name": name, "team": t or ""})
                for i, ext, name, t in self.session.execute(stmt)
            }
        if by in ("team", "queue"):
            model = Team if by == "team" else Queue
            return {i: (n, {by: n}, {}) for i, n in self.session.execute(select(model.id, model.name))}
        return {}

    def group(self, key: GroupKey, by: str, rows: MetricRows, trend: Trend, params: dict[str, str]) -> Group:
        label, own, info = self._labels_cache(by).get(key, (None, {}, {}))
        msgid = ""
        if label is None:
            msgid = "" if key is not None else NO_KEY.get(by, WHOLE_CENTRE)
            label = str(key) if key is not None else msgid
            own = {"language": str(key)} if by == "language" and key is not None else {}
        params = {**params, **own}
        last = max((b for b, _ in rows.values), default=0)  # 1 when the previous period was read too
        cur, prev = rows.values.get((last, key), {}), rows.values.get((last - 1, key), {})
        cells = {m.name: self._cell(m, cur, prev) for m in METRICS}
        points = [(p.label, *self._trend_point(trend, i, key)) for i, p in enumerate(self.periods)]
        g = Group(key, label, params, cells, [int(cur.get(f"rating_{k}") or 0) for k in range(1, 6)], points)
        g.label_msgid = msgid
        # "(no queue)", "unregistered 1234" etc.: no filter of the calls page selects them, so no link
        unregistered = isinstance(key, str) and by == "agent" and key.startswith(UNREGISTERED)
        g.info = {"extension": str(key).removeprefix(UNREGISTERED), "name": ""} if unregistered else info
        if unregistered:
            g.label_msgid, g.label_params = (
                N_("unregistered %(extension)s"),
                {"extension": g.info["extension"]},
            )
        links = params if (key is not None or by == "centre") and not unregistered else None
        g.items = self._items(rows.items.get(key, {}), links)
        g.urls = {"critical": self._url(links, critical="1"), "long": self._url(links, long="1")}
        return g

    def _titles(self) -> dict[str, str]:
        """Item id -> title over the active scripts (read once per report)."""
        titles: dict[str, str] = self.__dict__.setdefault(
            "_item_titles", active_titles(self.session, self.language or self.cfg.language)
        )
        return titles

    def _labels_cache(self, by: str) -> dict[GroupKey, tuple[str, dict[str, str], dict[str, str]]]:
        cache: dict[str, dict[GroupKey, tuple[str, dict[str, str], dict[str, str]]]]
        cache = self.__dict__.setdefault("_label_cache", {})
        if by not in cache:
            cache[by] = self._labels(by)
        return cache[by]

    def _cell(self, m: MetricDef, cur: dict, prev: dict) -> Cell:
        default = 0 if m.name in COUNTS else None
        value = cur.get(m.name, default) if cur else default
        previous = prev.get(m.name, default) if prev else default
        return Cell(m, value, previous, self.cfg.targets.get(m.name))

    @staticmethod
    def _trend_point(trend: Trend, bucket: int, key: GroupKey) -> tuple[float | None, float | None]:
        v = trend.get((bucket, key), {})
        return v.get("qa_score_mean"), v.get("csat_pct")

    def _items(self, stats: dict[str, ItemStat], params: dict[str, str] | None) -> list[ItemRow]:
        target = self.cfg.targets.get(ITEM_TARGET)
        rows = [
            ItemRow(
                item,
                s,
                target.met(s.compliance_pct) if target else None,
                self._url(params, item=item, failed="1") if s.failed else None,
                self._titles().get(item, item),
            )
            for item, s in stats.items()
        ]
        return sorted(
            rows,
            key=lambda r: (r.stat.compliance_pct if r.stat.compliance_pct is not None else 101, r.item_id),
        )

    def _url(self, params: dict[str, str] | None, **extra: str) -> str | None:
        if self.public or params is None:
            return None
        return calls_url(self.cfg.link_base, self.period.label, {**params, **extra})

    def groups(
        self,
        by: str,
        filters: dict[str, int | None],
        *,
        items: bool = True,
        trend: bool = True,
        extra: dict[str, str] | None = None,
        keep: tuple[GroupKey, ...] = (),
        previous: bool = True,
    ) -> list[Group]:
        """Groups with this period's values, the previous period's, and (if asked) the trend series."""
        tz = self.cfg.timezone
        scope = Scope(self.period.last(2 if previous else 1), by, tz, **filters)
        rows = compute(self.session, scope, self.cfg, items=items)
        points: Trend = {}
        if trend:  # bucket i of the trend = self.periods[i]; rows use bucket 0 = previous, 1 = current
            points = trend_metrics(self.session, Scope(self.periods, by, tz, **filters))
        keys = {k for (_, k) in rows.values} | set(keep)
        groups = [self.group(k, by, rows, points, extra or {}) for k in keys]
        return sorted(groups, key=lambda g: (g.key is None, g.label))

    def resolve(self, model: type[Agent] | type[Team], column: object, value: str | None) -> int | None:
        if value is None:
            return None
        found = self.session.scalar(select(model.id).where(column == value))  # type: ignore[arg-type]
        if found is None:
            raise ReportsError(f"no {model.__tablename__[:-1]} {value!r} in the database")
        return int(found)
