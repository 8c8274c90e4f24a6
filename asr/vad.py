"""Silence skipping with webrtcvad, and the map from the shortened "speech stream" back to call time.

Only the detected speech regions (plus padding) are fed to the recogniser, one after another; the
``TimeMap`` turns a time in that stream back into seconds from the start of the call.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import webrtcvad

from asr.audio import resample, to_pcm16

VAD_RATES = (8000, 16000, 32000, 48000)
FRAME_MS = 30


@dataclass(frozen=True)
class Piece:
    call_start: float  # where the piece starts in the call, seconds
    stream_start: float  # where it starts in the speech stream, seconds
    length: float


def speech_regions(
    samples: np.ndarray, rate: int, *, aggressiveness: int = 2, padding_ms: int = 300, min_gap_ms: int = 600
) -> list[tuple[float, float]]:
    """Speech regions (start, end) in seconds: voiced 30 ms frames, padded, close regions merged."""
    if rate not in VAD_RATES:
        samples, rate = resample(samples, rate, 16000), 16000
    vad = webrtcvad.Vad(aggressiveness)
    step = rate * FRAME_MS // 1000
    pcm = to_pcm16(samples)
    voiced = [
        vad.is_speech(pcm[2 * i : 2 * (i + step)], rate) for i in range(0, len(samples) - step + 1, step)
    ]
    duration = len(samples) / rate
    pad, gap = padding_ms / 1000, min_gap_ms / 1000
    regions: list[list[float]] = []
    for index, is_voiced in enumerate(voiced):
        if not is_voiced:
            continue
        start, end = (
            max(0.0, index * FRAME_MS / 1000 - pad),
            min(duration, (index + 1) * FRAME_MS / 1000 + pad),
        )
        if regions and start - regions[-1][1] <= gap:
            regions[-1][1] = end
        else:
            regions.append([start, end])
    return [(round(a, 3), round(b, 3)) for a, b in regions]


class TimeMap:
    """Maps stream time (seconds of audio fed to the engine) back to call time."""

    def __init__(self, pieces: list[Piece]) -> None:
        self.pieces = pieces

    @classmethod
    def identity(cls, duration: float) -> TimeMap:
        return cls([Piece(0.0, 0.0, duration)])

    def _piece(self, t: float) -> Piece | None:
        for piece in reversed(self.pieces):
            if t >= piece.stream_start:
                return piece
        return self.pieces[0] if self.pieces else None

    def to_call(self, t: float) -> float:
        piece = self._piece(t)
        if piece is None:
            return t
        return piece.call_start + min(max(t - piece.stream_start, 0.0), piece.length)

    def to_call_span(self, start: float, end: float) -> tuple[float, float]:
        """A word's span in call time; a word may not run on from one speech region into the next."""
        piece = self._piece(start)
        call_start, call_end = self.to_call(start), self.to_call(end)
        if piece is not None and self._piece(end) is not piece:
            call_end = piece.call_start + piece.length
        return call_start, max(call_start, call_end)


def speech_stream(
    samples: np.ndarray, rate: int, regions: list[tuple[float, float]]
) -> tuple[np.ndarray, TimeMap, list[int]]:
    """Concatenate the regions; return the samples, their TimeMap and the sample index where each ends."""
    parts, pieces, breaks, fed = [], [], [], 0
    for start, end in regions:
        part = samples[int(start * rate) : int(end * rate)]
        if not part.size:
            continue
        pieces.append(Piece(start, fed / rate, len(part) / rate))
        parts.append(part)
        fed += len(part)
        breaks.append(fed)
    stream = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    return stream, TimeMap(pieces), breaks
