"""Long recordings decode in bounded memory (issue 14: a 1 GB WAV took 4.4 GB).

Measured with tracemalloc (numpy reports its buffers to it): decoding may hold the decoded channels and
little else; resampling may hold its output and little else. Generous bounds, no wall-clock.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from asr.audio import load_audio, resample

RATE = 8000
MINUTES = 10


@pytest.fixture(scope="module")
def long_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / "1700000400.1.wav"
    rng = np.random.default_rng(9)
    with sf.SoundFile(str(path), "w", RATE, 2, "PCM_16") as fh:
        for _ in range(MINUTES * 6):  # 10 s at a time
            fh.write(rng.normal(0, 0.1, (10 * RATE, 2)).astype(np.float32))
    return path


def peak_bytes(fn: object, *args: object) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = fn(*args)  # type: ignore[operator]
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_decoding_holds_only_the_decoded_channels(long_wav: Path) -> None:
    audio, peak = peak_bytes(load_audio, long_wav)
    decoded = sum(ch.nbytes for ch in audio.channels)  # type: ignore[attr-defined]
    assert decoded == 2 * MINUTES * 60 * RATE * 4
    assert peak < 1.25 * decoded, f"peak {peak / 1e6:.0f} MB for {decoded / 1e6:.0f} MB of audio"


def test_resampling_holds_only_its_output(long_wav: Path) -> None:
    channel = load_audio(long_wav).channels[0]
    out, peak = peak_bytes(resample, channel, RATE, 16000)
    assert abs(len(out) - 2 * len(channel)) <= 16000  # type: ignore[arg-type]
    assert peak < 1.3 * out.nbytes, f"peak {peak / 1e6:.0f} MB for {out.nbytes / 1e6:.0f} MB"  # type: ignore[attr-defined]


def test_vad_works_through_a_long_channel_a_block_at_a_time(long_wav: Path) -> None:
    from asr.vad import speech_regions

    channel = load_audio(long_wav).channels[0]
    _regions, peak = peak_bytes(speech_regions, channel, RATE)
    assert peak < 0.6 * channel.nbytes, (
        f"peak {peak / 1e6:.0f} MB for a {channel.nbytes / 1e6:.0f} MB channel"
    )
