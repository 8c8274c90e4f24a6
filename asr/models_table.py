"""Rows of `sapa models list`: every registered and configured model, with a load check."""

from __future__ import annotations

from pathlib import Path

from asr.bundles import folder_size, read_registry
from asr.config import AsrConfig
from asr.engines import make_engine
from asr.exceptions import AsrError


def _candidates(config: AsrConfig) -> list[tuple[str, str, str, str, str]]:
    """(language, engine, name, licence, path), installed bundles first, then config.yaml's paths."""
    rows: list[tuple[str, str, str, str, str]] = []
    for language, engines in sorted(read_registry(config.models_dir).items()):
        for engine, entry in sorted(engines.items()):
            if isinstance(entry, dict):
                rows.append(
                    (
                        language,
                        engine,
                        entry.get("name", ""),
                        entry.get("licence", ""),
                        str(Path(config.models_dir) / entry["path"]),
                    )
                )
    seen = {(r[0], r[1]) for r in rows}
    configured = [(lang, "vosk", path) for lang, path in config.models.items()]
    configured += [(lang, "onnx", path) for lang, path in config.onnx_models.items()]
    configured += [("*", "whisper", config.whisper_model)]
    for language, engine, path in configured:
        if (language, engine) not in seen:
            rows.append((language, engine, Path(path).name, "", path))
    return rows


def check_loads(engine: str, path: str, language: str) -> str:
    if not Path(path).is_dir():
        return "missing"
    try:
        make_engine(engine, path, "ru" if language == "*" else language)
    except AsrError as exc:
        return f"error: {exc}"
    except Exception as exc:  # a model that crashes its library is reported, not raised
        return f"error: {exc.__class__.__name__}: {exc}"
    return "ok"


def model_rows(config: AsrConfig, *, check: bool = True) -> list[tuple[str, str, str, str, str, str, str]]:
    out = []
    for language, engine, name, licence, path in _candidates(config):
        size = f"{folder_size(Path(path)) / 1e6:.0f}" if Path(path).is_dir() else "-"
        status = (
            check_loads(engine, path, language)
            if check
            else ("present" if Path(path).is_dir() else "missing")
        )
        out.append((language, engine, name, size, licence or "-", status, path))
    return out
