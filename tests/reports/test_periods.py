"""Period parsing, boundaries in the report time zone, previous periods and containing()."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reports.exceptions import ReportsError
from reports.periods import containing, edges, parse_period

TZ = "Asia/Almaty"


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026-11-22", "day", date(2026, 11, 22), date(2026, 11, 23)),
        ("2026-W47", "week", date(2026, 11, 16), date(2026, 11, 23)),
        ("2026-11", "month", date(2026, 11, 1), date(2026, 12, 1)),
        ("2026-Q4", "quarter", date(2026, 10, 1), date(2027, 1, 1)),
        ("2026", "year", date(2026, 1, 1), date(2027, 1, 1)),
        (" 2026-W01 ", "week", date(2025, 12, 29), date(2026, 1, 5)),
    ],
)
def test_parse(text: str, kind: str, start: date, end: date) -> None:
    p = parse_period(text)
    assert (p.kind, p.start, p.end) == (kind, start, end)
    assert p.label == text.strip()


def test_utc_range_uses_the_configured_time_zone() -> None:
    start, end = parse_period("2026-11").utc_range(TZ)  # Almaty is UTC+5
    assert start == datetime(2026, 10, 31, 19, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 30, 19, 0, tzinfo=UTC)
    assert parse_period("2026-11-22").utc_range("UTC")[0] == datetime(2026, 11, 22, tzinfo=UTC)


def test_previous_and_last_cross_year_boundaries() -> None:
    assert parse_period("2026-01").previous().label == "2025-12"
    assert parse_period("2026-Q1").previous().label == "2025-Q4"
    assert parse_period("2026-W01").previous().label == "2025-W52"
    assert parse_period("2027-W01").previous().label == "2026-W53"  # 2026 has 53 ISO weeks
    assert parse_period("2026-03-01").previous().label == "2026-02-28"
    assert [p.label for p in parse_period("2026-11").last(3)] == ["2026-09", "2026-10", "2026-11"]
    bounds = edges(parse_period("2026-11").last(2), TZ)
    assert len(bounds) == 3 and bounds[1] == parse_period("2026-11").utc_range(TZ)[0]


def test_containing_converts_to_local_time() -> None:
    moment = datetime(2026, 11, 30, 19, 30, tzinfo=UTC)  # 00:30 on 1 Dec in Almaty
    assert containing("day", moment, TZ).label == "2026-12-01"
    assert containing("month", moment, TZ).label == "2026-12"
    assert containing("week", moment, TZ).label == "2026-W49"
    assert containing("quarter", moment, TZ).label == "2026-Q4"
    assert containing("year", moment, "UTC").label == "2026"


@pytest.mark.parametrize("text", ["2026-13", "2026-W54", "2026-Q5", "26-11", "2026-02-30", "last month", ""])
def test_invalid_periods_are_clear_errors(text: str) -> None:
    with pytest.raises(ReportsError, match="invalid period"):
        parse_period(text)


def test_unknown_time_zone() -> None:
    with pytest.raises(ReportsError, match="unknown time zone"):
        parse_period("2026").utc_range("Mars/Olympus")
