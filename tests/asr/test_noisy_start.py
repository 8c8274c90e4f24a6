"""Regression (issue 13, bug 1): a recording that starts with line noise.

webrtcvad called the first ~90 ms of every channel speech while it adapted; the recogniser then put the
channel's first word into that 0.0-0.4 s scrap (a caller who first spoke at 10 s had a word at 0.0 s, the
agent's greeting lost its first word to a segment of its own). Asserted on structure, not on the words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from asr.audio import load_audio
from asr.config import AsrConfig
from asr.pool import Transcriber, engine_spec
from asr.synth import Spoken, Turn, festival_available, synthesize_call
from asr.vad import speech_regions

TURNS = [
    Turn("agent", "Добрый день, служба поддержки, меня зовут Айгуль. Чем могу помочь?", 2.0),
    Turn("caller", "Здравствуйте, я не могу войти в личный кабинет.", 10.0),
    Turn("agent", "Назовите, пожалуйста, ваш ИИН.", 15.0),
]
PAD_S = 0.3


@pytest.fixture(scope="module")
def noisy_call(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Spoken]]:
    path = tmp_path_factory.mktemp("noisy") / "1700000100.1.wav"
    voice = "festival" if festival_available("ru") else "espeak"
    return path, synthesize_call(TURNS, path, voice=voice, telephone=True)


def first_spoken(spoken: list[Spoken], speaker: str) -> float:
    return min(s.start for s in spoken if s.speaker == speaker)


def test_vad_finds_no_speech_in_the_leading_line_noise(noisy_call: tuple[Path, list[Spoken]]) -> None:
    path, spoken = noisy_call
    audio = load_audio(path)
    for channel, speaker in zip(audio.channels, ("caller", "agent"), strict=True):
        regions = speech_regions(channel, audio.rate, padding_ms=int(PAD_S * 1000))
        assert regions, speaker
        assert regions[0][0] >= first_spoken(spoken, speaker) - PAD_S - 0.1, (speaker, regions)


def test_a_short_click_is_not_a_speech_region() -> None:
    import numpy as np

    rate = 8000
    rng = np.random.default_rng(3)
    samples = rng.normal(0, 0.001, 4 * rate).astype(np.float32)
    samples[2 * rate : 2 * rate + 480] += 0.5 * np.sin(np.arange(480) * 2 * np.pi * 440 / rate)  # 60 ms
    assert speech_regions(samples, rate) == []


@pytest.mark.slow
def test_no_word_is_timed_before_its_speaker_spoke(
    noisy_call: tuple[Path, list[Spoken]], whisper_model: Path
) -> None:
    path, spoken = noisy_call
    config = AsrConfig(workers=1)
    result = next(Transcriber(config, engine_spec(config, "whisper", str(whisper_model), "ru")).run([path]))
    assert result.status == "done" and result.doc is not None, result.error
    segments = result.doc["segments"]
    for speaker in ("agent", "caller"):
        own = [s for s in segments if s["speaker"] == speaker]
        assert own, speaker
        earliest = first_spoken(spoken, speaker) - PAD_S - 0.1
        assert all(s["start"] >= earliest for s in own), (speaker, [(s["start"], s["text"]) for s in own])
        assert all(w["start"] >= earliest for s in own for w in s["words"]), speaker
    greeting = next(s for s in segments if s["speaker"] == "agent")
    assert len(greeting["words"]) >= 3, greeting  # the first word is not a scrap of its own
