"""Simulated calls for ``sapa demo``: the fake Asterisk drives the real FastAGI server on a free port."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from ivr import dialplan as dp
from ivr.agi.routes import build_server
from ivr.agi.server import AgiServer
from ivr.agi.simulator import CallLog, simulate_call
from sapa.wiring import App
from storage.repositories.surveys import SurveyRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoCall:
    uniqueid: str
    keys: list[str | None]
    script: str
    language: str = "ru"
    callerid: str = "77012345678"
    options: dict[str, Any] = field(default_factory=dict)
    note: str = ""


DEMO_CALLS = [
    DemoCall("demo-survey-1", ["5"], "survey?agent=1001&queue=support", note="rates 5"),
    DemoCall("demo-survey-2", ["4"], "survey?agent=1002&queue=support", "kk", note="rates 4 in Kazakh"),
    DemoCall(
        "demo-survey-3",
        ["9", "2", None],
        "survey?agent=1003&queue=support",
        note="presses 9 (invalid), then 2; declines the comment",
    ),
    DemoCall(
        "demo-survey-4",
        ["1", "1"],
        "survey?agent=2001&queue=support",
        "kk",
        note="rates 1 and records a comment",
    ),
    DemoCall("demo-survey-5", [None, None, None], "survey?agent=2002&queue=support", note="stays silent"),
    DemoCall(
        "demo-survey-6",
        ["3"],
        "survey?agent=2003&queue=support",
        options={"hangup_on": 4},
        note="rates 3, hangs up during the confirmation",
    ),
    DemoCall(
        "demo-survey-7",
        ["5"],
        "survey?agent=1001&queue=support",
        callerid="1001",
        note="agent 1001 calls to rate himself",
    ),
    DemoCall("demo-survey-1", ["1"], "survey?agent=1001&queue=support", note="second rating of call 1"),
    DemoCall(
        "demo-survey-8",
        ["4"],
        "survey?agent=1099&queue=support",
        "en",
        note="rates 4 for 1099, no agent yet; channel language en",
    ),
    DemoCall(
        "demo-set-1",
        ["5", "1", "10"],
        "survey?agent=1002&queue=second-line",
        note="survey set second-line: 5, resolved, NPS 10",
    ),
    DemoCall(
        "demo-set-2",
        ["4", "2", "3", "1"],
        "survey?agent=1003&queue=second-line",
        note="set: 4, NOT resolved, NPS 3, records a comment",
    ),
    DemoCall(
        "demo-set-3",
        ["5", "7", "1", "9"],
        "survey?agent=2002&queue=second-line",
        "kk",
        note="set in Kazakh: 5, invalid 7 then resolved, NPS 9",
    ),
    DemoCall(
        "demo-script-1",
        ["1", "2"],
        "script/support-first-line",
        note="IVR script: chooses қазақша (1), then errors (2)",
    ),
]


def _pbx_call(n: int, agent: str, ended: str, rating: str | None) -> DemoCall:
    keys: list[str | None] = [rating] if rating else []
    script = f"survey?agent={agent}&queue=support&ended={ended}"
    return DemoCall(f"demo-pbx-{agent}-{n}", keys, script, note=f"{agent}: ended by {ended}")


# What the PBX reports for team Алматы-1 (docs/asterisk/: every answered call reaches Sapa with ended=):
# 1002 keeps most callers on the line until they hang up, so few of his calls are surveyed, all rated 5.
PBX_CALLS = [
    *[_pbx_call(i, "1001", "agent", r) for i, r in enumerate("54543545")],
    *[_pbx_call(i, "1002", "agent", "5") for i in range(3)],
    *[_pbx_call(i, "1002", "caller", None) for i in range(3, 10)],
    *[_pbx_call(i, "1003", "agent", r) for i, r in enumerate("44354345")],
    _pbx_call(8, "1003", "caller", None),
]


def run_demo_calls(app: App) -> list[str]:
    """Run DEMO_CALLS through a real server on a free port; return summary lines."""
    server = build_server(app.settings.ivr, app.sessions, host="127.0.0.1", port=0)
    server.start()
    lines = []
    try:
        for call in DEMO_CALLS:
            result = simulate_call(
                server.address,
                call.uniqueid,
                call.keys,
                script=call.script,
                language=call.language,
                callerid=call.callerid,
                **call.options,
            )
            _settle(server)
            lines.append(f"  {call.uniqueid:<14} {call.note:<52} {_outcome(app, call, result)}")
        for call in PBX_CALLS:
            simulate_call(server.address, call.uniqueid, call.keys, script=call.script)
        lines.append(
            f"  {len(PBX_CALLS)} answered calls reported by the PBX for team Алматы-1 (survey offers and "
            "who ended each call: the team scorecard's survey gaming table)"
        )
    finally:
        server.stop(grace_s=5)
    return lines


def _settle(server: AgiServer, timeout_s: float = 30.0) -> None:
    """Let the session finish and its journaled steps reach the database before reading them back."""
    deadline = time.monotonic() + timeout_s
    while server.active and time.monotonic() < deadline:
        time.sleep(0.01)
    server.sync()


def _outcome(app: App, call: DemoCall, result: CallLog) -> str:
    if call.script.startswith("script/"):
        v = result.variables
        return (
            f"route={v.get(dp.SAPA_ROUTE, '-')} queue={v.get(dp.SAPA_QUEUE, '-')} "
            f"lang={v.get(dp.SAPA_LANGUAGE, '-')} topic={v.get(dp.SAPA_TOPIC, '-')}"
        )
    with app.uow() as session:
        row = SurveyRepository(session).by_call(call.uniqueid)
        if row is None:
            return "not stored"
        stored = f"{row.status} rating={row.rating}" + (f" ({row.skip_reason})" if row.skip_reason else "")
        answers = SurveyRepository(session).answers_of(row.id)
        if answers:
            stored += " " + " ".join(f"{q}={v}" for q, v in answers.items())
        if row.agent_id is None and row.call.agent_extension:
            stored += f" [unregistered {row.call.agent_extension}; survey in {row.language}]"
    answered = bool(result.named("ANSWER"))
    return stored if answered or row.status == "skipped" else f"refused; kept {stored}"
