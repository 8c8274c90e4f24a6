"""Synthetic call recordings made with espeak-ng + sox (tests, benchmark and demo; nothing stored in git).

A call is a list of turns placed at given times on the agent's or the caller's channel of a stereo
8 kHz WAV, like an Asterisk MixMonitor recording with separate legs.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from asr.exceptions import AsrError

ESPEAK_VOICES = {"ru": "ru", "kk": "kk", "ko": "ko", "en": "en"}


@dataclass(frozen=True)
class Turn:
    speaker: str  # agent | caller
    text: str
    at: float  # start time, seconds from call start


@dataclass(frozen=True)
class Spoken:
    speaker: str
    text: str
    start: float
    end: float


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise AsrError(f"{tool} is not installed (apt-get install espeak-ng sox)")
    return found


def speak(text: str, *, language: str = "ru", rate: int = 8000, speed: int = 160) -> np.ndarray:
    """One utterance as float32 mono samples at ``rate``."""
    espeak = subprocess.run(
        [
            _require("espeak-ng"),
            "-v",
            ESPEAK_VOICES.get(language, language),
            "-s",
            str(speed),
            "--stdout",
            text,
        ],
        capture_output=True,
        check=True,
    )
    sox = subprocess.run(
        [_require("sox"), "-t", "wav", "-", "-t", "wav", "-r", str(rate), "-c", "1", "-b", "16", "-"],
        input=espeak.stdout,
        capture_output=True,
        check=True,
    )
    data, _ = sf.read(io.BytesIO(sox.stdout), dtype="float32")
    return np.trim_zeros(data.astype(np.float32))


def synthesize_call(
    turns: list[Turn],
    path: str | Path,
    *,
    language: str = "ru",
    rate: int = 8000,
    left: str = "caller",
    tail_s: float = 1.0,
    noise_dbfs: float | None = None,
) -> list[Spoken]:
    """Write a stereo call (agent and caller on their own channels); return where each turn landed.

    ``noise_dbfs`` adds steady line noise at that level to both channels (real recordings are never
    digitally silent, and recognisers spend more time on noise than on zeros).
    """
    clips = [speak(turn.text, language=language, rate=rate) for turn in turns]
    length = max(int(turn.at * rate) + len(clip) for turn, clip in zip(turns, clips, strict=True))
    length += int(tail_s * rate)
    channels = {"agent": np.zeros(length, np.float32), "caller": np.zeros(length, np.float32)}
    spoken = []
    for turn, clip in zip(turns, clips, strict=True):
        start = int(turn.at * rate)
        channels[turn.speaker][start : start + len(clip)] += clip * 0.8
        spoken.append(Spoken(turn.speaker, turn.text, start / rate, (start + len(clip)) / rate))
    if noise_dbfs is not None:
        rng = np.random.default_rng(7)
        for channel in channels.values():
            channel += rng.normal(0, 10 ** (noise_dbfs / 20), length).astype(np.float32)
    right = "agent" if left == "caller" else "caller"
    stereo = np.stack([channels[left], channels[right]], axis=1)
    sf.write(str(path), stereo, rate, subtype="PCM_16")
    return spoken


def convert(src: str | Path, dst: str | Path, *options: str) -> Path:
    """Re-encode with sox; ``options`` are output options, e.g. ``"-e", "u-law"``."""
    out_options = list(options)
    subprocess.run([_require("sox"), str(src), *out_options, str(dst)], capture_output=True, check=True)
    return Path(dst)
