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
NOISE_PERCENTILE = 10
BLOCK_FRAMES = 2000  # 60 s of 30 ms frames handled at a time


@dataclass(frozen=True)
class Piece:
    call_start: float  # where the piece starts in the call, seconds
    stream_start: float  # where it starts in the speech stream, seconds
    length: float


def frame_levels(samples: np.ndarray, step: int) -> np.ndarray:
    """dBFS of every whole frame of ``step`` samples (in blocks: no full-length temporary copies)."""
    count = len(samples) // step
    levels = np.empty(count, np.float64)
    for first in range(0, count, BLOCK_FRAMES):
        last = min(count, first + BLOCK_FRAMES)
        frames = samples[first * step : last * step].reshape(-1, step).astype(np.float64)
        levels[first:last] = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    return levels


def voiced_frames(
    vad: webrtcvad.Vad, samples: np.ndarray, rate: int, step: int, gate: np.ndarray
) -> list[bool]:
    """webrtcvad's verdict for every frame that passes ``gate``, converting to PCM a block at a time."""
    voiced: list[bool] = []
    for first in range(0, len(gate), BLOCK_FRAMES):
        last = min(len(gate), first + BLOCK_FRAMES)
        pcm = to_pcm16(samples[first * step : last * step])
        voiced += [
            bool(gate[n]) and vad.is_speech(pcm[2 * (n - first) * step : 2 * (n - first + 1) * step], rate)
            for n in range(first, last)
        ]
    return voiced


def noise_floor_db(levels: np.ndarray) -> float:
    """The line's noise level: the 10th percentile of the frame levels (every channel has pauses)."""
    return float(np.percentile(levels, NOISE_PERCENTILE)) if levels.size else -120.0


def speech_regions(
    samples: np.ndarray,
    rate: int,
    *,
    aggressiveness: int = 2,
    padding_ms: int = 300,
    min_gap_ms: int = 600,
    min_speech_ms: int = 120,
    noise_margin_db: float = 6.0,
) -> list[tuple[float, float]]:
    """Speech regions (start, end) in seconds: voiced 30 ms frames, padded, close regions merged.

    A frame counts as voiced only if webrtcvad says so AND it is ``noise_margin_db`` above the channel's
    noise floor: webrtcvad calls the first ~90 ms of any recording speech while it adapts, and on a
    telephone line those frames are just line noise. A region with less than ``min_speech_ms`` of voiced
    frames (a click, that start-up scrap) is dropped.
    """
    if rate not in VAD_RATES:
        samples, rate = resample(samples, rate, 16000), 16000
    vad = webrtcvad.Vad(aggressiveness)
    step = rate * FRAME_MS // 1000
    levels = frame_levels(samples, step)
    voiced = voiced_frames(vad, samples, rate, step, levels >= noise_floor_db(levels) + noise_margin_db)
    duration = len(samples) / rate
    pad, gap = padding_ms / 1000, min_gap_ms / 1000
    regions: list[list[float]] = []  # [start, end, voiced frames]
    for index, is_voiced in enumerate(voiced):
        if not is_voiced:
            continue
        start, end = (
            max(0.0, index * FRAME_MS / 1000 - pad),
            min(duration, (index + 1) * FRAME_MS / 1000 + pad),
        )
        if regions and start - regions[-1][1] <= gap:
            regions[-1][1] = end
            regions[-1][2] += 1
        else:
            regions.append([start, end, 1])
    return [(round(a, 3), round(b, 3)) for a, b, n in regions if n * FRAME_MS >= min_speech_ms]


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
        """A word's span in call time, inside ONE speech region: the one holding the word's middle.

        A word may not run on from one region into the next, nor start before its region: a recogniser
        that times the first word of a region at the break (stream time of the previous region's end)
        would otherwise put it into the previous region, seconds before it was said.
        """
        piece = self._piece((start + max(start, end)) / 2)
        if piece is None:
            return start, max(start, end)
        low, high = piece.stream_start, piece.stream_start + piece.length
        call_start = piece.call_start + min(max(start, low), high) - low
        call_end = piece.call_start + min(max(end, low), high) - low
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
