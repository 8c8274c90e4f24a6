"""The documented dialplan on a real Asterisk 20 with sipp callers, agents and customers.

Timing: prompts are 0.3 s of silence, so the IVR's menus wait 5 s for a key right after the caller's
pauses; the rating key is sent again every 2 s until the survey takes it (while the caller is still
bridged with the agent the keys go to the agent's phone as RTP events and are ignored there). No test
asserts a duration.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from asr.testmodels import vosk_test_model
from sapa.ingest import TEMPORARY_NAME
from tests.asterisk.conftest import Stack
from tests.asterisk.pbx import Sipp, Steps, free_port, wait_until, write_tone

pytestmark = pytest.mark.asterisk

SURVEYS = """
SELECT c.external_id, c.uniqueid, s.status, s.rating, a.extension, q.name, s.language, s.skip_reason,
       c.hangup_by
FROM survey_responses s JOIN calls c ON c.id = s.call_id
LEFT JOIN agents a ON a.id = s.agent_id LEFT JOIN queues q ON q.id = s.queue_id
"""
FIELDS = ("call", "uniqueid", "status", "rating", "agent", "queue", "language", "skip_reason", "hangup_by")


def surveys(stack: Stack) -> list[dict[str, Any]]:
    with sqlite3.connect(stack.sapa.root / "sapa.db") as db:
        return [dict(zip(FIELDS, row, strict=True)) for row in db.execute(SURVEYS)]


def finished(stack: Stack, before: int) -> dict[str, Any]:
    """The one survey row added by this test, once its status is final (not the claim's 'error')."""

    def ready() -> bool:
        rows = surveys(stack)
        return len(rows) > before and rows[-1]["status"] != "error"

    try:
        wait_until(ready, 60, "the survey row")
    except AssertionError:
        raise AssertionError(f"{surveys(stack)}\n--- sapa agi:\n{stack.sapa.log()[-3000:]}") from None
    rows = surveys(stack)
    assert len(rows) == before + 1, rows
    return rows[-1]


def party(stack: Stack, parties: list[Sipp], name: str, port: int) -> Sipp:
    sipp = Sipp(stack.root, name, port)
    parties.append(sipp)
    return sipp


def agi_problems(stack: Stack, since: int) -> list[str]:
    """res_agi's warnings and errors in Asterisk's log after offset ``since``."""
    return [
        line
        for line in stack.pbx.log()[since:].splitlines()
        if "res_agi" in line and ("ERROR[" in line or "WARNING[" in line)
    ]


def ok(sipp: Sipp, stack: Stack) -> None:
    code = sipp.wait()
    assert code == 0, (
        f"sipp {sipp.name} exit {code}\n{sipp.report()}\n--- asterisk:\n{stack.pbx.log()[-4000:]}"
    )


def test_ivr_queue_agent_hangs_up_then_the_caller_rates(stack: Stack, parties: list[Sipp]) -> None:
    before, mark = len(surveys(stack)), len(stack.pbx.log())
    agent = party(stack, parties, "q-agent", stack.agent_port)
    agent.start("agent.xml", None, **Steps(uac=False).pause(3000).render(hang_up=True))
    caller = party(stack, parties, "q-caller", free_port())
    steps = Steps(uac=True).key("2", 3000).key("1", 3000).keys("4", 2000, 25)  # ru, topic 1, rating 4
    caller.start("caller.xml", stack.target, service="inbound", **steps.render(hang_up=False))
    ok(agent, stack)
    ok(caller, stack)
    row = finished(stack, before)
    assert row | {"call": None, "uniqueid": None} == {
        "call": None,
        "uniqueid": None,
        "status": "completed",
        "rating": 4,
        "agent": "1001",
        "queue": "support",
        "language": "ru",
        "skip_reason": None,
        "hangup_by": "agent",
    }
    assert not agi_problems(stack, mark)


def test_freepbx_variant_queue_400_then_the_caller_rates(stack: Stack, parties: list[Sipp]) -> None:
    """docs/asterisk/freepbx_extensions_custom.conf as written, with FreePBX's queue 400."""
    before, mark = len(surveys(stack)), len(stack.pbx.log())
    agent = party(stack, parties, "f-agent", stack.agent_port)
    agent.start("agent.xml", None, **Steps(uac=False).pause(3000).render(hang_up=True))
    caller = party(stack, parties, "f-caller", free_port())
    steps = Steps(uac=True).key("2", 3000).key("1", 3000).keys("5", 2000, 25)
    caller.start("caller.xml", stack.target, service="freepbx", **steps.render(hang_up=False))
    ok(agent, stack)
    ok(caller, stack)
    row = finished(stack, before)
    assert (row["status"], row["rating"], row["agent"], row["queue"]) == ("completed", 5, "1001", "support")
    assert row["language"] == "ru" and row["hangup_by"] == "agent"
    assert not agi_problems(stack, mark)


def test_dial_g_the_called_agent_hangs_up_then_the_caller_rates(stack: Stack, parties: list[Sipp]) -> None:
    """The IVR's "extension" route: Dial(SIP/1001,30,g) continues on the caller's channel."""
    before, mark = len(surveys(stack)), len(stack.pbx.log())
    agent = party(stack, parties, "g-agent", stack.agent_port)
    agent.start("agent.xml", None, **Steps(uac=False).pause(2000).render(hang_up=True))
    caller = party(stack, parties, "g-caller", free_port())
    caller.start(
        "caller.xml", stack.target, service="direct", **Steps(uac=True).keys("5", 2000, 25).render(False)
    )
    ok(agent, stack)
    ok(caller, stack)
    row = finished(stack, before)
    assert (row["status"], row["rating"], row["agent"]) == ("completed", 5, "1001")
    assert not agi_problems(stack, mark)


def test_outbound_the_agent_hangs_up_then_the_customer_rates(stack: Stack, parties: list[Sipp]) -> None:
    """An agent dials a customer through [sapa-outbound]; F() sends the customer to the survey."""
    before, mark = len(surveys(stack)), len(stack.pbx.log())
    customer = party(stack, parties, "o-customer", stack.customer_port)
    customer.start("agent.xml", None, **Steps(uac=False).keys("3", 2000, 25).render(hang_up=False))
    agent = party(stack, parties, "o-agent", stack.agent_port)
    agent.start(
        "caller.xml",
        stack.target,
        service="87011234567",
        **Steps(uac=True, caller="1001").pause(3000).render(True),
    )
    ok(agent, stack)
    ok(customer, stack)
    row = finished(stack, before)
    assert (row["status"], row["rating"], row["agent"], row["queue"]) == ("completed", 3, "1001", "outbound")
    assert not agi_problems(stack, mark)


def test_outbound_the_customer_hangs_up_first_is_reported(stack: Stack, parties: list[Sipp]) -> None:
    """The agent stays on the line until the customer hangs up: no survey, but Sapa hears of the call."""
    before, mark = len(surveys(stack)), len(stack.pbx.log())
    customer = party(stack, parties, "oc-customer", stack.customer_port)
    customer.start("agent.xml", None, **Steps(uac=False).pause(2000).render(hang_up=True))
    agent = party(stack, parties, "oc-agent", stack.agent_port)
    agent.start(
        "caller.xml", stack.target, service="87011234568", **Steps(uac=True, caller="1001").render(False)
    )
    ok(customer, stack)
    ok(agent, stack)
    row = finished(stack, before)
    assert (row["status"], row["agent"], row["queue"], row["hangup_by"]) == (
        "skipped",
        "1001",
        "outbound",
        "caller",
    )
    assert not agi_problems(stack, mark)


def test_sapa_down_the_caller_still_reaches_a_consultant(stack: Stack, parties: list[Sipp]) -> None:
    """Nothing listens at SAPA_AGI: AGI() fails (AGISTATUS=FAILURE) and the fallback queue takes the call."""
    dead = free_port()
    stack.pbx.cli(f"dialplan set global SAPA_AGI agi://127.0.0.1:{dead}")
    try:
        before, mark = len(surveys(stack)), len(stack.pbx.log())
        agent = party(stack, parties, "d-agent", stack.agent_port)
        agent.start("agent.xml", None, **Steps(uac=False).pause(2000).render(hang_up=True))
        caller = party(stack, parties, "d-caller", free_port())
        caller.start("caller.xml", stack.target, service="inbound", **Steps(uac=True).render(hang_up=False))
        ok(agent, stack)  # the consultant's phone rang and was answered
        ok(caller, stack)
        assert "Sapa IVR failed (AGISTATUS=FAILURE" in stack.pbx.log()[mark:]
        assert len(surveys(stack)) == before
    finally:
        stack.pbx.cli(f"dialplan set global SAPA_AGI {stack.pbx.agi}")


def test_the_agent_stays_until_the_caller_hangs_up_is_reported(stack: Stack, parties: list[Sipp]) -> None:
    """No survey can run, but Sapa hears of the call (h extension): skipped, ended by the caller."""
    before, mark = len(surveys(stack)), len(stack.pbx.log())
    agent = party(stack, parties, "s-agent", stack.agent_port)
    agent.start("agent.xml", None, **Steps(uac=False).render(hang_up=False))
    caller = party(stack, parties, "s-caller", free_port())
    steps = Steps(uac=True).key("2", 3000).key("1", 3000).pause(6000)
    caller.start("caller.xml", stack.target, service="inbound", **steps.render(hang_up=True))
    ok(caller, stack)
    ok(agent, stack)
    row = finished(stack, before)
    assert (row["status"], row["agent"], row["queue"], row["hangup_by"]) == (
        "skipped",
        "1001",
        "support",
        "caller",
    )
    assert row["skip_reason"] == "the caller hung up before the survey"
    assert not agi_problems(stack, mark)


def test_a_call_no_agent_answered_reaches_sapa_as_skipped(stack: Stack, parties: list[Sipp]) -> None:
    """Every agent paused; the caller gives up in the queue: stored as skipped (the offer rate sees it)."""
    stack.pbx.cli("queue pause member SIP/1001 queue support reason test")
    try:
        before, mark = len(surveys(stack)), len(stack.pbx.log())
        caller = party(stack, parties, "n-caller", free_port())
        steps = Steps(uac=True).key("2", 3000).key("1", 3000).pause(4000)
        caller.start("caller.xml", stack.target, service="inbound", **steps.render(hang_up=True))
        ok(caller, stack)
        row = finished(stack, before)
        assert (row["status"], row["agent"], row["queue"]) == ("skipped", None, "support")
        assert row["skip_reason"] == "never answered by an agent"
        assert not agi_problems(stack, mark)
    finally:
        stack.pbx.cli("queue unpause member SIP/1001 queue support")


def dominant_hz(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[int(np.argmax(spectrum[1:])) + 1])


def test_the_recording_is_stereo_caller_left_and_ingested_into_the_surveyed_call(
    stack: Stack, parties: list[Sipp]
) -> None:
    """The caller sends 440 Hz, the agent 1000 Hz: [sapa-record] puts the caller left, the agent right,
    and `sapa ingest` of the recordings folder links the transcript to the call the survey stored."""
    before = len(surveys(stack))
    agent = party(stack, parties, "r-agent", stack.agent_port)
    agent_steps = Steps(uac=False).stream(write_tone(stack.root, 1000)).pause(4000)
    agent.start("agent.xml", None, **agent_steps.render(hang_up=True))
    caller = party(stack, parties, "r-caller", free_port())
    steps = Steps(uac=True).stream(write_tone(stack.root, 440))
    caller.start(
        "caller.xml",
        stack.target,
        service="inbound",
        **steps.key("2", 3000).key("1", 3000).keys("4", 2000, 25).render(False),
    )
    ok(agent, stack)
    ok(caller, stack)
    row = finished(stack, before)
    assert (row["status"], row["rating"], row["agent"]) == ("completed", 4, "1001")
    folder = stack.pbx.recordings
    recording = folder / f"{row['uniqueid']}-in.wav"
    wait_until(recording.exists, 60, f"{recording.name} (files: {sorted(p.name for p in folder.iterdir())})")
    audio, rate = sf.read(str(recording))
    assert audio.ndim == 2 and audio.shape[1] == 2
    assert abs(dominant_hz(audio[:, 0], rate) - 440) < 20  # left: what the caller said
    assert abs(dominant_hz(audio[:, 1], rate) - 1000) < 20  # right: the agent
    leftovers = [p.name for p in folder.iterdir() if TEMPORARY_NAME.search(p.stem) or p.suffix == ".part"]
    assert not leftovers  # the per-leg files are removed once mixed

    # The folder also holds the other tests' recordings (silent: sipp sent no audio there); those fail
    # with a reason, this one is transcribed and joins the call the survey stored.
    out = stack.sapa.cli("ingest", str(folder), "-m", str(vosk_test_model()), "-w", "1", check=False)
    with sqlite3.connect(stack.sapa.root / "sapa.db") as db:
        linked = db.execute(
            "SELECT c.external_id, c.recording_path FROM transcripts t JOIN calls c ON c.id = t.call_id "
            "WHERE t.status = 'done'"
        ).fetchall()
    assert linked == [(row["call"], str(recording))], out
