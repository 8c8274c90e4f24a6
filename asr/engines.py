"""Recognition engines behind one interface: Vosk (default), faster-whisper and ONNX (asr/onnx_engine.py).

Models are loaded once per process (cached by path); every ``recognise`` call makes its own
recogniser, so one engine object serves any number of channels/jobs in turn.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from asr.audio import to_pcm16
from asr.exceptions import EngineUnavailable, ModelNotFound
from asr.postprocess import join_digit_groups
from asr.vocabulary import hotword_text

log = logging.getLogger(__name__)
FEED_S = 0.2


MIN_HOLE_S = 1.5  # a stretch of a speech region without words this long is decoded again without hints


@dataclass
class RawSegment:
    """Recogniser output in stream time: text and words [{word, start, end, conf}]."""

    text: str
    words: list[dict[str, Any]] = field(default_factory=list)


class Engine(Protocol):
    name: str
    model: str
    language: str
    sample_rate: int

    def recognise(
        self, samples: np.ndarray, breaks: list[int], *, speech_only: bool = False
    ) -> list[RawSegment]:
        """Transcribe float32 mono audio at ``sample_rate``; ``breaks`` are sample indices ending a region;
        ``speech_only``: VAD already removed the silence."""
        ...


@lru_cache(maxsize=4)
def load_vosk_model(path: str) -> Any:
    import vosk

    vosk.SetLogLevel(-1)
    if not (Path(path) / "am").is_dir() and not (Path(path) / "final.mdl").exists():
        raise ModelNotFound(
            f"no Vosk model at {path} (see docs/asr.md: download and unpack one, set asr.models)"
        )
    log.info("loading Vosk model %s", path)
    return vosk.Model(path)


def vosk_model_rate(path: str) -> int:
    conf = Path(path) / "conf" / "mfcc.conf"
    text = conf.read_text() if conf.is_file() else ""
    found = re.search(r"--sample-frequency=(\d+)", text)
    return int(found.group(1)) if found else 16000


class VoskEngine:
    name = "vosk"

    def __init__(self, model: str, language: str) -> None:
        self.model, self.language = model, language
        self._model = load_vosk_model(model)
        self.sample_rate = vosk_model_rate(model)

    def recognise(
        self, samples: np.ndarray, breaks: list[int], *, speech_only: bool = False
    ) -> list[RawSegment]:
        import vosk

        recogniser = vosk.KaldiRecognizer(self._model, self.sample_rate)
        recogniser.SetWords(True)
        results, begin, step = [], 0, int(FEED_S * self.sample_rate)
        for end in breaks or [len(samples)]:
            for i in range(begin, end, step):
                if recogniser.AcceptWaveform(to_pcm16(samples[i : min(i + step, end)])):
                    results.append(json.loads(recogniser.Result()))
            results.append(json.loads(recogniser.FinalResult()))
            begin = end
        return [vosk_segment(r) for r in results if r.get("result")]


def vosk_segment(result: dict[str, Any]) -> RawSegment:
    words = [
        {
            "word": w["word"],
            "start": float(w["start"]),
            "end": float(w["end"]),
            "conf": float(w.get("conf", 1.0)),
        }
        for w in result["result"]
    ]
    return RawSegment(result.get("text") or " ".join(w["word"] for w in words), words)


@lru_cache(maxsize=2)
def load_whisper_model(path: str, device: str, compute_type: str, threads: int) -> Any:
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise EngineUnavailable("faster-whisper is not installed: pip install 'sapa[whisper]'") from exc
    if not (Path(path) / "model.bin").is_file():
        raise ModelNotFound(f"no faster-whisper model (model.bin) at {path} (see docs/asr.md)")
    log.info("loading faster-whisper model %s (%s, %s)", path, device, compute_type)
    return WhisperModel(path, device=device, compute_type=compute_type, cpu_threads=threads)


class WhisperEngine:
    """faster-whisper, fed 16 kHz float32, language always given, temperature 0; ``beam_size`` 1 is greedy.

    Digit runs lose Whisper's commas (asr/postprocess.py) before the words leave the engine.
    """

    name = "whisper"
    sample_rate = 16000

    def __init__(
        self,
        model: str,
        language: str,
        *,
        device: str = "cpu",
        compute_type: str = "int8",
        threads: int = 1,
        no_repeat_ngram_size: int = 0,
        hotwords: tuple[str, ...] = (),
        beam_size: int = 1,
    ) -> None:
        self.model, self.language = model, language
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.hotwords = hotword_text(hotwords) or None
        self.beam_size = beam_size
        self._model = load_whisper_model(model, device, compute_type, threads)

    def recognise(
        self, samples: np.ndarray, breaks: list[int], *, speech_only: bool = False
    ) -> list[RawSegment]:
        """After VAD Whisper's own no-speech skip is off: it drops quiet telephone speech as "no speech"."""
        if samples.size == 0:
            return []
        out = self._decode(samples, self.hotwords, speech_only)
        if self.hotwords and len(breaks) > 1:
            out = self._fill_skipped(samples, breaks, out, speech_only)
        return out

    def _fill_skipped(
        self, samples: np.ndarray, breaks: list[int], out: list[RawSegment], speech_only: bool
    ) -> list[RawSegment]:
        """The hints prompt can make Whisper jump over a stretch of speech (measured: the last turn of a
        Festival call lost with hints, heard without): a stretch of a speech region left without a word for
        ``MIN_HOLE_S`` is decoded again on its own, without the hints."""
        rate, extra = self.sample_rate, []
        spans = sorted((w["start"], w["end"]) for seg in out for w in seg.words)
        for a, b in speech_holes(spans, [0, *breaks], rate):
            for seg in self._decode(samples[int(a * rate) : int(b * rate)], None, speech_only):
                shifted = [{**w, "start": w["start"] + a, "end": w["end"] + a} for w in seg.words]
                if shifted:
                    extra.append(RawSegment(seg.text, shifted))
        if not extra:
            return out
        return sorted(out + extra, key=lambda seg: seg.words[0]["start"])

    def _decode(self, samples: np.ndarray, hotwords: str | None, speech_only: bool) -> list[RawSegment]:
        segments, _info = self._model.transcribe(
            samples.astype(np.float32, copy=False),
            language=self.language,
            beam_size=self.beam_size,
            temperature=0.0,
            condition_on_previous_text=False,
            word_timestamps=True,
            vad_filter=False,
            no_speech_threshold=None if speech_only else 0.6,
            no_repeat_ngram_size=self.no_repeat_ngram_size,
            hotwords=hotwords,
        )
        out = []
        for seg in segments:
            words = [
                {
                    "word": w.word.strip(),
                    "start": float(w.start),
                    "end": float(w.end),
                    "conf": float(w.probability),
                }
                for w in (seg.words or [])
                if w.word.strip()
            ]
            joined = join_digit_groups(words)
            if joined:
                text = seg.text.strip() if joined == words else " ".join(w["word"] for w in joined)
                out.append(RawSegment(text, joined))
        return out


def speech_holes(spans: list[tuple[float, float]], bounds: list[int], rate: int) -> list[tuple[float, float]]:
    """Stretches of at least ``MIN_HOLE_S`` inside the speech regions (sample bounds) that no word covers."""
    out = []
    for lo, hi in pairwise(bounds):
        cursor, end = lo / rate, hi / rate
        for s, e in spans:
            if e <= cursor or s >= end:
                continue
            if s - cursor >= MIN_HOLE_S:
                out.append((cursor, s))
            cursor = max(cursor, e)
        if end - cursor >= MIN_HOLE_S:
            out.append((cursor, end))
    return out


ENGINES = ("vosk", "whisper", "onnx")


def make_engine(name: str, model: str, language: str, **options: Any) -> Engine:
    """``options``: the whisper_* settings for whisper, ``threads`` for onnx."""
    if name == "vosk":
        return VoskEngine(model, language)
    if name == "whisper":
        return WhisperEngine(model, language, **options)
    if name == "onnx":
        from asr.onnx_engine import OnnxEngine

        return OnnxEngine(model, language, threads=options.get("threads", 1))
    raise EngineUnavailable(f"unknown ASR engine {name!r}: use {', '.join(ENGINES)}")
