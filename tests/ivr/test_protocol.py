"""Pure reply parsers and the SapaAGI subclass over a socket pair (no server)."""

from __future__ import annotations

import doctest
import socket
import threading
from collections.abc import Iterator

import pytest
from asterisk.agi import AGI

import ivr.agi.header
import ivr.agi.peers
import ivr.agi.replies
import ivr.agi.request
import ivr.script.handler
import ivr.survey.identity
from ivr.agi.channel import SapaAGI
from ivr.agi.replies import parse_reply
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

HEADER = b"agi_network: yes\nagi_uniqueid: 1700000000.7\nagi_network_script: survey?agent=1001\n\n"


DOC_MODULES = [
    ivr.agi.replies,
    ivr.agi.request,
    ivr.agi.peers,
    ivr.agi.header,
    ivr.survey.identity,
    ivr.script.handler,
]


@pytest.mark.parametrize("module", DOC_MODULES)
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("200 result=1 (Иван (старший))", ("1", "Иван (старший)", {})),
        ("200 result=-1 (hangup) endpos=0", ("-1", "hangup", {"endpos": "0"})),
        ("200 result=35 (dtmf) endpos=16000", ("35", "dtmf", {"endpos": "16000"})),
        ("200 result=0 (timeout) endpos=40000", ("0", "timeout", {"endpos": "40000"})),
        ("200 result=", ("", "", {})),
    ],
)
def test_parse_200(line: str, expected: tuple[str, str, dict[str, str]]) -> None:
    reply = parse_reply(line)
    assert (reply.result, reply.data, reply.fields) == expected


@pytest.mark.parametrize("line", ["", "OK", "20 result=1", "200 value=3", "abc 200"])
def test_garbage_reply(line: str) -> None:
    with pytest.raises(AgiProtocolError):
        parse_reply(line)


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    ours, theirs = socket.socketpair()
    ours.settimeout(2)
    yield ours, theirs
    ours.close()
    theirs.close()


def agi_on(sock: socket.socket) -> SapaAGI:
    return SapaAGI(sock.makefile("rb"), sock.makefile("wb"))


def test_pyst2_cannot_start_in_a_thread_but_sapa_agi_can(pair: tuple[socket.socket, socket.socket]) -> None:
    ours, theirs = pair
    errors: list[BaseException] = []
    sessions: list[SapaAGI] = []

    def plain() -> None:
        try:
            AGI(ours.makefile("r"), ours.makefile("w"), ours.makefile("w"))
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=plain)
    worker.start()
    worker.join()
    assert isinstance(errors[0], ValueError)  # signal only works in main thread
    theirs.sendall(HEADER)
    worker = threading.Thread(target=lambda: sessions.append(agi_on(ours)))
    worker.start()
    worker.join()
    assert sessions[0].env["agi_uniqueid"] == "1700000000.7"


def test_hangup_line_then_511(pair: tuple[socket.socket, socket.socket]) -> None:
    ours, theirs = pair
    theirs.sendall(
        HEADER + b"200 result=-1\nHANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n"
    )
    agi = agi_on(ours)
    with pytest.raises(AgiHangup):
        agi.get_data("/var/prompts/ru/survey/intro", 5000, 1)
    assert agi.hung_up
    assert theirs.recv(200) == b"GET DATA /var/prompts/ru/survey/intro 5000 1\nCHANNEL STATUS\n"


def test_minus_one_on_a_live_channel_is_a_failed_command(pair: tuple[socket.socket, socket.socket]) -> None:
    ours, theirs = pair
    theirs.sendall(HEADER + b"200 result=-1 endpos=0\n200 result=6\n")
    with pytest.raises(AgiCommandFailed):
        agi_on(ours).stream_file("/nowhere/missing")


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (b"510 Invalid or unknown command\n", AgiInvalidCommand),
        (
            b"520-Invalid command syntax.  Proper usage follows:\nUsage: GET DATA <file> [timeout]\n"
            b"520 End of proper usage.\n",
            AgiUsageError,
        ),
        (b"404 What\n", AgiUnknownReply),
        (b"", AgiDisconnected),
        (b"\xff\xfe\n", AgiProtocolError),
    ],
)
def test_error_replies(
    pair: tuple[socket.socket, socket.socket], reply: bytes, error: type[Exception]
) -> None:
    ours, theirs = pair
    theirs.sendall(HEADER + reply)
    agi = agi_on(ours)
    if not reply:
        theirs.shutdown(socket.SHUT_WR)
    with pytest.raises(error) as info:
        agi.answer()
    if error is AgiUsageError:
        assert str(info.value).count("\n") == 2 and "Usage: GET DATA" in str(info.value)


def test_usage_block_is_consumed_whole(pair: tuple[socket.socket, socket.socket]) -> None:
    ours, theirs = pair
    theirs.sendall(
        HEADER + b"520-Invalid command syntax.  Proper usage follows:\nUsage: X\n"
        b"520 End of proper usage.\n200 result=1 (PJSIP/1001)\n"
    )
    agi = agi_on(ours)
    with pytest.raises(AgiUsageError):
        agi.answer()
    assert agi.get_variable("MEMBERINTERFACE") == "PJSIP/1001"


def test_pyst2_helpers_read_our_results(pair: tuple[socket.socket, socket.socket]) -> None:
    ours, theirs = pair
    theirs.sendall(HEADER + b"200 result=55\n200 result=0\n200 result= (timeout)\n200 result=52 endpos=400\n")
    agi = agi_on(ours)
    assert agi.wait_for_digit(5000) == "7"
    assert agi.wait_for_digit(5000) == ""
    assert agi.get_data("x", 5000, 1) == ""
    assert agi.stream_file("x", "12345") == "4"


@pytest.mark.parametrize("value", ["ru\r\nEXEC System(rm -rf /)", "x\nHANGUP", "a\x00b"])
def test_command_with_cr_lf_or_nul_is_refused_not_sent(
    pair: tuple[socket.socket, socket.socket], value: str
) -> None:
    ours, theirs = pair
    theirs.sendall(HEADER)
    agi = agi_on(ours)
    with pytest.raises(AgiUnsafeCommand):
        agi.set_variable("CHANNEL(language)", value)
    theirs.setblocking(False)
    with pytest.raises(BlockingIOError):
        theirs.recv(100)  # not a byte of it reached Asterisk
    theirs.setblocking(True)
    theirs.sendall(b"200 result=1\n")
    agi.set_variable("SAPA_NOTE", 'say "hi" \\ bye')  # quotes and backslashes are escaped, not a problem
    assert theirs.recv(100) == b'SET VARIABLE "SAPA_NOTE" "say \\"hi\\" \\\\ bye"\n'
