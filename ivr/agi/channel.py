"""pyst2's ``AGI`` over one FastAGI socket — subclassed once so every handler sees clean exceptions.

pyst2 0.5.1 as shipped cannot serve FastAGI from a thread: ``AGI.__init__`` installs a SIGHUP handler
(ValueError outside the main thread) and writes every line to stderr; ``200 result=-1`` raises a bare
AGIAppError; Asterisk's unprompted ``HANGUP`` line crashes ``get_result`` (``int('')``); 511 raises
AGIUnknownError. ``SapaAGI`` keeps pyst2's command methods (answer, get_data, stream_file, record_file,
get_variable, set_variable, verbose, hangup ...) and replaces set-up and reply handling.
"""

from __future__ import annotations

import logging
import re
from typing import Any, BinaryIO

from asterisk.agi import AGI

from ivr.agi.replies import (
    MAX_LINE,
    Reply,
    decode_line,
    is_hangup_line,
    is_usage_end,
    parse_header_line,
    parse_reply,
)
from ivr.exceptions import (
    AgiCommandFailed,
    AgiDisconnected,
    AgiHangup,
    AgiInvalidCommand,
    AgiProtocolError,
    AgiUnknownReply,
    AgiUnsafeCommand,
    AgiUsageError,
)

log = logging.getLogger(__name__)

MAX_HEADER_LINES = 200
MEDIA_COMMANDS = frozenset({"GET DATA", "STREAM FILE", "CONTROL STREAM FILE", "EXEC PLAYBACK"})
UNSAFE_IN_COMMAND = re.compile(r"[\r\n\x00]")
Result = dict[str, tuple[str, str]]


class _Discard:
    """pyst2 writes debugging text to ``self.stderr``; Sapa logs instead."""

    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        return None


class SapaAGI(AGI):
    """One AGI session over the socket's binary file objects (reads the ``agi_*`` header at once)."""

    def __init__(self, rfile: BinaryIO, wfile: BinaryIO) -> None:  # no super(): no signal, no stderr
        self.stdin, self.stdout, self.stderr = rfile, wfile, _Discard()
        self._got_sighup = False
        self.hung_up = False
        self.commands = 0
        self.env: dict[str, str] = {}
        self._get_agi_env()

    # -- set-up ------------------------------------------------------------------------------------
    def _get_agi_env(self) -> None:
        for _ in range(MAX_HEADER_LINES):
            line = self._readline()
            if not line.strip():
                if not self.env:
                    raise AgiProtocolError("empty AGI header")
                return
            key, value = parse_header_line(line)
            self.env[key] = value
        raise AgiProtocolError(f"more than {MAX_HEADER_LINES} header lines")

    def test_hangup(self) -> None:
        """pyst2 checks its SIGHUP flag here; FastAGI has no SIGHUP (the HANGUP line is handled below)."""

    # -- wire --------------------------------------------------------------------------------------
    def _readline(self) -> str:
        try:
            raw = self.stdin.readline(MAX_LINE + 1)
        except TimeoutError as exc:
            raise AgiDisconnected("timed out waiting for Asterisk") from exc
        except OSError as exc:
            raise AgiDisconnected(f"connection error: {exc}") from exc
        if not raw:
            raise AgiDisconnected("Asterisk closed the connection")
        return decode_line(raw)

    def _quote(self, string: Any) -> str:
        """pyst2 quotes arguments without escaping; Asterisk's parser takes backslash escapes."""
        text = str(string).replace("\\", "\\\\").replace('"', '\\"')
        return f'"{text}"'

    def send_command(self, command: str, *args: Any) -> None:
        """The one place every command leaves Sapa: a CR, LF or NUL in it would let a value from a URL
        or a channel variable start a second AGI command, so such a command is refused, never sent."""
        line = " ".join([command.strip(), *map(str, args)]).strip()
        if UNSAFE_IN_COMMAND.search(line):
            raise AgiUnsafeCommand(f"refused to send {command}: an argument contains CR, LF or NUL")
        log.debug("AGI >> %s", line)
        try:
            self.stdout.write(line.encode("utf-8") + b"\n")
            self.stdout.flush()
        except OSError as exc:
            raise AgiDisconnected(f"cannot send {command}: {exc}") from exc
        self.commands += 1

    def read_reply(self) -> Reply:
        """Next reply line, skipping (and remembering) Asterisk's unprompted ``HANGUP`` lines."""
        line = self._readline()
        while is_hangup_line(line):
            log.debug("AGI << HANGUP")
            self.hung_up = True
            line = self._readline()
        log.debug("AGI << %s", line)
        return parse_reply(line)

    def get_result(self, stdin: Any = None) -> Result:
        """The reply as pyst2's dict ``{'result': (value, data), 'endpos': (n, '')}``; errors raised."""
        reply = self.read_reply()
        if reply.code == 200:
            if reply.data == "hangup":
                raise AgiHangup("caller hung up during the command")
            return {"result": (reply.result, reply.data)} | {k: (v, "") for k, v in reply.fields.items()}
        if reply.code == 511:
            self.hung_up = True
            raise AgiHangup(reply.text or "511 dead channel")
        if reply.code == 510:
            raise AgiInvalidCommand(reply.text)
        if reply.code == 520:
            raise AgiUsageError(self._read_usage(reply))
        raise AgiUnknownReply(f"unexpected reply code {reply.code}: {reply.text}")

    def _read_usage(self, first: Reply) -> str:
        lines = [first.text]
        if first.continues:
            for _ in range(MAX_HEADER_LINES):
                line = self._readline()
                lines.append(line)
                if is_usage_end(line):
                    break
        return "\n".join(lines)

    def execute(self, command: str, *args: Any) -> Result:
        """Send one command; ``result=-1`` becomes AgiHangup (channel gone) or AgiCommandFailed."""
        self.send_command(command, *args)
        result = self.get_result()
        if result["result"][0] == "-1":
            self._raise_for_failure(command, args)
        return result

    def _raise_for_failure(self, command: str, args: tuple[Any, ...] = ()) -> None:
        """Asterisk answers -1 both on hang-up and on errors; ask the channel which one it was."""
        if not self.hung_up:
            self.send_command("CHANNEL STATUS")
            if self.get_result()["result"][0] == "-1":
                self.hung_up = True
        if self.hung_up:
            raise AgiHangup(f"caller hung up during {command}")
        if command in MEDIA_COMMANDS and args:  # Asterisk could not open the sound file (wrong path?)
            raise AgiCommandFailed(
                f"{command} failed (result=-1): cannot play {args[0]} (missing prompt file?)"
            )
        raise AgiCommandFailed(f"{command} failed (result=-1)")
