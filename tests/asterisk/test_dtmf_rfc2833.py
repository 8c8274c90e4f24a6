"""Keys as RFC 2833 / RFC 4733 RTP telephone-events, the way most phones send DTMF.

The caller is the sip.conf peer ``phone`` (``dtmfmode=rfc2833``, matched by its address and port) and
sipp plays every key as the next event of one RTP stream (tests/asterisk/rfc2833.py). The other tests of
this folder send SIP INFO. No test asserts a duration.
"""

from __future__ import annotations

import os
import re
import sqlite3

import pytest

from tests.asterisk.conftest import Stack
from tests.asterisk.pbx import Sipp, Steps, wait_until
from tests.asterisk.rfc2833 import Rfc2833, sipp_sends_raw
from tests.asterisk.test_survey_pbx import agi_problems, finished, ok, party, surveys

pytestmark = [
    pytest.mark.asterisk,
    # with SAPA_REQUIRE_ASTERISK the tests run and fail with sipp's "Can't create raw IPv4 socket" instead
    pytest.mark.skipif(
        not sipp_sends_raw() and not os.environ.get("SAPA_REQUIRE_ASTERISK"),
        reason="sipp cannot play RTP events: run as root or `setcap cap_net_raw+ep $(command -v sipp)`",
    ),
]


def attempts(stack: Stack, call: str) -> int:
    with sqlite3.connect(stack.sapa.root / "sapa.db") as db:
        (value,) = db.execute(
            "SELECT s.attempts FROM survey_responses s JOIN calls c ON c.id = s.call_id "
            "WHERE c.external_id = ?",
            (call,),
        ).fetchone()
    return int(value)


def phone_channel(stack: Stack, since: int) -> bool:
    """Asterisk took the call from the peer ``phone`` (dtmfmode=rfc2833), not as a guest (dtmfmode=info)."""
    return re.search(r"\bSIP/phone-[0-9a-f]{8}\b", stack.pbx.log()[since:]) is not None


def test_rfc2833_keys_ivr_queue_agent_hangs_up_then_the_caller_rates(
    stack: Stack, parties: list[Sipp]
) -> None:
    """Language, topic and rating all as RTP events; the rating key is repeated until the survey takes it
    (while the caller is still bridged the events reach the agent's phone and are ignored there)."""
    before, mark = len(surveys(stack)), len(stack.pbx.log())
    agent = party(stack, parties, "e-agent", stack.agent_port)
    agent.start("agent.xml", None, **Steps(uac=False).pause(3000).render(hang_up=True))
    caller = party(stack, parties, "e-caller", stack.phone_port)
    steps = Steps(uac=True, dtmf=Rfc2833(stack.root, "e-caller"))
    steps.key("2", 3000).key("1", 3000).keys("3", 2000, 25)  # ru, topic 1, rating 3
    caller.start("caller.xml", stack.target, service="inbound", **steps.render(hang_up=False))
    ok(agent, stack)
    ok(caller, stack)
    row = finished(stack, before)
    assert phone_channel(stack, mark)
    assert (row["status"], row["rating"], row["agent"], row["queue"]) == ("completed", 3, "1001", "support")
    assert (row["language"], row["hangup_by"]) == ("ru", "agent")
    assert not agi_problems(stack, mark)


def survey_asks(stack: Stack, since: int, prompt: str) -> int:
    """How many GET DATA of this survey prompt Asterisk received on the phone's channel (agi debug)."""
    pattern = re.compile(rf"<SIP/phone-\w+>AGI Rx << GET DATA \S+/{prompt} ")
    return len(pattern.findall(stack.pbx.log()[since:]))


def test_rfc2833_an_invalid_key_then_a_valid_one(stack: Stack, parties: list[Sipp]) -> None:
    """`Dial g`: the agent hangs up; the caller presses 9 when the survey asks (invalid: the retry prompt),
    then 4 when it asks again. Each key is sent only once the survey waits for it (the test watches the
    AGI commands and lets sipp go on), so no key can be lost to timing."""
    before, mark = len(surveys(stack)), len(stack.pbx.log())
    stack.pbx.cli("agi set debug on")
    try:
        agent = party(stack, parties, "v-agent", stack.agent_port)
        agent.start("agent.xml", None, **Steps(uac=False).pause(2000).render(hang_up=True))
        caller = party(stack, parties, "v-caller", stack.phone_port)
        steps = Steps(uac=True, dtmf=Rfc2833(stack.root, "v-caller"))
        steps.wait_for_go().key("9").wait_for_go().key("4")
        caller.start("caller.xml", stack.target, service="direct", **steps.render(hang_up=False))
        wait_until(lambda: survey_asks(stack, mark, "intro") == 1, 120, "the survey's question")
        caller.go()
        wait_until(lambda: survey_asks(stack, mark, "invalid") == 1, 60, "the retry after the invalid key")
        caller.go()
        ok(agent, stack)
        ok(caller, stack)
    finally:
        stack.pbx.cli("agi set debug off")
    row = finished(stack, before)
    assert phone_channel(stack, mark)
    assert (row["status"], row["rating"], row["agent"]) == ("completed", 4, "1001")
    assert attempts(stack, row["call"]) == 2  # the 9, then the 4
    assert not agi_problems(stack, mark)
