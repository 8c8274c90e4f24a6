"""Real-Asterisk fixtures: one Asterisk + one `sapa agi` (SQLite) per module, sipp parties per test.

Runs when the Asterisk built by .ci/asterisk-build is in ~/.cache/sapa/asterisk-20.20.1/prefix (or
SAPA_ASTERISK_PREFIX) and sipp (Debian sip-tester) is installed; otherwise every test here is skipped
with a loud line on the terminal. `make test-asterisk` builds Asterisk first and runs only these.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dialogue import default_script_path, load_script_file
from ivr.prompt_build import script_texts, survey_texts
from ivr.prompts import LANGUAGES
from tests.asterisk.pbx import (
    Asterisk,
    Peer,
    Sapa,
    Sipp,
    asterisk_prefix,
    free_port,
    sipp_available,
    wait_until,
)

ENTRY = """
; --- added by the test: entry points into the documented contexts --------------------------------------
[test-entry]
; an inbound call from the PSTN: the documented IVR -> queue -> survey
exten => inbound,1,Goto(sapa-inbound,s,1)
; what the IVR's "extension" route does (SAPA_ROUTE=extension): Dial(..., g) -> survey
exten => direct,1,Answer()
 same => n,Set(SAPA_EXTENSION=1001)
 same => n,Set(SAPA_SURVEY=1)
 same => n,Goto(sapa-inbound,s,extension)

; the FreePBX variant (docs/asterisk/freepbx_extensions_custom.conf) as its custom destination would
exten => freepbx,1,Goto(sapa-freepbx,s,1)

[test-agents]
; an agent's phone dialling a customer: the documented outbound context
exten => _8XXXXXXXXXX,1,Goto(sapa-outbound,${EXTEN},1)
"""


def _missing() -> str | None:
    if asterisk_prefix() is None:
        return "no built Asterisk (run `make test-asterisk` or .ci/asterisk-build)"
    if not sipp_available():
        return "sipp not installed (Debian sip-tester)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    ours = [item for item in items if "asterisk" in item.keywords]
    reason = _missing()
    if not ours or reason is None:
        return
    if os.environ.get("SAPA_REQUIRE_ASTERISK"):
        raise pytest.UsageError(f"SAPA_REQUIRE_ASTERISK is set but {reason}")
    line = f"!!! SKIPPING {len(ours)} REAL-ASTERISK TESTS: {reason} !!!"
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(line, yellow=True, bold=True)
    else:
        print(line)
    for item in ours:
        item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class Stack:
    root: Path
    sapa: Sapa
    pbx: Asterisk
    agent_port: int
    agent2_port: int
    customer_port: int
    phone_port: int  # a caller whose phone sends keys as RFC 2833 events (peer `phone`, dtmfmode=rfc2833)

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.pbx.sip_port}"


def prompt_names() -> list[tuple[str, str, str]]:
    doc = load_script_file(default_script_path())
    texts = survey_texts(LANGUAGES) + script_texts(doc.name, doc.prompts)
    return [(t.language, t.namespace, t.name) for t in texts]


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    prefix = asterisk_prefix()
    assert prefix is not None
    # A short path: Asterisk's control socket lives under it (unix socket paths are limited to 108 bytes).
    root = Path(tempfile.mkdtemp(prefix="sapa-ast-"))
    sapa = Sapa(root / "sapa")
    sapa.root.mkdir()
    ports = [free_port(span=1) for _ in range(4)]
    peers = [
        Peer("1001", ports[0], "test-agents"),
        Peer("1002", ports[1], "test-agents"),
        Peer("trunk", ports[2], "test-entry", dtmfmode="info"),
        # matched by address and port: a caller sipp bound to this port is this peer
        Peer("phone", ports[3], "test-entry", dtmfmode="rfc2833"),
    ]
    pbx = Asterisk(prefix, root / "ast", f"agi://127.0.0.1:{sapa.port}", peers)
    try:
        sapa.prepare(prompt_names())
        sapa.agi()
        pbx.configure(ENTRY)
        pbx.start()
        # One answering agent per test: 1002 stays paused (an operator's `queue pause member`).
        pbx.cli("queue pause member SIP/1002 queue support reason test")
        yield Stack(root, sapa, pbx, *ports)
    finally:
        pbx.stop()
        sapa.stop()
        if os.environ.get("SAPA_KEEP_ASTERISK_TMP"):
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def parties(stack: Stack) -> Iterator[list[Sipp]]:
    """The sipp parties a test starts; stopped after it, and Asterisk left with no channel."""
    started: list[Sipp] = []
    yield started
    for party in started:
        party.stop()
    if not stack.pbx.no_channels():  # a failed test may leave a caller in the queue
        stack.pbx.cli("channel request hangup all")
    wait_until(stack.pbx.no_channels, 60, "Asterisk to clear its channels")
