"""Links from report numbers to the calls behind them (served by the web UI, contract in docs/reports.md).

>>> calls_url("", "2026-11", {"agent": "1001", "item": "greeting", "failed": "1"})
'/calls?period=2026-11&agent=1001&item=greeting&failed=1'
"""

from __future__ import annotations

from urllib.parse import urlencode

# Query parameters the web UI's /calls page understands, in the order they are written.
PARAMS = ("period", "agent", "team", "queue", "language", "item", "failed", "critical", "long")


def calls_url(base: str, period: str, params: dict[str, str]) -> str:
    """`<base>/calls?period=...&...`; unknown parameter names are a programming error."""
    unknown = set(params) - set(PARAMS)
    if unknown:
        raise ValueError(f"unknown calls link parameters: {sorted(unknown)}")
    query = {"period": period, **params}
    ordered = [(k, query[k]) for k in PARAMS if k in query]
    return f"{base.rstrip('/')}/calls?{urlencode(ordered)}"
