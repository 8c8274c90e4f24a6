"""A fake Asterisk that speaks the FastAGI wire protocol of Asterisk 20, for the demo, bench and tests.

It connects to a FastAGI server like Asterisk's ``AGI(agi://...)`` does: sends ``agi_*`` header lines
and a blank line, then answers each command line as Asterisk would, driven by a scripted ``Caller``
(keys pressed, when to hang up or drop the connection, which replies to garble).
"""

from __future__ import annotations

import shlex
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivr import dialplan as dp

DEAD_CHANNEL = "511 Command Not Permitted on a dead channel or intercept routine"
UNKNOWN_COMMAND = "510 Invalid or unknown command"
USAGE_BLOCK = "520-Invalid command syntax.  Proper usage follows:\nUsage: {usage}\n520 End of proper usage."


DEFAULT_SCRIPT = f"{dp.AGI_SURVEY}?{dp.PARAM_AGENT}=1001&{dp.PARAM_QUEUE}=support"


def agi_env(
    uniqueid: str,
    script: str = DEFAULT_SCRIPT,
    *,
    callerid: str = "77012345678",
    language: str = "ru",
    port: int = 4573,
    **extra: str,
) -> dict[str, str]:
    """The header Asterisk 20 sends for ``AGI(agi://127.0.0.1:4573/<script>)``."""
    env = {
        "agi_network": "yes",
        "agi_network_script": script,
        "agi_request": f"agi://127.0.0.1:{port}/{script}",
        "agi_channel": f"PJSIP/{callerid}-00000001",
        "agi_language": language,
        "agi_type": "PJSIP",
        "agi_uniqueid": uniqueid,
        "agi_version": "20.20.1",
        "agi_callerid": callerid,
        "agi_calleridname": "Caller",
        "agi_callingpres": "0",
        "agi_callingani2": "0",
        "agi_callington": "0",
        "agi_callingtns": "0",
        "agi_dnid": "100",
        "agi_rdnis": "unknown",
        "agi_context": "sapa-survey",
        "agi_extension": "s",
        "agi_priority": "2",
        "agi_enhanced": "0.0",
        "agi_accountcode": "",
        "agi_threadid": "140245128746560",
    }
    env.update({k if k.startswith("agi_") else f"agi_{k}": v for k, v in extra.items()})
    return env


@dataclass
class Caller:
    """What the simulated caller does. ``keys``: one entry per key request (GET DATA / WAIT FOR DIGIT),
    a digit string or None for silence. ``hangup_on``/``disconnect_on``: 1-based command number."""

    keys: list[str | None] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    hangup_on: int | None = None
    disconnect_on: int | None = None
    usage_on: set[str] = field(default_factory=set)
    unknown_on: set[str] = field(default_factory=set)
    raw_header: bytes | None = None
    think_s: float = 0.0  # Asterisk's time per command (audio playing), not part of the round trip
    check_files: bool = False  # like Asterisk, fail (result=-1) to play a sound file that does not exist
    garbage_on: dict[str, str] = field(default_factory=dict)  # verb → reply line sent instead
    source_ip: str | None = None  # connect from this local address (e.g. 127.0.0.2)


@dataclass
class CallLog:
    commands: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    round_trips: list[float] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    dead: bool = False
    hung_up_by_server: bool = False
    closed_by_server: bool = False

    def named(self, verb: str) -> list[str]:
        return [c for c in self.commands if c.upper().startswith(verb)]


