"""Recording folder conventions of the documented dialplan (docs/asterisk/): files MixMonitor is still
writing are left alone, and the channel order comes from the file name (-in / -out)."""

from __future__ import annotations

import time
import wave
from pathlib import Path

import numpy as np
import pytest

from asr.audio import Audio
from asr.config import AsrConfig
from asr.pipeline import EngineSpec, channel_jobs, left_channel_for
from sapa.ingest import being_written, call_key, recordings_in


def write_wav(path: Path, channels: int = 2, seconds: float = 0.5) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\1\0" * channels * int(8000 * seconds))
    return path


def as_asterisk_writes_it(path: Path) -> Path:
    """format_wav writes RIFF/data sizes of 0 when it opens a file and fills them in on close."""
    data = bytearray(path.read_bytes())
    data[4:8] = b"\0\0\0\0"
    data[40:44] = b"\0\0\0\0"
    path.write_bytes(bytes(data))
    return path


def test_recordings_in_skips_temporary_legs_and_unclosed_wavs(tmp_path: Path) -> None:
    done = write_wav(tmp_path / "1700000000.42-in.wav")
    write_wav(tmp_path / "1700000001.1-caller.wav", 1)
    write_wav(tmp_path / "1700000001.1-agent.wav", 1)
    write_wav(tmp_path / "1700000001.1-mix.wav", 1)
    (tmp_path / "1700000001.1-in.wav.part").write_bytes(done.read_bytes())
    freepbx = as_asterisk_writes_it(write_wav(tmp_path / "in-7172-8701-20231120-101010-1700000002.5.wav"))
    assert recordings_in(tmp_path) == [done]
    # A recorder that died long ago never closed its file: ingest it (it fails with a reason), not hide it.
    assert not being_written(freepbx, now=time.time() + 5 * 3600)
    assert call_key(done) == "1700000000.42"


def test_a_closed_wav_is_taken_at_once(tmp_path: Path) -> None:
    assert not being_written(write_wav(tmp_path / "1700000000.42.wav"))


@pytest.mark.parametrize(
    ("name", "default", "left"),
    [
        ("1700000000.42-in.wav", "agent", "caller"),
        ("1700000000.42-out.wav", "caller", "agent"),
        ("1700000000.42.wav", "caller", "caller"),
        ("1700000000.42.wav", "agent", "agent"),
        ("in-7172-87011234567-20231120-101010-1700000000.42.wav", "caller", "caller"),
    ],
)
def test_channel_order_from_the_file_name(name: str, default: str, left: str) -> None:
    audio = Audio([np.zeros(800, np.float32), np.zeros(800, np.float32)], 8000)
    config = AsrConfig(left_channel=default)  # type: ignore[arg-type]
    jobs = channel_jobs(audio, config, EngineSpec("vosk", "m", "ru"), vad=False, path=f"/rec/{name}")
    assert [job.speaker for job in jobs] == [left, "agent" if left == "caller" else "caller"]
    assert left_channel_for(name, default) == left
