"""Report periods: day 2026-11-22, ISO week 2026-W47, month 2026-11, quarter 2026-Q4, year 2026.

Periods are calendar periods in the configured time zone; `utc_range` turns them into the half-open UTC
interval [start, end) that stored times (UTC) are compared with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reports.exceptions import ReportsError

KINDS = ("day", "week", "month", "quarter", "year")
_PATTERNS = (
    ("day", re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")),
    ("week", re.compile(r"^(\d{4})-W(\d{2})$")),
    ("month", re.compile(r"^(\d{4})-(\d{2})$")),
    ("quarter", re.compile(r"^(\d{4})-Q([1-4])$")),
    ("year", re.compile(r"^(\d{4})$")),
)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period: its kind and its first local day."""

    kind: str
    start: date

    @property
    def end(self) -> date:
        """First local day after the period."""
        return _shift(self.kind, self.start, 1)

    @property
    def label(self) -> str:
        s = self.start
        if self.kind == "day":
            return s.isoformat()
        if self.kind == "week":
            year, week, _ = s.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{s.year}-{s.month:02d}"
        if self.kind == "quarter":
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        return str(s.year)

    def __str__(self) -> str:
        return self.label

    def previous(self, n: int = 1) -> Period:
        return Period(self.kind, _shift(self.kind, self.start, -n))

    def last(self, n: int) -> list[Period]:
        """The n periods ending with this one, oldest first."""
        return [self.previous(k) for k in range(n - 1, -1, -1)]

    def utc_range(self, tz: str) -> tuple[datetime, datetime]:
        zone = zone_info(tz)
        start = datetime.combine(self.start, datetime.min.time(), zone).astimezone(UTC)
        end = datetime.combine(self.end, datetime.min.time(), zone).astimezone(UTC)
        return start, end


def zone_info(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ReportsError(f"unknown time zone {tz!r} (reports.timezone)") from exc


def _shift(kind: str, start: date, n: int) -> date:
    if kind == "day":
        return start + timedelta(days=n)
    if kind == "week":
        return start + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12}[kind] * n
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_period(text: str) -> Period:
    """Parse a period label; a clear ReportsError for anything else."""
    value = text.strip()
    for kind, pattern in _PATTERNS:
        m = pattern.match(value)
        if m:
            try:
                return _build(kind, [int(g) for g in m.groups()])
            except ValueError as exc:
                raise ReportsError(f"invalid period {text!r}: {exc}") from exc
    raise ReportsError(
        f"invalid period {text!r}: use 2026-11-22 (day), 2026-W47 (ISO week), 2026-11 (month), "
        "2026-Q4 (quarter) or 2026 (year)"
    )


def _build(kind: str, parts: list[int]) -> Period:
    if kind == "day":
        return Period("day", date(parts[0], parts[1], parts[2]))
    if kind == "week":
        return Period("week", date.fromisocalendar(parts[0], parts[1], 1))
    if kind == "month":
        return Period("month", date(parts[0], parts[1], 1))
    if kind == "quarter":
        return Period("quarter", date(parts[0], 3 * parts[1] - 2, 1))
    return Period("year", date(parts[0], 1, 1))


def containing(kind: str, moment: datetime, tz: str) -> Period:
    """The period of the given kind that contains a moment (aware), in the report time zone."""
    if kind not in KINDS:
        raise ReportsError(f"unknown period kind {kind!r}; one of {', '.join(KINDS)}")
    local = moment.astimezone(zone_info(tz)).date()
    if kind == "day":
        return Period("day", local)
    if kind == "week":
        return Period("week", local - timedelta(days=local.weekday()))
    if kind == "month":
        return Period("month", local.replace(day=1))
    if kind == "quarter":
        return Period("quarter", date(local.year, 3 * ((local.month - 1) // 3) + 1, 1))
    return Period("year", date(local.year, 1, 1))


def edges(periods: list[Period], tz: str) -> list[datetime]:
    """UTC boundaries of consecutive periods: len(periods) + 1 datetimes."""
    return [periods[0].utc_range(tz)[0]] + [p.utc_range(tz)[1] for p in periods]
