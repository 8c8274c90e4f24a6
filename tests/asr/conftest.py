"""ASR fixtures: PyPI-shipped models, synthesized stereo calls (espeak-ng + sox at test time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from asr.config import AsrConfig
from asr.synth import Spoken, Turn, synthesize_call
from asr.testmodels import vosk_test_model, whisper_test_model

# Agent on the right channel, caller on the left (MixMonitor default); pauses and one overlap (about 10-12 s).
CALL_TURNS = [
    Turn("agent", "Здравствуйте, служба поддержки, меня зовут Айгуль.", 0.5),
    Turn("caller", "Добрый день, не могу войти в личный кабинет.", 4.6),
    Turn("agent", "Понятно, сейчас проверю ваши данные в системе.", 9.4),
    Turn("caller", "Подождите, пожалуйста, минутку.", 10.0),
    Turn("agent", "Спасибо за ожидание, до свидания.", 15.0),
]


@pytest.fixture(scope="session")
def vosk_model() -> Path:
    return vosk_test_model()


@pytest.fixture(scope="session")
def whisper_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return whisper_test_model(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def stereo_call(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Spoken]]:
    """An 8 kHz stereo call: caller left, agent right."""
    path = tmp_path_factory.mktemp("calls") / "1700000000.42.wav"
    return path, synthesize_call(CALL_TURNS, path)


@pytest.fixture
def config() -> AsrConfig:
    return AsrConfig(workers=1, store_unredacted=True)
