"""Synthetic call recordings (tests, benchmarks and the demo; nothing stored in git).

Voices: Festival with ``festvox-ru`` (Debian main) for Russian — speech a real recogniser can hear (Whisper
base ≈ 27 % WER through the telephone chain) — and espeak-ng for every other language (Kazakh has no
Festival voice; espeak-ng Russian is heard by no model, so it only suits plumbing tests).

A call is a list of turns placed at given times on the agent's or the caller's channel of a stereo WAV, like
an Asterisk MixMonitor recording with separate legs. ``telephone=True`` puts each channel through a
telephone line: low line noise, band 300-3400 Hz, 8 kHz, G.711 µ-law (the file is a µ-law WAV).
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from asr.exceptions import AsrError

log = logging.getLogger(__name__)
ESPEAK_VOICES = {"ru": "ru", "kk": "kk", "ko": "ko", "en": "en"}
FESTIVAL_VOICES = {"ru": "voice_msu_ru_nsh_clunits"}
TELEPHONE_RATE = 8000
TELEPHONE_BAND = (300, 3400)
LINE_NOISE_DBFS = -60.0  # steady line hiss of the telephone chain, before band limiting
FESTIVAL_TIMEOUT_S = 600


@dataclass(frozen=True)
class Turn:
    speaker: str  # agent | caller
    text: str
    at: float  # start time, seconds from call start


@dataclass(frozen=True)
class Spoken:
    speaker: str
    text: str
    start: float
    end: float


def _require(tool: str, package: str = "espeak-ng sox") -> str:
    found = shutil.which(tool)
    if not found:
        raise AsrError(f"{tool} is not installed (apt-get install {package})")
    return found


def _sox() -> list[str]:
    """sox in repeatable mode: its dither is seeded, so the same text gives the same file (tests that feed
    it to a recogniser then see the same audio in every run; without ``-R`` each run dithers differently)."""
    return [_require("sox"), "-R"]


def _sox_to_float(wav: bytes, rate: int) -> np.ndarray:
    sox = subprocess.run(
        [*_sox(), "-t", "wav", "-", "-t", "wav", "-r", str(rate), "-c", "1", "-b", "16", "-"],
        input=wav,
        capture_output=True,
        check=True,
    )
    data, _ = sf.read(io.BytesIO(sox.stdout), dtype="float32")
    return np.trim_zeros(data.astype(np.float32))


def speak(text: str, *, language: str = "ru", rate: int = 8000, speed: int = 160) -> np.ndarray:
    """One utterance by espeak-ng as float32 mono samples at ``rate``."""
    espeak = subprocess.run(
        [
            _require("espeak-ng"),
            "-v",
            ESPEAK_VOICES.get(language, language),
            "-s",
            str(speed),
            "--stdout",
            text,
        ],
        capture_output=True,
        check=True,
    )
    return _sox_to_float(espeak.stdout, rate)


def festival_available(language: str = "ru") -> bool:
    voice = FESTIVAL_VOICES.get(language)
    return bool(voice and shutil.which("festival") and Path("/usr/share/festival/voices").is_dir())


def _scheme_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_LATIN = dict(zip("abcdefghijklmnopqrstuvwyz", "абцдефгхийклмнопкрстуввиз", strict=True), x="кс")
LATIN_TO_CYRILLIC = str.maketrans({**_LATIN, **{k.upper(): v.upper() for k, v in _LATIN.items()}})


def festival_text(text: str) -> str:
    """What festvox-ru can say: it fails on Latin letters (e-mails, "a.mukanova"): they are transliterated."""
    text = re.sub(r"(?<=\w)[.@_/:](?=\w)", " ", text.translate(LATIN_TO_CYRILLIC))  # e-mails, 9:40
    text = re.sub(r"\s*[—–]\s*", ", ", text)
    text = re.sub(r"[^\w\s.,!?;:-]", " ", text)  # quotes, @, № ... stop its letter-to-sound rules
    return re.sub(r"\s+([.,!?;:])", r"\1", text)  # a lone comma is a "word" it cannot say


def _festival_run(festival: str, voice: str, texts: Sequence[str], folder: Path) -> str:
    lines = [f"({voice})"]
    for i, text in enumerate(texts):
        out = _scheme_string(str(folder / f"{i}.wav"))
        say = (
            f"(utt.save.wave (utt.synth (Utterance Text {_scheme_string(festival_text(text))})) {out} 'riff)"
        )
        lines.append(f"(unwind-protect {say} nil)")  # one failing utterance must not stop the rest
    (folder / "say.scm").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [festival, "-b", str(folder / "say.scm")], capture_output=True, timeout=FESTIVAL_TIMEOUT_S
    )
    stderr = done.stderr.decode(errors="replace").strip().splitlines()
    return stderr[-1] if stderr else "no output"


def speak_festival(texts: Sequence[str], *, language: str = "ru", rate: int = 8000) -> list[np.ndarray]:
    """Utterances by Festival, all in one festival process (its start-up costs seconds), at ``rate``.

    An utterance Festival cannot say (rare: odd symbols) is spoken by espeak-ng instead, with a warning.
    """
    voice = FESTIVAL_VOICES.get(language)
    if voice is None:
        raise AsrError(f"no Festival voice for language {language!r} (have: {', '.join(FESTIVAL_VOICES)})")
    festival = _require("festival", "festival festvox-ru")
    with tempfile.TemporaryDirectory(prefix="sapa-festival-") as tmp:
        folder = Path(tmp)
        problem = _festival_run(festival, voice, texts, folder)
        clips = []
        for i, text in enumerate(texts):
            wav = folder / f"{i}.wav"
            if wav.is_file():
                clips.append(_sox_to_float(wav.read_bytes(), rate))
            else:
                log.warning("festival could not say %r (%s); espeak-ng says it", text, problem)
                clips.append(speak(text, language=language, rate=rate))
    return clips


def speak_all(
    texts: Sequence[str], *, language: str = "ru", rate: int = 8000, voice: str = "espeak"
) -> list[np.ndarray]:
    """Utterances with ``voice``: espeak, festival, or auto (Festival where it has the language)."""
    if voice == "auto":
        voice = "festival" if festival_available(language) else "espeak"
    if voice == "festival":
        return speak_festival(texts, language=language, rate=rate)
    if voice == "espeak":
        return [speak(text, language=language, rate=rate) for text in texts]
    raise AsrError(f"unknown voice {voice!r}: use espeak, festival or auto")


def telephone_line(channels: np.ndarray, rate: int, path: str | Path, noise_dbfs: float | None) -> None:
    """Write (samples, channels) through a telephone chain: line noise, 300-3400 Hz, 8 kHz µ-law WAV."""
    if noise_dbfs is not None:
        rng = np.random.default_rng(11)
        channels = channels + rng.normal(0, 10 ** (noise_dbfs / 20), channels.shape).astype(np.float32)
    buffer = io.BytesIO()
    sf.write(buffer, np.clip(channels, -1.0, 1.0), rate, format="WAV", subtype="FLOAT")
    low, high = TELEPHONE_BAND
    subprocess.run(
        [
            *_sox(),
            "-t",
            "wav",
            "-",
            "-r",
            str(TELEPHONE_RATE),
            "-e",
            "u-law",
            "-b",
            "8",
            str(path),
            "sinc",
            f"{low}-{high}",
            "rate",
            "-v",
            str(TELEPHONE_RATE),
        ],
        input=buffer.getvalue(),
        capture_output=True,
        check=True,
    )


def synthesize_call(
    turns: list[Turn],
    path: str | Path,
    *,
    language: str = "ru",
    rate: int = 8000,
    left: str = "caller",
    tail_s: float = 1.0,
    noise_dbfs: float | None = None,
    voice: str = "espeak",
    telephone: bool = False,
    clips: Sequence[np.ndarray] | None = None,
) -> list[Spoken]:
    """Write a stereo call (agent and caller on their own channels); return where each turn landed.

    ``noise_dbfs`` adds steady line noise at that level to both channels (real recordings are never
    digitally silent, and recognisers spend more time on noise than on zeros); with ``telephone`` it
    defaults to LINE_NOISE_DBFS and the file is 8 kHz µ-law, band-limited to 300-3400 Hz. ``clips``:
    the turns already synthesised at ``rate`` (``speak_all``), e.g. many calls in one Festival run.
    """
    if telephone:
        rate = max(rate, 16000)  # build wideband, the line takes it down to 8 kHz
        noise_dbfs = LINE_NOISE_DBFS if noise_dbfs is None else noise_dbfs
    if clips is None:
        clips = speak_all([turn.text for turn in turns], language=language, rate=rate, voice=voice)
    length = max(int(turn.at * rate) + len(clip) for turn, clip in zip(turns, clips, strict=True))
    length += int(tail_s * rate)
    channels = {"agent": np.zeros(length, np.float32), "caller": np.zeros(length, np.float32)}
    spoken = []
    for turn, clip in zip(turns, clips, strict=True):
        start = int(turn.at * rate)
        channels[turn.speaker][start : start + len(clip)] += clip * 0.8
        spoken.append(Spoken(turn.speaker, turn.text, start / rate, (start + len(clip)) / rate))
    right = "agent" if left == "caller" else "caller"
    if telephone:
        telephone_line(np.stack([channels[left], channels[right]], axis=1), rate, path, noise_dbfs)
        return spoken
    if noise_dbfs is not None:
        rng = np.random.default_rng(7)
        for channel in channels.values():
            channel += rng.normal(0, 10 ** (noise_dbfs / 20), length).astype(np.float32)
    sf.write(str(path), np.stack([channels[left], channels[right]], axis=1), rate, subtype="PCM_16")
    return spoken


def convert(src: str | Path, dst: str | Path, *options: str) -> Path:
    """Re-encode with sox; ``options`` are output options, e.g. ``"-e", "u-law"``."""
    out_options = list(options)
    subprocess.run([*_sox(), str(src), *out_options, str(dst)], capture_output=True, check=True)
    return Path(dst)
