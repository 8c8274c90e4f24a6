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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ivr.exceptions import IvrError

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK = ("127.0.0.0/8", "::1/128")


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


class PendingHeaders:
    """Connections still sending their header (not thread-safe: the server holds its lock)."""

    def __init__(self, max_total: int, max_per_peer: int) -> None:
        self.max_total, self.max_per_peer = max_total, max_per_peer
        self.items: dict[int, Pending] = {}

    def add(
        self, sock: socket.socket, peer: str, evictable: Callable[[socket.socket], bool]
    ) -> list[Pending]:
        """Register ``sock``; returns the connections to drop to make room (oldest first). Only
        ``evictable`` ones (header still incomplete) are ever dropped: a burst of real calls whose
        complete headers wait for a thread goes over the limits rather than lose a call."""
        victims: list[Pending] = []
        mine = self._of(peer)
        candidates = [p for p in mine if evictable(p.sock)]
        while len(mine) - len(victims) >= self.max_per_peer and candidates:
            victims.append(candidates.pop(0))
        for victim in victims:
            self.items.pop(id(victim.sock), None)
        while len(self.items) >= self.max_total:
            oldest = self._oldest_of_busiest(evictable)
            if oldest is None:
                break
            self.items.pop(id(oldest.sock), None)
            victims.append(oldest)
        self.items[id(sock)] = Pending(sock, peer)
        return victims

    def remove(self, sock: socket.socket) -> bool:
        return self.items.pop(id(sock), None) is not None

    def expired(self, deadline_s: float, now: float | None = None) -> list[Pending]:
        """Remove and return the connections whose header took longer than ``deadline_s`` overall."""
        now = time.monotonic() if now is None else now
        late = [p for p in self.items.values() if now - p.since > deadline_s]
        for pending in late:
            self.items.pop(id(pending.sock), None)
        return late

    def _of(self, peer: str) -> list[Pending]:
        return sorted((p for p in self.items.values() if p.peer == peer), key=lambda p: p.since)

    def _oldest_of_busiest(self, evictable: Callable[[socket.socket], bool]) -> Pending | None:
        counts: dict[str, int] = {}
        for p in self.items.values():
            counts[p.peer] = counts.get(p.peer, 0) + 1
        for peer in sorted(counts, key=lambda peer: -counts[peer]):
            for pending in self._of(peer):
                if evictable(pending.sock):
                    return pending
        return None
