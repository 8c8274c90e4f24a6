"""Test recordings shared by the ingest and job-queue tests: one short synthesized call and its variants."""

from __future__ import annotations

from pathlib import Path

from asr.synth import Turn, synthesize_call

TURNS = [
    Turn("agent", "Здравствуйте, служба поддержки, чем могу помочь?", 0.3),
    Turn("caller", "Добрый день, не могу войти в кабинет.", 3.5),
]


def synthesized_call(folder: Path) -> bytes:
    """The bytes of a short stereo call (espeak-ng + sox) written under ``folder``."""
    path = folder / "call.wav"
    synthesize_call(TURNS, path)
    return path.read_bytes()


def variants(base: bytes, folder: Path, names: list[str]) -> list[Path]:
    """Recordings with the same audio but distinct content (one sample differs by one bit)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, name in enumerate(names):
        data = bytearray(base)
        data[-2 - 2 * index] ^= 1
        (folder / name).write_bytes(bytes(data))
        paths.append(folder / name)
    return paths
