"""The end of a FastAGI header, and peeking at it without consuming it (the server's header phase)."""

from __future__ import annotations

import io
import socket
from typing import Any

from ivr.agi.peers import Pending

MAX_HEADER_BYTES = 64 * 1024


def header_ends(tail: bytes, data: bytes) -> bool:
    """``data`` (after the ``tail`` already consumed) completes the header.

    >>> header_ends(b"", b"agi_uniqueid: 1.1\\n\\n"), header_ends(b"1\\n", b"\\n"), header_ends(b"", b"agi_")
    (True, True, False)
    """
    return has_header_end(data) if not tail else (b"\n\n" in tail + data or b"\n\r\n" in tail + data)


def has_header_end(data: bytes) -> bool:
    """A blank line ends the header (an empty first line is an empty header, refused later)."""
    return b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r\n"))


def header_incomplete(pending: Pending) -> bool:
    """Peek without reading: a header whose end waits in the kernel is complete (its thread is just
    not scheduled yet, e.g. in a burst of real calls) and must not be dropped; a trickle is incomplete."""
    try:
        data = pending.sock.recv(MAX_HEADER_BYTES, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except OSError:  # nothing buffered (BlockingIOError) or a broken socket
        return True
    pending.complete = header_ends(pending.tail, data)  # sticky: its thread will take it soon
    return not pending.complete


class Prefixed(io.RawIOBase):
    """The socket as a raw stream, starting with the bytes already read from it."""

    def __init__(self, prefix: bytes, sock: socket.socket) -> None:
        self.prefix, self.sock = prefix, sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.prefix:
            n = min(len(buffer), len(self.prefix))
            buffer[:n] = self.prefix[:n]
            self.prefix = self.prefix[n:]
            return n
        return self.sock.recv_into(buffer)
