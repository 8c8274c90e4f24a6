"""One recording → transcript: decode, per-channel VAD + recognition, merge, redact, metrics.

``recognise_channel`` is the unit of work the pool runs in a worker process; everything it needs travels
in a picklable ``ChannelJob``. ``assemble`` runs in the parent and builds the FORMAT.md document.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from asr.audio import Audio, resample
from asr.config import AsrConfig
from asr.engines import Engine, RawSegment, make_engine
from asr.metrics import compute_metrics
from asr.postprocess import join_cut_sentences
from asr.redact import Redactor
from asr.vad import TimeMap, speech_regions, speech_stream

log = logging.getLogger(__name__)
SPLIT_GAP_S = 1.0


@dataclass(frozen=True)
class EngineSpec:
    engine: str
    model: str
    language: str
    whisper_device: str = "cpu"
    whisper_compute_type: str = "int8"
    whisper_threads: int = 1
    whisper_no_repeat_ngram_size: int = 0
    whisper_beam_size: int = 1
    hotwords: tuple[str, ...] = ()  # the active script's vocabulary, for engines that take a hint
    onnx_threads: int = 1


@dataclass(frozen=True)
class VadSpec:
    enabled: bool = True
    aggressiveness: int = 2
    padding_ms: int = 300
    min_speech_ms: int = 120
    noise_margin_db: float = 6.0


@dataclass
class ChannelJob:
    samples: np.ndarray
    rate: int
    speaker: str
    engine: EngineSpec
    vad: VadSpec


@dataclass
class ChannelResult:
    speaker: str
    segments: list[dict[str, Any]]
    fed_s: float  # seconds of audio given to the recogniser (after VAD)
    decode_s: float  # wall time spent recognising
    cpu_s: float = 0.0  # CPU time of this process spent recognising (insensitive to other load)


@dataclass
class TranscriptResult:
    path: str
    call_id: str
    status: str  # done | failed
    engine: str
    model: str
    language: str
    error: str | None = None
    doc: dict[str, Any] | None = None
    unredacted_segments: list[dict[str, Any]] | None = None
    duration_s: float = 0.0
    fed_s: float = 0.0
    decode_s: float = 0.0
    channels: list[ChannelResult] = field(default_factory=list)


@lru_cache(maxsize=4)
def engine_for(spec: EngineSpec) -> Engine:
    """One engine (one loaded model) per spec per process."""
    return make_engine(
        spec.engine,
        spec.model,
        spec.language,
        **engine_options(spec),
    )


def engine_options(spec: EngineSpec) -> dict[str, Any]:
    if spec.engine == "whisper":
        return {
            "device": spec.whisper_device,
            "compute_type": spec.whisper_compute_type,
            "threads": spec.whisper_threads,
            "no_repeat_ngram_size": spec.whisper_no_repeat_ngram_size,
            "beam_size": spec.whisper_beam_size,
            "hotwords": spec.hotwords,
        }
    if spec.engine == "onnx":
        return {"threads": spec.onnx_threads}
    return {}


def recognise_channel(job: ChannelJob) -> ChannelResult:
    engine = engine_for(job.engine)
    samples = resample(job.samples, job.rate, engine.sample_rate)
    if job.vad.enabled:
        regions = speech_regions(
            job.samples,
            job.rate,
            aggressiveness=job.vad.aggressiveness,
            padding_ms=job.vad.padding_ms,
            min_speech_ms=job.vad.min_speech_ms,
            noise_margin_db=job.vad.noise_margin_db,
        )
        stream, timemap, breaks = speech_stream(samples, engine.sample_rate, regions)
    else:
        stream, timemap, breaks = samples, TimeMap.identity(len(samples) / engine.sample_rate), [len(samples)]
    started, cpu_started = time.perf_counter(), time.process_time()
    raw = engine.recognise(stream, breaks, speech_only=job.vad.enabled) if stream.size else []
    decode_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    segments = [seg for r in raw for seg in to_call_segments(r, timemap, job.speaker)]
    if job.engine.engine == "whisper":  # the one engine that punctuates: a segment without a full stop is cut
        segments = join_cut_sentences(segments)
    return ChannelResult(job.speaker, segments, len(stream) / engine.sample_rate, decode_s, cpu_s)


def to_call_segments(raw: RawSegment, timemap: TimeMap, speaker: str) -> list[dict[str, Any]]:
    """Words mapped to call time; a segment is split where its words are more than 1 s apart."""
    words = []
    for w in raw.words:
        start, end = timemap.to_call_span(w["start"], w["end"])
        words.append({**w, "start": round(start, 3), "end": round(end, 3), "conf": round(w["conf"], 3)})
    groups: list[list[dict[str, Any]]] = []
    for word in words:
        if groups and word["start"] - groups[-1][-1]["end"] <= SPLIT_GAP_S:
            groups[-1].append(word)
        else:
            groups.append([word])
    single = len(groups) == 1
    return [
        {
            "speaker": speaker,
            "start": g[0]["start"],
            "end": max(g[-1]["end"], g[0]["start"]),
            "text": raw.text if single else " ".join(w["word"] for w in g),
            "words": g,
        }
        for g in groups
    ]


def channel_speakers(count: int, left_channel: str) -> list[str]:
    if count == 1:
        return ["unknown"]
    return [left_channel, "agent" if left_channel == "caller" else "caller"]


def left_channel_for(path: str | Path | None, default: str) -> str:
    """Who is on the left of a stereo recording. The file name says it (docs/asterisk/): ``<uniqueid>-in``
    (inbound, MixMonitor on the caller's channel: the caller) or ``<uniqueid>-out`` (outbound, MixMonitor on
    the agent's channel: the agent); other names use ``asr.left_channel``.

    >>> left_channel_for("/rec/1700000000.42-out.wav", "caller"), left_channel_for("a-in.wav", "agent")
    ('agent', 'caller')
    >>> left_channel_for("in-7172-87011234567-20231120-101010-1700000000.42.wav", "caller")
    'caller'
    """
    stem = Path(path).stem.lower() if path is not None else ""
    if stem.endswith("-out"):
        return "agent"
    if stem.endswith("-in"):
        return "caller"
    return default


def channel_jobs(
    audio: Audio, config: AsrConfig, spec: EngineSpec, vad: bool | None = None, path: str | None = None
) -> list[ChannelJob]:
    vad_spec = VadSpec(
        config.vad if vad is None else vad,
        config.vad_aggressiveness,
        config.vad_padding_ms,
        config.vad_min_speech_ms,
        config.vad_noise_margin_db,
    )
    speakers = channel_speakers(len(audio.channels), left_channel_for(path, config.left_channel))
    return [
        ChannelJob(ch, audio.rate, sp, spec, vad_spec)
        for ch, sp in zip(audio.channels, speakers, strict=True)
    ]


def call_id_for(path: str | Path) -> str:
    return Path(path).stem


def assemble(
    path: str, duration: float, results: list[ChannelResult], spec: EngineSpec, config: AsrConfig
) -> TranscriptResult:
    """Merge channels in time order, redact, compute metrics; the FORMAT.md document plus "metrics"."""
    segments = sorted((s for r in results for s in r.segments), key=lambda s: (s["start"], s["end"]))
    redacted, counts = Redactor(config.redaction_mask, spec.language).redact_segments(segments)
    metrics = compute_metrics(redacted, duration)
    fed, decode = sum(r.fed_s for r in results), sum(r.decode_s for r in results)
    metrics.update(
        redactions=dict(counts),
        speech_fed_s=round(fed, 2),
        audio_s=round(duration * len(results), 2),
        decode_s=round(decode, 2),
        rtf=round(decode / (duration * len(results)), 3) if duration else None,
    )
    doc = {
        "call_id": call_id_for(path),
        "language": spec.language,
        "style": "asr",
        "segments": redacted,
        "metrics": metrics,
    }
    return TranscriptResult(
        path,
        call_id_for(path),
        "done",
        spec.engine,
        spec.model,
        spec.language,
        doc=doc,
        unredacted_segments=segments if config.store_unredacted else None,
        duration_s=duration,
        fed_s=fed,
        decode_s=decode,
        channels=results,
    )
