"""The ONNX engine: GigaAM v3 CTC (Russian), T-one (8 kHz Russian telephony), GigaAM Multilingual (Kazakh).

Runs on onnx-asr (onnxruntime, no PyTorch): it knows these models' feature extraction and decoding, gives
token timestamps and, for CTC, each token's log-probability (the argmax frames' log-probs summed over the
frames the token holds). Words are the tokens between word-boundary marks; a word's confidence is the
probability of its least certain token, ``exp(min logprob)``; its end is the start of its last token plus one
output frame (CTC marks where a token is first emitted, not how long it lasts).

Nothing is downloaded: the model is a local folder (``sapa models install``); its kind is read from its
files (``v3_ctc.onnx`` → gigaam-v3-ctc, ``multilingual*_ctc.onnx`` → gigaam-multilingual-ctc,
``model.onnx`` + ``config.json`` → t-one-ctc) or from ``sapa-model.json`` ("onnx_model").
Each VAD region is recognised on its own, cut into pieces no longer than the model's limit.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from asr.exceptions import EngineUnavailable, ModelNotFound

log = logging.getLogger(__name__)
# onnx-asr model name: (file pattern that identifies it, longest piece of audio fed at once, seconds)
ONNX_MODELS: dict[str, tuple[str, float]] = {
    "gigaam-v3-e2e-ctc": ("v3_e2e_ctc*.onnx", 25.0),
    "gigaam-v3-ctc": ("v3_ctc*.onnx", 25.0),
    "gigaam-v2-ctc": ("v2_ctc*.onnx", 25.0),
    "gigaam-multilingual-ctc": ("multilingual*_ctc*.onnx", 25.0),
    "t-one-ctc": ("model*.onnx", 30.0),
}
MANIFEST = "sapa-model.json"


def onnx_model_kind(path: str | Path) -> str:
    """The onnx-asr model name of a model folder (ModelNotFound if it is none of ours)."""
    folder = Path(path)
    if not folder.is_dir():
        raise ModelNotFound(f"no ONNX model folder at {folder} (see docs/asr.md: sapa models install)")
    manifest = folder / MANIFEST
    if manifest.is_file():
        kind = json.loads(manifest.read_text(encoding="utf-8")).get("onnx_model")
        if kind in ONNX_MODELS:
            return str(kind)
    for kind, (pattern, _limit) in ONNX_MODELS.items():
        if any(folder.glob(pattern)) and (kind != "t-one-ctc" or (folder / "config.json").is_file()):
            return kind
    raise ModelNotFound(
        f"{folder} holds no GigaAM/T-one ONNX model (expected one of: "
        + ", ".join(p for p, _ in ONNX_MODELS.values())
        + ")"
    )


@lru_cache(maxsize=4)
def load_onnx_model(path: str, threads: int) -> tuple[Any, str]:
    """(onnx-asr timestamped recogniser, model kind), loaded once per process."""
    try:
        import onnx_asr
        import onnxruntime as rt
    except ImportError as exc:
        raise EngineUnavailable("onnx-asr is not installed: pip install onnx-asr onnxruntime") from exc
    kind = onnx_model_kind(path)
    options = rt.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    log.info("loading ONNX model %s (%s)", path, kind)
    try:
        model = onnx_asr.load_model(kind, path, sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnx-asr raises its own errors, onnxruntime plain ones
        raise ModelNotFound(f"cannot load ONNX model {path} ({kind}): {exc}") from exc
    return model.with_timestamps(), kind


def tokens_to_words(
    tokens: list[str], times: list[float], logprobs: list[float] | None, frame_s: float, length_s: float
) -> list[dict[str, Any]]:
    """onnx-asr tokens (a leading space starts a word) → [{word, start, end, conf}] in seconds."""
    words: list[dict[str, Any]] = []
    for i, token in enumerate(tokens):
        text = token.replace("\u2581", " ")
        conf = math.exp(min(0.0, logprobs[i])) if logprobs else 1.0
        if not words or text.startswith(" "):
            words.append({"word": "", "start": times[i], "end": times[i], "conf": 1.0})
        word = words[-1]
        word["word"] += text.strip()
        word["end"] = min(length_s, times[i] + frame_s)
        word["conf"] = min(word["conf"], conf)
    for a, b in itertools.pairwise(words):
        a["end"] = min(a["end"], b["start"])
    return [w for w in words if w["word"]]


def split_long(samples: np.ndarray, rate: int, limit_s: float) -> list[tuple[int, int]]:
    """(begin, end) pieces no longer than ``limit_s``, each cut at the quietest 100 ms of its last 5 s
    (of its second half, for limits under 10 s)."""
    limit = max(int(limit_s * rate), rate // 5)
    window, hop = min(5 * rate, limit // 2), max(1, rate // 10)
    pieces, begin = [], 0
    while len(samples) - begin > limit:
        last = begin + limit - hop
        starts = range(begin + limit - window, last + 1, hop)
        levels = [(float(np.mean(samples[i : i + hop] ** 2)), i) for i in starts]
        cut = min(levels)[1] + hop // 2 if levels else begin + limit
        pieces.append((begin, cut))
        begin = cut
    pieces.append((begin, len(samples)))
    return pieces


class OnnxEngine:
    """onnx-asr CTC models behind the Engine interface (word times + confidences from CTC log-probs)."""

    name = "onnx"

    def __init__(self, model: str, language: str, *, threads: int = 1) -> None:
        self.model, self.language = model, language
        self._model, self.kind = load_onnx_model(model, threads)
        asr = getattr(self._model, "asr", None)
        self.sample_rate = int(asr._get_sample_rate()) if asr is not None else 16000
        self.limit_s = ONNX_MODELS[self.kind][1]
        try:
            self.frame_s = float(asr._subsampling_factor * asr.window_step)  # type: ignore[union-attr]
        except (AttributeError, KeyError, TypeError):
            self.frame_s = 0.04

    def _piece(self, piece: np.ndarray, offset_s: float) -> list[dict[str, Any]]:
        result = self._model.recognize(np.ascontiguousarray(piece, np.float32), sample_rate=self.sample_rate)
        words = tokens_to_words(
            list(result.tokens or []),
            list(result.timestamps or []),
            list(result.logprobs) if result.logprobs is not None else None,
            self.frame_s,
            len(piece) / self.sample_rate,
        )
        return [{**w, "start": w["start"] + offset_s, "end": w["end"] + offset_s} for w in words]

    def recognise(self, samples: np.ndarray, breaks: list[int], *, speech_only: bool = False) -> list[Any]:
        """Each region (between ``breaks``) on its own, in pieces no longer than the model's limit."""
        from asr.engines import RawSegment

        out, begin, shortest = [], 0, int(0.1 * self.sample_rate)
        for end in breaks or [len(samples)]:
            region = samples[begin:end]
            for a, b in split_long(region, self.sample_rate, self.limit_s):
                if b - a < shortest:
                    continue
                words = self._piece(region[a:b], (begin + a) / self.sample_rate)
                if words:
                    out.append(RawSegment(" ".join(w["word"] for w in words), words))
            begin = end
        return out
