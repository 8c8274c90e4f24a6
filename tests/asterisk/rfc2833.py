"""DTMF keys as RFC 4733 (RFC 2833) RTP telephone-events, in pcap files that sipp plays (play_pcap_audio).

This is how most phones send keys (``dtmfmode=rfc2833``, PJSIP ``dtmf_mode=rfc4733``). sipp's own
``dtmf_2833_*.pcap`` (Debian sip-tester, /usr/share/sip-tester) all carry the same SSRC and RTP timestamp;
Asterisk drops an event whose timestamp is not later than the last one it ended (res_rtp_asterisk:
"duplicate or out of order"), so only a call's first key would count. Here every key of one call is the
next event of one RTP stream (same SSRC, rising sequence numbers and timestamps), as a phone sends it.

Written with ``struct``: a pcap file is a 24-byte header and a 16-byte record header per packet, and sipp
reads only Ethernet/IPv4/UDP from it (it rewrites the ports and the UDP checksum, not the RTP header); the
venv has no packet library (scapy, dpkt) and a new dependency for these few lines is not worth it.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

EVENTS = {**{str(d): d for d in range(10)}, "*": 10, "#": 11}
NAMES = {"*": "star", "#": "pound"}
PAYLOAD_TYPE = 101  # a=rtpmap:101 telephone-event/8000 in the scenarios' SDP
PACKET_MS = 20
SAMPLES_PER_MS = 8  # 8 kHz clock
DLT_EN10MB = 1


def rtp_event(
    seq: int, timestamp: int, ssrc: int, event: int, duration: int, *, first: bool, end: bool
) -> bytes:
    """One RTP packet (version 2) with a telephone-event payload: event, E bit + volume 10, duration."""
    marker = 0x80 if first else 0
    header = struct.pack("!BBHII", 0x80, marker | PAYLOAD_TYPE, seq & 0xFFFF, timestamp & 0xFFFFFFFF, ssrc)
    return header + struct.pack("!BBH", event, (0x80 if end else 0) | 10, duration)


def frame(payload: bytes, sport: int = 40000, dport: int = 10000) -> bytes:
    """Ethernet + IPv4 + UDP around ``payload`` (sipp replaces ports, addresses and the UDP checksum)."""
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    loopback = bytes([127, 0, 0, 1])
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, loopback, loopback)
    ethernet = bytes(12) + struct.pack("!H", 0x0800)
    return ethernet + ip + udp


def write_pcap(path: Path, packets: list[bytes], gap_ms: int = PACKET_MS) -> None:
    """A classic little-endian pcap (microsecond times): sipp sends the packets ``gap_ms`` apart."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, DLT_EN10MB)]
    for i, packet in enumerate(packets):
        micros = i * gap_ms * 1000
        out.append(struct.pack("<IIII", micros // 1_000_000, micros % 1_000_000, len(packet), len(packet)))
        out.append(packet)
    path.write_bytes(b"".join(out))


@dataclass
class Rfc2833:
    """One caller's DTMF stream: ``pcap(key)`` writes the next key as a file for ``play_pcap_audio``."""

    folder: Path
    name: str
    ssrc: int = 0x5A9A2833
    seq: int = 1000
    timestamp: int = 16000
    count: int = 0

    def pcap(self, key: str, tone_ms: int = 160) -> Path:
        event = EVENTS[key]
        steps = tone_ms // PACKET_MS
        packets = []
        for i in range(steps):  # the event's start (marker bit) and its updates, 20 ms apart
            duration = (i + 1) * PACKET_MS * SAMPLES_PER_MS
            packets.append(self._next(event, duration, first=i == 0, end=False))
        for _ in range(3):  # the end, sent three times (RFC 4733 2.5.1.4)
            packets.append(self._next(event, tone_ms * SAMPLES_PER_MS, first=False, end=True))
        # the next key starts well after this one ended (its timestamp must be later than this end)
        self.timestamp += (tone_ms + 1000) * SAMPLES_PER_MS
        self.count += 1
        path = self.folder / f"{self.name}-{self.count:03d}-{NAMES.get(key, key)}.pcap"
        write_pcap(path, [frame(p) for p in packets])
        return path

    def _next(self, event: int, duration: int, *, first: bool, end: bool) -> bytes:
        self.seq += 1
        return rtp_event(self.seq, self.timestamp, self.ssrc, event, duration, first=first, end=end)

    @staticmethod
    def play_ms(tone_ms: int = 160) -> int:
        """How long sipp takes to send one key's packets (a next play must not cut it short)."""
        return (tone_ms // PACKET_MS + 3) * PACKET_MS


def sipp_sends_raw() -> bool:
    """sipp's play_pcap_audio writes UDP through a raw socket: root, or sipp with CAP_NET_RAW."""
    if os.geteuid() == 0:
        return True
    sipp, getcap = shutil.which("sipp"), shutil.which("getcap")
    if sipp is None or getcap is None:
        return False
    return "cap_net_raw" in subprocess.run([getcap, sipp], capture_output=True, text=True).stdout
