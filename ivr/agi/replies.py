"""Pure parsers for the AGI wire protocol (no I/O). Reply lines in the docstrings are real Asterisk 20 lines.

A session starts with ``agi_*: value`` header lines and a blank line; then every command gets one reply
line, except 520 (usage) which spans several lines, and the unprompted ``HANGUP`` line Asterisk sends
when the caller hangs up during the session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ivr.exceptions import AgiProtocolError

HANGUP_LINE = "HANGUP"
MAX_LINE = 8192

_REPLY = re.compile(r"^(?P<code>\d{3})(?P<sep>[ -]?)(?P<text>.*)$")
_RESULT = re.compile(r"^result=(?P<result>\S*)(?:\s+\((?P<data>.*)\))?(?P<rest>(?:\s+[\w-]+=\S*)*)\s*$")
_FIELD = re.compile(r"([\w-]+)=(\S*)")
_HEADER_KEY = re.compile(r"^agi_[a-z0-9_]+$")


@dataclass(frozen=True)
class Reply:
    """One parsed reply: ``code`` 200/510/511/520, ``result`` and ``data`` of 200 replies, extra fields."""

    code: int
    result: str = ""
    data: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    text: str = ""
    continues: bool = False

    @property
    def failed(self) -> bool:
        """``200 result=-1``: the command failed or the caller hung up during it."""
        return self.code == 200 and self.result == "-1"


def decode_line(raw: bytes) -> str:
    """Bytes of one line → text without the line end. Garbage bytes are an AgiProtocolError.

    >>> decode_line(b"200 result=0\\n")
    '200 result=0'
    """
    if len(raw) > MAX_LINE:
        raise AgiProtocolError(f"line longer than {MAX_LINE} bytes")
    try:
        return raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise AgiProtocolError(f"line is not UTF-8: {raw[:40]!r}") from exc


def parse_header_line(line: str) -> tuple[str, str]:
    """One header line of a new session.

    >>> parse_header_line("agi_network_script: survey?agent=1001")
    ('agi_network_script', 'survey?agent=1001')
    >>> parse_header_line("agi_callerid: unknown")
    ('agi_callerid', 'unknown')
    """
    key, sep, value = line.partition(":")
    key = key.strip()
    if not sep or not _HEADER_KEY.match(key):
        raise AgiProtocolError(f"not an AGI header line: {line[:60]!r}")
    return key, value.strip()


def is_hangup_line(line: str) -> bool:
    """Asterisk's unprompted notice that the channel hung up: the bare line ``HANGUP``."""
    return line.strip() == HANGUP_LINE


def parse_reply(line: str) -> Reply:
    """Parse one reply line.

    >>> parse_reply("200 result=4")
    Reply(code=200, result='4', data='', fields={}, text='result=4', continues=False)
    >>> parse_reply("200 result= (timeout)").data
    'timeout'
    >>> parse_reply("200 result=55 endpos=18240").fields
    {'endpos': '18240'}
    >>> parse_reply("200 result=1 (PJSIP/1001)").data
    'PJSIP/1001'
    >>> parse_reply("200 result=-1").failed
    True
    >>> parse_reply("511 Command Not Permitted on a dead channel or intercept routine").code
    511
    >>> parse_reply("520-Invalid command syntax.  Proper usage follows:").continues
    True
    """
    match = _REPLY.match(line.strip())
    if match is None:
        raise AgiProtocolError(f"not an AGI reply: {line[:60]!r}")
    code, text = int(match["code"]), match["text"].strip()
    continues = match["sep"] == "-"
    if code != 200:
        return Reply(code=code, text=text, continues=continues)
    result = _RESULT.match(text)
    if result is None:
        raise AgiProtocolError(f"200 reply without result=: {line[:60]!r}")
    fields = dict(_FIELD.findall(result["rest"] or ""))
    return Reply(code, result["result"], result["data"] or "", fields, text)


def is_usage_end(line: str) -> bool:
    """The last line of a 520 usage block.

    >>> is_usage_end("520 End of proper usage.")
    True
    >>> is_usage_end(" Usage: GET DATA <file to be streamed> [timeout] [maxdigits]")
    False
    """
    return line.startswith("520 ")


def digit_from_ascii(result: str) -> str:
    """STREAM FILE / WAIT FOR DIGIT / RECORD FILE give the ASCII code of the key; 0 means none.

    >>> digit_from_ascii("55")   # 200 result=55
    '7'
    >>> digit_from_ascii("35")   # '#'
    '#'
    >>> digit_from_ascii("0")
    ''
    """
    try:
        code = int(result)
    except ValueError as exc:
        raise AgiProtocolError(f"expected an ASCII code, got {result!r}") from exc
    if code == 0:
        return ""
    if not 32 < code < 127:
        raise AgiProtocolError(f"ASCII code out of range: {code}")
    return chr(code)


def extension_from_interface(interface: str) -> str:
    """The extension in a queue member interface (``MEMBERINTERFACE``).

    >>> extension_from_interface("PJSIP/1001")
    '1001'
    >>> extension_from_interface("Local/1002@from-queue/n")
    '1002'
    >>> extension_from_interface("SIP/1003-0000002a")
    '1003'
    >>> extension_from_interface("")
    ''
    """
    if "/" not in interface:
        return interface.strip()
    tail = interface.split("/", 1)[1]
    return re.split(r"[@/-]", tail, maxsplit=1)[0].strip()
