"""HTML rendering with Jinja2: autoescape always on, CSS inlined, charts as inline SVG, nothing external."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reports import charts
from reports.build import Group, Report
from reports.config import ReportsConfig
from reports.definitions import BY_NAME, ITEM_TARGET, METRICS, TABLE_COLUMNS
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
    )
    env.globals.update(
        metrics=METRICS,
        columns=TABLE_COLUMNS,
        by_name=BY_NAME,
        chart_ratings=charts.rating_distribution,
        chart_trend=charts.score_trend,
    )
    return env


def title_of(report: Report) -> str:
    if report.public:
        return f"Public quality results — {report.period}"
    return {
        "agent": f"Agent scorecards — {report.period}",
        "team": f"Team scorecards — {report.period}",
    }.get(
        report.layout,
        f"{'Centre summary' if report.by == 'centre' else 'Summary by ' + report.by} — {report.period}",
    )


def render_html(report: Report, cfg: ReportsConfig) -> str:
    target = cfg.targets.get(ITEM_TARGET)

    def chart_items(group: Group) -> Markup:
        pairs = [(row.item_id, row.stat.compliance_pct) for row in group.items]
        return charts.item_compliance(pairs, target.value if target else None)

    last_day = report.period.end - timedelta(days=1)
    span = report.period.start.isoformat() + ("" if last_day == report.period.start else f" – {last_day}")
    generated = report.generated_at.astimezone(zone_info(report.tz)).strftime("%Y-%m-%d %H:%M")
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
        )
    )
