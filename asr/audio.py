"""Reading recordings: WAV (PCM, µ-law, A-law), GSM, FLAC, OGG, MP3 via soundfile, else PyAV (ffmpeg).

Every problem with a file becomes an AudioError whose message says what is wrong with it, so a batch
can mark the file failed and go on.
"""

from __future__ import annotations

import logging
import math
import struct
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import soundfile as sf

from asr.exceptions import AudioError

log = logging.getLogger(__name__)
MIN_DURATION_S = 0.1
AUDIO_SUFFIXES = {".wav", ".wav49", ".gsm", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".ulaw", ".alaw"}
RAW_FORMATS = {".gsm": "gsm", ".ulaw": "mulaw", ".alaw": "alaw"}


@dataclass
class Audio:
    """Decoded audio: one float32 array in [-1, 1] per channel, all at ``rate``."""

    channels: list[np.ndarray]
    rate: int

    @property
    def duration(self) -> float:
        return len(self.channels[0]) / self.rate if self.channels else 0.0


def peak_dbfs(samples: np.ndarray) -> float:
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def wav_data_shortfall(path: Path) -> tuple[int, int] | None:
    """(declared, present) byte counts of a RIFF WAV's data chunk when the file is shorter, else None."""
    with path.open("rb") as fh:
        head = fh.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        size = path.stat().st_size
        pos = 12
        while pos + 8 <= size:
            fh.seek(pos)
            chunk_id, chunk_len = struct.unpack("<4sI", fh.read(8))
            if chunk_id == b"data":
                present = size - pos - 8
                return (chunk_len, present) if 0 < present < chunk_len and chunk_len != 0xFFFFFFFF else None
            pos += 8 + chunk_len + (chunk_len & 1)
    return None


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise AudioError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: empty file (0 bytes)")
    shortfall = wav_data_shortfall(path)
    if shortfall:
        declared, present = shortfall
        raise AudioError(
            f"{path}: truncated WAV: header declares {declared} bytes of audio but only {present} are present"
        )


def _read_soundfile(path: Path) -> Audio | None:
    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        log.debug("soundfile cannot read %s (%s); trying PyAV", path, exc)
        return None
    return Audio([np.ascontiguousarray(data[:, i]) for i in range(data.shape[1])], int(rate))


def _read_pyav(path: Path) -> Audio:
    fmt = RAW_FORMATS.get(path.suffix.lower())
    options = {"sample_rate": "8000"} if fmt in ("mulaw", "alaw") else {}
    try:
        with av.open(str(path), format=fmt, options=options) as container:
            if not container.streams.audio:
                raise AudioError(f"{path}: no audio stream in the file")
            stream = container.streams.audio[0]
            rate = stream.rate or 8000
            resampler = av.AudioResampler(format="fltp", layout=stream.layout.name, rate=rate)
            chunks = [
                out.to_ndarray() for frame in container.decode(stream) for out in resampler.resample(frame)
            ]
            chunks += [out.to_ndarray() for out in resampler.resample(None)]
    except AudioError:
        raise
    except (av.error.FFmpegError, ValueError, OSError) as exc:
        raise AudioError(f"{path}: corrupt or unsupported audio ({exc.__class__.__name__}: {exc})") from exc
    if not chunks:
        raise AudioError(f"{path}: no audio frames could be decoded (corrupt or empty)")
    data = np.concatenate(chunks, axis=1).astype(np.float32)
    return Audio([np.ascontiguousarray(row) for row in data], int(rate))


def load_audio(path: str | Path, *, silence_peak_dbfs: float = -50.0) -> Audio:
    """Decode a recording; raise AudioError if it is missing, empty, corrupt, truncated or silent."""
    path = Path(path)
    _check_file(path)
    audio = _read_soundfile(path) if path.suffix.lower() not in RAW_FORMATS else None
    if audio is None:
        audio = _read_pyav(path)
    if not audio.channels or audio.duration < MIN_DURATION_S:
        raise AudioError(f"{path}: no audio in the file ({audio.duration:.2f} s)")
    if len(audio.channels) > 2:
        raise AudioError(f"{path}: {len(audio.channels)} channels; expected mono or stereo (agent/caller)")
    peak = max(peak_dbfs(ch) for ch in audio.channels)
    if peak < silence_peak_dbfs:
        raise AudioError(f"{path}: silent recording (peak {peak:.1f} dBFS < {silence_peak_dbfs:.1f} dBFS)")
    return audio


def resample(samples: np.ndarray, src: int, dst: int) -> np.ndarray:
    """Resample mono float32 audio with libswresample (PyAV)."""
    if src == dst or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples, np.float32)[None, :], "flt", "mono")
    frame.sample_rate = src
    resampler = av.AudioResampler(format="flt", layout="mono", rate=dst)
    out = resampler.resample(frame) + resampler.resample(None)
    return np.concatenate([o.to_ndarray()[0] for o in out]).astype(np.float32)


def to_pcm16(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
