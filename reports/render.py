"""HTML rendering with Jinja2: autoescape always on, CSS inlined, charts as inline SVG, nothing external."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reports import charts, i18n
from reports.build import Group, Report
from reports.config import ReportsConfig
from reports.definitions import BY_NAME, GROUPINGS, ITEM_TARGET, METRICS, TABLE_COLUMNS
from reports.i18n import _
from reports.periods import zone_info

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["t"] = i18n.gettext  # a msgid held in data (metric titles, group names) in the language
    env.filters["num"] = i18n.number
    env.globals.update(
        metrics=METRICS,
        columns=TABLE_COLUMNS,
        by_name=BY_NAME,
        chart_ratings=charts.rating_distribution,
        chart_trend=charts.score_trend,
    )
    return env


def title_of(report: Report) -> str:
    """The report's title in the current language (reports.i18n)."""
    period = str(report.period)
    if report.public:
        return _("Public quality results — %(period)s", period=period)
    if report.layout == "agent":
        return _("Agent scorecards — %(period)s", period=period)
    if report.layout == "team":
        return _("Team scorecards — %(period)s", period=period)
    if report.by == "centre":
        return _("Centre summary — %(period)s", period=period)
    return _("Summary by %(by)s — %(period)s", by=_(GROUPINGS.get(report.by, report.by)), period=period)


def render_html(report: Report, cfg: ReportsConfig, language: str | None = None) -> str:
    """The report as one HTML page in ``language`` (default: reports.language, Russian)."""
    with i18n.language(language or cfg.language):
        return _render(report, cfg)


def _render(report: Report, cfg: ReportsConfig) -> str:
    target = cfg.targets.get(ITEM_TARGET)

    def chart_items(group: Group) -> Markup:
        pairs = [(row.item_id, row.stat.compliance_pct) for row in group.items]
        return charts.item_compliance(pairs, target.value if target else None)

    last_day = report.period.end - timedelta(days=1)
    first = report.period.start
    span = i18n.day(first) + ("" if last_day == first else f" – {i18n.day(last_day)}")
    generated = i18n.moment(report.generated_at.astimezone(zone_info(report.tz)))
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            title=title_of(report),
            css=Markup((TEMPLATES / "report.css").read_text()),
            chart_items=chart_items,
            period_span=span,
            generated=generated,
            hidden=sum(s.hidden for s in report.sections),
            min_calls=cfg.public_min_calls,
            lang=i18n.current(),
            groupings=GROUPINGS,
        )
    )
