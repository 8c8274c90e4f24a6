"""The ONNX engine (onnx-asr) with a tiny GigaAM-v3-CTC-shaped model the test exports itself.

No Russian ONNX model ships on PyPI, so the model here has random weights: it proves the plumbing — the
folder is recognised, onnx-asr loads it, features and CTC decoding run, words come back with times inside
their speech regions and confidences from the CTC log-probabilities — not accuracy.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from asr.config import AsrConfig
from asr.exceptions import ModelNotFound
from asr.onnx_engine import OnnxEngine, onnx_model_kind, split_long, tokens_to_words
from asr.pool import Transcriber, engine_spec
from asr.synth import Spoken

pytest.importorskip("onnx", reason="the tiny test model is exported with the onnx package (pip install onnx)")

from asr.testmodels import tiny_gigaam_ctc


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_gigaam_ctc(tmp_path_factory.mktemp("onnx") / "gigaam-v3-ctc")


def test_engine_per_language_comes_from_config(tiny_model: Path) -> None:
    config = AsrConfig(
        engines={"ru": "onnx"}, onnx_models={"ru": str(tiny_model)}, models={"kk": str(tiny_model.parent)}
    )
    spec = engine_spec(config, language="ru")
    assert (spec.engine, spec.model) == ("onnx", str(tiny_model))
    assert engine_spec(config, language="kk").engine == "vosk"
    assert onnx_model_kind(tiny_model) == "gigaam-v3-ctc"


def test_a_folder_without_an_onnx_model_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "README.txt").write_text("not a model")
    with pytest.raises(ModelNotFound, match="holds no GigaAM/T-one ONNX model"):
        onnx_model_kind(tmp_path)
    config = AsrConfig(engines={"kk": "onnx"}, onnx_models={"kk": str(tmp_path / "missing")})
    with pytest.raises(ModelNotFound, match=r"no onnx model for language kk.*sapa models install"):
        engine_spec(config, language="kk")


def test_words_from_ctc_tokens_take_the_least_certain_tokens_probability() -> None:
    words = tokens_to_words(
        ["\u2581д", "а", "\u2581", "н", "ет"],
        [0.0, 0.04, 0.4, 0.44, 0.48],
        [-0.1, -0.5, -0.2, 0.0, -1.0],
        0.04,
        1.0,
    )
    assert [w["word"] for w in words] == ["да", "нет"]
    assert words[0]["start"] == 0.0 and words[0]["end"] == pytest.approx(0.08)
    assert words[0]["conf"] == pytest.approx(math.exp(-0.5)) and words[1]["conf"] == pytest.approx(
        math.exp(-1.0)
    )
    assert words[1]["end"] == pytest.approx(0.52)


def test_long_regions_are_cut_to_the_models_limit() -> None:
    rate = 16000
    samples = np.random.default_rng(0).normal(0, 0.1, 61 * rate).astype(np.float32)
    samples[20 * rate : 20 * rate + rate // 5] = 0  # a pause inside the last 5 s of the first 25
    pieces = split_long(samples, rate, 25.0)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(samples)
    assert all(b - a <= 25 * rate for a, b in pieces)
    assert all(a == prev_b for (_, prev_b), (a, _) in itertools.pairwise(pieces))
    assert 20 * rate <= pieces[0][1] <= 20 * rate + rate // 5  # cut in the pause


def test_onnx_engine_transcribes_a_call_with_times_inside_speech(
    tiny_model: Path, stereo_call: tuple[Path, list[Spoken]]
) -> None:
    path, spoken = stereo_call
    config = AsrConfig(workers=1)
    result = next(Transcriber(config, engine_spec(config, "onnx", str(tiny_model), "ru")).run([path]))
    assert result.status == "done" and result.doc is not None, result.error
    segments = result.doc["segments"]
    assert {s["speaker"] for s in segments} == {"agent", "caller"}
    duration = result.duration_s
    for seg in segments:
        assert seg["words"] and 0 <= seg["start"] <= seg["end"] <= duration
        for w in seg["words"]:
            assert seg["start"] <= w["start"] <= w["end"] <= seg["end"] and 0 <= w["conf"] <= 1
    for speaker in ("agent", "caller"):
        first = min(s.start for s in spoken if s.speaker == speaker)
        assert min(s["start"] for s in segments if s["speaker"] == speaker) >= first - 0.4


def test_each_region_is_recognised_in_pieces_within_the_limit(tiny_model: Path) -> None:
    engine = OnnxEngine(str(tiny_model), "ru")
    engine.limit_s = 2.0
    rate = engine.sample_rate
    samples = np.random.default_rng(2).normal(0, 0.1, 7 * rate).astype(np.float32)
    segments = engine.recognise(samples, [3 * rate, 7 * rate])
    assert segments and all(0 <= w["start"] <= w["end"] <= 7.0 for s in segments for w in s.words)
    # no word straddles the region break at 3 s (each region is decoded on its own)
    assert not any(w["start"] < 3.0 < w["end"] for s in segments for w in s.words)
