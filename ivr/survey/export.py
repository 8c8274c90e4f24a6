"""Survey rows → JSON or CSV text (pure)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

from ivr.exceptions import IvrError
from storage.repositories.surveys import EXPORT_FIELDS

FORMATS = ("json", "csv")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _cell(value: Any) -> Any:
    """A CSV cell: survey-set answers as ``id=value;id=value``."""
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    return "" if value is None else _plain(value)


def to_json(rows: list[dict[str, Any]]) -> str:
    """A list of objects with the EXPORT_FIELDS keys; datetimes as ISO 8601 UTC."""
    return json.dumps(
        [{k: _plain(r.get(k)) for k in EXPORT_FIELDS} for r in rows], ensure_ascii=False, indent=2
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is kept as text with a '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    # RFC 4180 line ends: a CR or LF inside a cell is then always quoted, never a new row
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: safe_cell(_cell(r.get(k))) for k in EXPORT_FIELDS})
    return out.getvalue()


def render(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt not in FORMATS:
        raise IvrError(f"unknown export format {fmt!r}: use json or csv")
    return to_json(rows) if fmt == "json" else to_csv(rows)


def parse_when(text: str | None) -> datetime | None:
    """``2026-03-01`` or ``2026-03-01T09:00[+05:00]``; without a zone it is UTC.

    >>> parse_when("2026-03-01")
    datetime.datetime(2026, 3, 1, 0, 0, tzinfo=datetime.timezone.utc)
    >>> parse_when("2026-03-01T09:00+05:00").utcoffset().total_seconds()
    18000.0
    """
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text) if "T" in text or " " in text else None
        value = value or datetime.combine(date.fromisoformat(text), datetime.min.time())
    except ValueError as exc:
        raise IvrError(f"not a date or ISO datetime: {text!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)
