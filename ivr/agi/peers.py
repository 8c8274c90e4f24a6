"""Who may connect to the FastAGI port, and how many half-open connections each peer may hold.

FastAGI has no credentials: whoever reaches the port can create ratings. So the server (1) refuses
every peer outside ``ivr.agi_allow`` before reading a byte, and (2) keeps connections that have not
finished their ``agi_*`` header in a small, separate pool with an overall deadline. Asterisk sends its
whole header in one write; a connection still "typing" it is the slowest in the pool and the first to
be dropped when a peer (or the whole pool) is over its share, so slow-header floods never take the
session slots real calls need.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ivr.exceptions import IvrError

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK = ("127.0.0.0/8", "::1/128")
MIN_AGE_S = 1.0  # Asterisk writes its header right after connecting; younger connections are never dropped


def parse_allow_list(entries: Iterable[str]) -> tuple[IpNetwork, ...]:
    """Addresses or CIDRs → networks; a bad entry is an IvrError naming it.

    >>> [str(n) for n in parse_allow_list(["10.0.0.5", "192.168.1.0/24", "::1"])]
    ['10.0.0.5/32', '192.168.1.0/24', '::1/128']
    """
    networks: list[IpNetwork] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError as exc:
            raise IvrError(f"ivr.agi_allow: {entry!r} is not an address or CIDR ({exc})") from exc
    return tuple(networks)


def is_allowed(peer: str, networks: tuple[IpNetwork, ...]) -> bool:
    """``peer`` (the accepted socket's address) is inside one of ``networks``; IPv4-mapped IPv6 too.

    >>> nets = parse_allow_list(["127.0.0.0/8"])
    >>> is_allowed("127.0.0.1", nets), is_allowed("::ffff:127.0.0.1", nets), is_allowed("10.1.1.1", nets)
    (True, True, False)
    >>> is_allowed("not-an-ip", nets)
    False
    """
    try:
        address = ipaddress.ip_address(peer.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in net for net in networks if net.version == address.version)


@dataclass
class Pending:
    sock: socket.socket
    peer: str
    since: float = field(default_factory=time.monotonic)
    tail: bytes = b""  # the last bytes its thread has consumed (a header end may straddle them)
    complete: bool = False  # its header end was seen waiting in the kernel: never evicted


class PendingHeaders:
    """Connections still sending their header (not thread-safe: the server holds its lock)."""

    def __init__(self, max_total: int, max_per_peer: int) -> None:
        self.max_total, self.max_per_peer = max_total, max_per_peer
        self.items: dict[int, Pending] = {}  # insertion order = oldest first
        self.per_peer: Counter[str] = Counter()
        self.by_peer: dict[str, dict[int, Pending]] = {}  # the same, per peer (oldest first)

    def add(self, sock: socket.socket, peer: str, evictable: Callable[[Pending], bool]) -> list[Pending]:
        """Register ``sock``; returns the connections to drop to make room (oldest first). Only
        ``evictable`` ones (header still incomplete) are ever dropped: a burst of real calls whose
        complete headers wait for a thread goes over the limits rather than lose a call."""
        victims = self.trim(evictable, room_for=peer)
        pending = self.items[id(sock)] = Pending(sock, peer)
        self.by_peer.setdefault(peer, {})[id(sock)] = pending
        self.per_peer[peer] += 1
        return victims

    def trim(self, evictable: Callable[[Pending], bool], room_for: str | None = None) -> list[Pending]:
        """Drop what is over the limits (making room for one more of ``room_for``): per peer first,
        then the busiest peer's oldest. Younger than ``MIN_AGE_S`` or ``complete``: never dropped.

        Runs under the server's lock on every accept: only the old part of each peer's list is looked
        at (a burst of 500 young connections from one Asterisk costs nothing here)."""
        victims: list[Pending] = []

        def droppable(p: Pending) -> bool:
            return not p.complete and evictable(p)

        for peer, count in list(self.per_peer.items()):
            excess = count - self.max_per_peer + (1 if peer == room_for else 0)
            if excess > 0:
                victims += [p for p in self._old(peer) if droppable(p)][:excess]
        for victim in victims:
            self._drop(victim)
        while len(self.items) >= self.max_total + (0 if room_for else 1):
            oldest = next(
                (p for peer, _n in self.per_peer.most_common() for p in self._old(peer) if droppable(p)), None
            )
            if oldest is None:
                break
            self._drop(oldest)
            victims.append(oldest)
        return victims

    def remove(self, sock: socket.socket) -> bool:
        pending = self.items.get(id(sock))
        if pending is None:
            return False
        self._drop(pending)
        return True

    def _drop(self, pending: Pending) -> None:
        if self.items.pop(id(pending.sock), None) is not None:
            self.by_peer[pending.peer].pop(id(pending.sock), None)
            if not self.by_peer[pending.peer]:
                del self.by_peer[pending.peer]
            self.per_peer[pending.peer] -= 1
            if self.per_peer[pending.peer] <= 0:
                del self.per_peer[pending.peer]

    def expired(self, deadline_s: float, now: float | None = None) -> list[Pending]:
        """Remove and return the connections whose header took longer than ``deadline_s`` overall."""
        now = time.monotonic() if now is None else now
        late = []
        for pending in self.items.values():  # oldest first: stop at the first one in time
            if now - pending.since <= deadline_s:
                break
            late.append(pending)
        for pending in late:
            self._drop(pending)
        return late

    def _old(self, peer: str) -> Iterator[Pending]:
        """The peer's connections older than ``MIN_AGE_S``, oldest first (a snapshot: safe to drop)."""
        now, old = time.monotonic(), []
        for pending in self.by_peer.get(peer, {}).values():
            if now - pending.since < MIN_AGE_S:
                break
            old.append(pending)
        return iter(old)
