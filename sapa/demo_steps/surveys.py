"""Simulated calls for ``sapa demo``: the fake Asterisk drives the real FastAGI server on a free port."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

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
        "demo-script-1",
        ["1", "2"],
        "script/support-first-line",
        note="IVR script: chooses қазақша (1), then errors (2)",
    ),
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
            f"route={v.get('SAPA_ROUTE', '-')} queue={v.get('SAPA_QUEUE', '-')} "
            f"lang={v.get('SAPA_LANGUAGE', '-')} topic={v.get('SAPA_TOPIC', '-')}"
        )
    with app.uow() as session:
        row = SurveyRepository(session).by_call(call.uniqueid)
        if row is None:
            return "not stored"
        stored = f"{row.status} rating={row.rating}" + (f" ({row.skip_reason})" if row.skip_reason else "")
    answered = bool(result.named("ANSWER"))
    return stored if answered or row.status == "skipped" else f"refused; kept {stored}"
