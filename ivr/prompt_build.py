"""``sapa prompts build``: prompt texts → Asterisk-ready 8 kHz mono 16-bit WAV with espeak-ng + sox.

Texts: the survey prompts (ivr.prompts) and the ``prompts`` of dialogue scripts. A ``.txt`` beside
each WAV holds the text it was rendered from, so unchanged prompts are not rendered again. Files in
``custom_prompts_dir`` are never touched (they override these at playback).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ivr.exceptions import PromptBuildError
from ivr.prompts import SURVEY, SURVEY_PROMPTS, PromptLibrary

log = logging.getLogger(__name__)

# espeak-ng voice per language, then fallbacks (kk is Cyrillic: Russian reads it best if kk is missing).
VOICES = {"ru": ("ru",), "kk": ("kk", "ru"), "en": ("en-us", "en")}
SAMPLE_RATE = 8000


@dataclass(frozen=True)
class PromptText:
    namespace: str
    name: str
    language: str
    text: str


@dataclass
class BuildReport:
    rendered: int = 0
    unchanged: int = 0
    fallbacks: dict[str, str] | None = None


def survey_texts(languages: Iterable[str]) -> list[PromptText]:
    return [
        PromptText(SURVEY, name, lang, texts[lang])
        for name, texts in SURVEY_PROMPTS.items()
        for lang in languages
        if lang in texts
    ]


def script_texts(namespace: str, prompts: Mapping[str, Mapping[Any, str]]) -> list[PromptText]:
    return [
        PromptText(namespace, pid, str(lang), text)
        for pid, texts in prompts.items()
        for lang, text in texts.items()
    ]


@cache
def _installed(voice: str) -> bool:
    out = subprocess.run(["espeak-ng", f"--voices={voice}"], capture_output=True, text=True, check=False)
    return any(line.split()[1:2] == [voice] for line in out.stdout.splitlines()[1:])


def pick_voice(language: str) -> str:
    for voice in VOICES.get(language, (language,)):
        if _installed(voice):
            return voice
    raise PromptBuildError(f"espeak-ng has no voice for {language!r} (tried {VOICES.get(language)})")


def check_tools() -> None:
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        raise PromptBuildError(f"{' and '.join(missing)} not installed (apt-get install espeak-ng sox)")


def render_wav(text: str, voice: str, target: Path) -> None:
    """espeak-ng (22.05 kHz) → sox → 8 kHz mono signed 16-bit WAV."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "tts.wav"
        _run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), text])
        _run(
            [
                "sox",
                str(raw),
                "-r",
                str(SAMPLE_RATE),
                "-c",
                "1",
                "-b",
                "16",
                "-e",
                "signed-integer",
                str(target),
            ]
        )


def build(library: PromptLibrary, texts: Iterable[PromptText], *, force: bool = False) -> BuildReport:
    check_tools()
    report = BuildReport(fallbacks={})
    for item in texts:
        voice = pick_voice(item.language)
        if VOICES.get(item.language, (voice,))[0] != voice:
            report.fallbacks[item.language] = voice  # type: ignore[index]
        target = library.rendered_file(item.namespace, item.name, item.language)
        stamp = target.with_suffix(".txt")
        if not force and target.is_file() and stamp.is_file() and stamp.read_text("utf-8") == item.text:
            report.unchanged += 1
            continue
        render_wav(item.text, voice, target)
        stamp.write_text(item.text, encoding="utf-8")
        report.rendered += 1
    for language, voice in (report.fallbacks or {}).items():
        log.warning("no espeak-ng voice for %s: rendered with %s", language, voice)
    return report


def _run(cmd: list[str]) -> None:
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        raise PromptBuildError(f"{cmd[0]} failed: {exc} {detail.decode(errors='replace')[:200]}") from exc
