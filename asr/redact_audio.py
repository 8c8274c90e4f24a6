"""Redacted audio: the PII masked in a transcript is also beeped (or silenced) in the stored recording.

Every word the text redaction replaced with a mask (``[CARD]``, ``[IIN]``, ``[PHONE]``, ``[SECRET]``) has the
times of the digits it hides; those times, widened by ``PAD_S`` on each side (word times are approximate),
are overwritten on every channel (the other leg can carry an echo) in a copy ``<name>.redacted.<ext>``.
Every other sample is copied bit for bit (WAV/FLAC keep their encoding; formats soundfile cannot write, such
as MP3 or GSM, become 16-bit WAV). The original is deleted unless ``asr.keep_original_audio`` is on.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from asr.audio import load_audio
from asr.exceptions import AudioError

log = logging.getLogger(__name__)
KINDS = ("PHONE", "CARD", "IIN", "SECRET")
PAD_S = 0.1
BEEP_HZ = 1000.0
BEEP_LEVEL = 0.1  # -20 dBFS
REDACTED_TAG = ".redacted"
SAME_FORMAT = {"WAV", "FLAC", "AIFF"}
DTYPES = {"PCM_16": "int16", "ULAW": "int16", "ALAW": "int16", "PCM_24": "int32", "PCM_32": "int32"}


def redacted_spans(segments: list[dict[str, Any]], mask: str) -> list[tuple[float, float]]:
    """(start, end) of every masked word in redacted segments, padded by PAD_S."""
    masks = {mask.replace("{kind}", kind) for kind in KINDS}
    return [
        (max(0.0, float(w["start"]) - PAD_S), float(w["end"]) + PAD_S)
        for seg in segments
        for w in seg.get("words") or []
        if w.get("word") in masks
    ]


def is_redacted_copy(path: str | Path) -> bool:
    return Path(path).stem.endswith(REDACTED_TAG)


def _fill(length: int, rate: int, offset: int, mode: str, dtype: np.dtype[Any]) -> np.ndarray:
    if mode == "silence":
        return np.zeros(length, dtype)
    tone = BEEP_LEVEL * np.sin(2 * np.pi * BEEP_HZ * (offset + np.arange(length)) / rate)
    if np.issubdtype(dtype, np.integer):
        return (tone * np.iinfo(dtype).max).astype(dtype)
    return tone.astype(dtype)


def redact_samples(data: np.ndarray, rate: int, spans: list[tuple[float, float]], mode: str) -> np.ndarray:
    """A copy of (frames, channels) ``data`` with every span overwritten on all channels."""
    out = data.copy()
    for start, end in spans:
        a, b = int(start * rate), min(len(out), int(np.ceil(end * rate)))
        if b > a:
            fill = _fill(b - a, rate, a, mode, out.dtype)
            out[a:b] = fill[:, None] if out.ndim == 2 else fill
    return out


def redacted_path(path: Path, same_format: bool) -> Path:
    return path.with_name(f"{path.stem}{REDACTED_TAG}{path.suffix if same_format else '.wav'}")


def write_redacted(path: str | Path, spans: list[tuple[float, float]], mode: str = "beep") -> Path:
    """Write ``<name>.redacted.<ext>`` with ``spans`` beeped/silenced; return its path."""
    source = Path(path)
    try:
        info = sf.info(str(source))
        same = info.format in SAME_FORMAT and info.subtype in (*DTYPES, "FLOAT", "DOUBLE")
    except (sf.LibsndfileError, RuntimeError, TypeError):
        info, same = None, False
    target = redacted_path(source, same)
    if same and info is not None:
        dtype = DTYPES.get(info.subtype, "float32" if info.subtype == "FLOAT" else "float64")
        data, rate = sf.read(str(source), dtype=dtype, always_2d=True)
        sf.write(
            str(target),
            redact_samples(data, rate, spans, mode),
            rate,
            subtype=info.subtype,
            format=info.format,
        )
    else:
        audio = load_audio(source, silence_peak_dbfs=-200.0)
        pcm = (np.clip(np.stack(audio.channels, axis=1), -1, 1) * 32767).astype(np.int16)
        sf.write(str(target), redact_samples(pcm, audio.rate, spans, mode), audio.rate, subtype="PCM_16")
    return target


def store_redacted_audio(
    path: str, segments: list[dict[str, Any]], mask: str, *, mode: str = "beep", keep_original: bool = True
) -> str:
    """The recording QA should hear: the original if nothing was redacted, else the redacted copy
    (the original deleted unless ``keep_original``; ingest deletes it only after the database commit).
    ``mode``: beep, silence or off."""
    spans = redacted_spans(segments, mask)
    if mode == "off" or not spans or not Path(path).is_file():
        return path
    try:
        target = write_redacted(path, spans, mode)
    except (AudioError, OSError, sf.LibsndfileError) as exc:
        raise AudioError(f"{path}: cannot write the redacted recording ({exc})") from exc
    if not keep_original:
        Path(path).unlink()
    log.info("redacted %d spans of %s into %s", len(spans), path, target)
    return str(target)
