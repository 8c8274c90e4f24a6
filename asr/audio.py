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
BLOCK_FRAMES = 1 << 16  # frames decoded at a time
RESAMPLE_BLOCK_S = 10  # seconds fed to libswresample at a time


@dataclass
class Audio:
    """Decoded audio: one float32 array in [-1, 1] per channel, all at ``rate``."""

    channels: list[np.ndarray]
    rate: int

    @property
    def duration(self) -> float:
        return len(self.channels[0]) / self.rate if self.channels else 0.0


def peak_dbfs(samples: np.ndarray) -> float:
    peak = max(float(samples.max()), -float(samples.min())) if samples.size else 0.0  # no |x| copy
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
    """Decode in blocks straight into one float32 array per channel: memory = the decoded audio, no
    interleaved copy (a 1 GB WAV used to need ~4 GB)."""
    try:
        with sf.SoundFile(str(path)) as fh:
            count, rate = fh.channels, int(fh.samplerate)
            channels = [np.empty(max(fh.frames, 0), np.float32) for _ in range(count)]
            done = 0
            while len(block := fh.read(BLOCK_FRAMES, dtype="float32", always_2d=True)):
                if done + len(block) > len(channels[0]):  # the header under-declared the length
                    channels = [
                        np.concatenate([ch[:done], np.empty(len(block), np.float32)]) for ch in channels
                    ]
                for i in range(count):
                    channels[i][done : done + len(block)] = block[:, i]
                done += len(block)
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        log.debug("soundfile cannot read %s (%s); trying PyAV", path, exc)
        return None
    return Audio([ch[:done] for ch in channels], rate)


def _read_pyav(path: Path) -> Audio:
    fmt = RAW_FORMATS.get(path.suffix.lower())
    options = {"sample_rate": "8000"} if fmt in ("mulaw", "alaw") else {}
    try:
        with av.open(str(path), format=fmt, options=options) as container:
            if not container.streams.audio:
                raise AudioError(f"{path}: no audio stream in the file (corrupt or not audio)")
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
    """Resample mono float32 audio with libswresample (PyAV), fed in blocks into one output array."""
    if src == dst or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    resampler = av.AudioResampler(format="flt", layout="mono", rate=dst)
    out = np.empty(int(np.ceil(len(samples) * dst / src)) + dst, np.float32)
    filled = 0

    def take(frames: list[av.AudioFrame]) -> None:
        nonlocal out, filled
        for frame in frames:
            data = frame.to_ndarray()[0]
            if filled + len(data) > len(out):
                out = np.concatenate([out[:filled], np.empty(len(data) + dst, np.float32)])
            out[filled : filled + len(data)] = data
            filled += len(data)

    step = src * RESAMPLE_BLOCK_S
    for start in range(0, len(samples), step):
        block = np.ascontiguousarray(samples[start : start + step], np.float32)[None, :]
        frame = av.AudioFrame.from_ndarray(block, "flt", "mono")
        frame.sample_rate = src
        frame.pts = None
        take(resampler.resample(frame))
    take(resampler.resample(None))
    return out[:filled]


def to_pcm16(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
