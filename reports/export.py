"""CSV and XLSX exports of the same tables the HTML shows: one row per group plus the total row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from reports.build import Group, Report
from reports.definitions import METRICS

BASE_COLUMNS = ["period", "grouping", "group", "extension", "name", "team"]


def _groups(report: Report) -> Iterator[tuple[str, Group]]:
    """(grouping, group) for every table row: scorecards (and their agents), section rows, then the total."""
    for card in report.scorecards:
        yield report.by, card
        for child in card.children:
            yield "agent", child
    for section in report.sections:
        for group in section.groups:
            yield section.by, group
    yield "total", report.total


def item_ids(report: Report) -> list[str]:
    return sorted({row.item_id for _, g in _groups(report) for row in g.items})


def summary_rows(report: Report) -> tuple[list[str], list[list[Any]]]:
    """Header and rows: metric values (raw numbers), rating counts, compliance % per checklist item."""
    items = item_ids(report)
    header = [
        *BASE_COLUMNS,
        *(m.name for m in METRICS),
        *(f"rating_{k}" for k in range(1, 6)),
        *(f"item_{i}_pct" for i in items),
    ]
    rows = []
    for grouping, g in _groups(report):
        info = g.info if not report.public else {}
        compliance = {row.item_id: row.stat.compliance_pct for row in g.items}
        rows.append(
            [
                report.period.label,
                grouping,
                g.label,
                info.get("extension", ""),
                info.get("name", ""),
                info.get("team", ""),
                *(_round(g.cells[m.name].value) for m in METRICS),
                *g.ratings,
                *(_round(compliance.get(i)) for i in items),
            ]
        )
    return header, rows


def item_rows(report: Report) -> tuple[list[str], list[list[Any]]]:
    header = [
        "period",
        "grouping",
        "group",
        "item",
        "applicable",
        "passed",
        "failed",
        "compliance_pct",
        "title",
    ]
    rows = [
        [
            report.period.label,
            grouping,
            g.label,
            r.item_id,
            r.stat.applicable,
            r.stat.passed,
            r.stat.failed,
            _round(r.stat.compliance_pct),
            r.title or r.item_id,
        ]
        for grouping, g in _groups(report)
        for r in g.items
    ]
    return header, rows


def target_rows(report: Report) -> tuple[list[str], list[list[Any]]]:
    header = ["metric", "title", "value", "previous", "change", "target", "direction", "upper", "met"]
    rows = []
    for m in METRICS:
        c = report.total.cells[m.name]
        t = c.target
        rows.append(
            [
                m.name,
                m.title,
                _round(c.value),
                _round(c.previous),
                _round(c.delta),
                t.value if t else None,
                t.direction if t else None,
                t.upper if t else None,
                None if c.met is None else ("met" if c.met else "missed"),
            ]
        )
    return header, rows


def _round(value: float | int | None) -> float | int | None:
    return round(value, 2) if isinstance(value, float) else value


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (=, +, -, @ first) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(report: Report) -> str:
    header, rows = summary_rows(report)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else _safe(v) for v in row] for row in rows)
    return buf.getvalue()


def write_xlsx(report: Report, path: Path) -> None:
    """Sheets: summary (as the CSV), items (long form), targets (centre value against each target)."""
    wb = Workbook()
    sheets = [
        ("summary", summary_rows(report)),
        ("items", item_rows(report)),
        ("targets", target_rows(report)),
    ]
    for index, (name, (header, rows)) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = name
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_safe(v) for v in row])
        ws.freeze_panes = "A2"
    wb.save(path)