class FakeAsterisk:
    def __init__(
        self,
        address: tuple[str, int],
        env: dict[str, str],
        caller: Caller | None = None,
        timeout_s: float = 60.0,
    ) -> None:
        self.address, self.env, self.caller = address, env, caller or Caller()
        self.timeout_s = timeout_s
        self.log = CallLog(variables=dict(self.caller.variables))
        self._keys = list(self.caller.keys)

    def run(self) -> CallLog:
        """Play one session to the end (the server closes the connection)."""
        source = (self.caller.source_ip, 0) if self.caller.source_ip else None
        with socket.create_connection(self.address, self.timeout_s, source) as sock:
            rfile, wfile = sock.makefile("rb"), sock.makefile("wb")
            header = self.caller.raw_header
            if header is None:
                header = "".join(f"{k}: {v}\n" for k, v in self.env.items()).encode() + b"\n"
            wfile.write(header)
            wfile.flush()
            sent = time.perf_counter()
            while True:
                raw = rfile.readline()
                if not raw:
                    self.log.closed_by_server = True
                    return self.log
                self.log.round_trips.append(time.perf_counter() - sent)
                command = raw.decode().strip()
                self.log.commands.append(command)
                if len(self.log.commands) == self.caller.disconnect_on:
                    return self.log  # caller's side drops the socket mid-command
                lines = self.answer(command)
                if self.caller.think_s:
                    time.sleep(self.caller.think_s)
                self.log.replies.extend(lines)
                wfile.write("".join(line + "\n" for line in lines).encode())
                wfile.flush()
                sent = time.perf_counter()

    # -- Asterisk's side of each command ---------------------------------------------------------
    def answer(self, command: str) -> list[str]:
        verb = _verb(command)
        if self.log.dead:
            return ["200 result=1"] if verb == "VERBOSE" else [DEAD_CHANNEL]
        if len(self.log.commands) == self.caller.hangup_on:
            self.log.dead = True
            first = "200 result=-1 (hangup) endpos=0" if verb == "RECORD FILE" else "200 result=-1"
            return [first, "HANGUP"]
        if verb in self.caller.usage_on:
            return USAGE_BLOCK.format(usage=command).splitlines()
        if verb in self.caller.unknown_on:
            return [UNKNOWN_COMMAND]
        if verb in self.caller.garbage_on:
            return [self.caller.garbage_on[verb]]
        return [self.reply(verb, _args(command))]

    def reply(self, verb: str, args: list[str]) -> str:
        if verb in {"ANSWER", "EXEC", "NOOP", "SET CONTEXT", "SET EXTENSION", "SET PRIORITY"}:
            return "200 result=0"
        if verb in {"GET VARIABLE", "GET FULL VARIABLE"}:
            value = self.log.variables.get(args[0] if args else "")
            return "200 result=0" if value is None else f"200 result=1 ({value})"
        if verb == "SET VARIABLE" and len(args) >= 2:
            self.log.variables[args[0]] = args[1]
            return "200 result=1"
        if verb in MEDIA and self.caller.check_files and not _sound_exists(args[0] if args else ""):
            return "200 result=-1"  # Asterisk: "Failed to find file" on its console, -1 to the AGI
        if verb == "GET DATA":
            key = self._next_key()
            if key is None:
                return "200 result= (timeout)"
            return "200 result=" if key == "#" else f"200 result={key}"
        if verb == "WAIT FOR DIGIT":
            key = self._next_key()
            return f"200 result={ord(key[0]) if key else 0}"
        if verb in {"STREAM FILE", "CONTROL STREAM FILE"}:
            return "200 result=0 endpos=8000"
        if verb == "RECORD FILE":
            return "200 result=35 (dtmf) endpos=16000"
        if verb == "HANGUP":
            self.log.dead = self.log.hung_up_by_server = True
            return "200 result=1"
        if verb == "VERBOSE":
            return "200 result=1"
        if verb == "CHANNEL STATUS":
            return "200 result=6"
        return UNKNOWN_COMMAND

    def _next_key(self) -> str | None:
        return self._keys.pop(0) if self._keys else None


VERBS = (
    "GET FULL VARIABLE",
    "GET VARIABLE",
    "SET VARIABLE",
    "GET DATA",
    "WAIT FOR DIGIT",
    "CONTROL STREAM FILE",
    "STREAM FILE",
    "RECORD FILE",
    "CHANNEL STATUS",
    "SET CONTEXT",
    "SET EXTENSION",
    "SET PRIORITY",
)


MEDIA = {"GET DATA", "STREAM FILE", "CONTROL STREAM FILE"}
SOUND_EXTENSIONS = (".wav", ".WAV", ".gsm", ".ulaw", ".alaw", ".sln", ".g722")


def _sound_exists(path: str) -> bool:
    """Asterisk gets a path without extension and picks whichever format exists."""
    return any(Path(path + ext).is_file() for ext in SOUND_EXTENSIONS)


def _verb(command: str) -> str:
    upper = command.upper()
    for verb in VERBS:
        if upper.startswith(verb):
            return verb
    return upper.split(" ", 1)[0]


def _args(command: str) -> list[str]:
    rest = command[len(_verb(command)) :].strip()
    try:
        return shlex.split(rest)
    except ValueError:
        return rest.split()


def simulate_call(
    address: tuple[str, int],
    uniqueid: str,
    keys: list[str | None],
    *,
    script: str = DEFAULT_SCRIPT,
    callerid: str = "77012345678",
    language: str = "ru",
    timeout_s: float = 60.0,
    **caller: Any,
) -> CallLog:
    """One simulated call: header for ``script``, the caller pressing ``keys``."""
    env = agi_env(uniqueid, script, callerid=callerid, language=language, port=address[1])
    fake = FakeAsterisk(address, env, Caller(keys=list(keys), **caller), timeout_s)
    return fake.run()
