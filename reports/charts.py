"""Inline SVG charts made with pygal: rating distribution, score trend, item compliance.

pygal's SVG carries a small <script> with its tooltip configuration; it is removed, so the chart needs no
JavaScript, shows in e-mail clients and prints. Text in the SVG (labels, titles) is XML-escaped by pygal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pygal
from markupsafe import Markup
from pygal.style import Style

from reports import i18n
from reports.i18n import _

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222222",
    foreground_strong="#000000",
    foreground_subtle="#bbbbbb",
    opacity="0.9",
    opacity_hover="1",
    colors=("#1f5fa8", "#d9822b", "#2e8b57", "#b22222", "#6a5acd"),
    font_family="DejaVu Sans, Arial, sans-serif",
    title_font_size=15,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
    legend_font_size=12,
    guide_stroke_color="#e3e3e3",
    major_guide_stroke_color="#cccccc",
    guide_stroke_dasharray="1,0",
    major_guide_stroke_dasharray="1,0",
)


def _options(**extra: object) -> dict[str, object]:
    base: dict[str, object] = {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 420,
        "height": 260,
        "explicit_size": False,
        "show_legend": False,
        "margin": 10,
        "print_values": True,
        "print_values_position": "top",
        "no_data_text": _("no data"),
    }
    base.update(extra)
    return base


def _svg(chart: pygal.graph.graph.Graph) -> Markup:
    return Markup(_SCRIPT.sub("", chart.render(is_unicode=True)))


def rating_distribution(counts: Sequence[int]) -> Markup:
    """Bars for ratings 1..5 (count of survey answers)."""
    top = max(counts) if counts else 0
    step = max(1, -(-top // 5))
    chart = pygal.Bar(
        **_options(
            title=_("Survey ratings (count)"),
            value_formatter=lambda v: f"{v:.0f}",
            y_labels=list(range(0, top + step + 1, step)) if top else None,
        )
    )
    chart.x_labels = ["1", "2", "3", "4", "5"]
    chart.add(_("ratings"), list(counts) if any(counts) else [])
    return _svg(chart)


def score_trend(points: Sequence[tuple[str, float | None, float | None]]) -> Markup:
    """QA score mean and CSAT % per period (0-100)."""
    chart = pygal.Line(
        **_options(
            title=_("Trend: QA score and CSAT %"),
            show_legend=True,
            legend_at_bottom=True,
            range=(0, 100),
            y_labels=[0, 20, 40, 60, 80, 100],
            print_values=False,
            x_label_rotation=30,
            dots_size=4,
            allow_interruptions=True,
            margin_right=24,
            value_formatter=lambda v: i18n.number(v, 1),
        )
    )
    chart.x_labels = [p[0] for p in points]
    has_data = any(p[1] is not None or p[2] is not None for p in points)
    chart.add(_("QA score"), [p[1] for p in points] if has_data else [])
    chart.add(_("CSAT %"), [p[2] for p in points] if has_data else [])
    return _svg(chart)


def item_compliance(items: Sequence[tuple[str, float | None]], target: float | None) -> Markup:
    """Horizontal bars: compliance % per checklist item, worst first; the target in the title."""
    height = max(200, 70 + 26 * len(items))
    title = (
        _("Checklist compliance %% (target %(target)s %%)", target=f"{target:g}")
        if target is not None
        else _("Checklist compliance %")
    )
    chart = pygal.HorizontalBar(
        **_options(
            title=title,
            range=(0, 100),
            height=height,
            width=480,
            value_formatter=lambda v: f"{v:.0f}%",
            y_labels=[0, 20, 40, 60, 80, 100],
        )
    )
    rows = list(reversed(items))  # pygal draws the first label at the bottom
    chart.x_labels = [name for name, _ in rows]
    chart.add(_("compliance"), [value for _name, value in rows] if rows else [])
    return _svg(chart)
