"""`sapa listen` helpers: checklist stages heard so far, and the no-device error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from asr.audio import to_pcm16
from asr.engines import VoskEngine
from asr.exceptions import NoAudioDevice
from asr.live import BLOCK_S, check_input_device, transcribe_stream
from asr.synth import speak
from dialogue import default_script_path, load_script_file
from qa.service import stages_heard


def test_stages_heard_so_far_grow_with_the_conversation() -> None:
    script = load_script_file(default_script_path())
    heard = [
        {
            "speaker": "agent",
            "start": 0.5,
            "end": 3.0,
            "text": "здравствуйте служба поддержки меня зовут айгуль",
        }
    ]
    assert stages_heard(heard, "ru", script) == ["greeting"]
    heard.append({"speaker": "agent", "start": 60.0, "end": 62.0, "text": "всего доброго до свидания"})
    after = stages_heard(heard, "ru", script)
    assert "greeting" in after and "farewell" in after
    assert all(item in {i.id for i in script.checklist.items if i.kind == "stage"} for item in after)


def test_missing_device_is_a_no_audio_device_error() -> None:
    with pytest.raises(NoAudioDevice, match="input device 99"):
        check_input_device(99)


@pytest.mark.slow
def test_streamed_blocks_come_out_phrase_by_phrase(vosk_model: Path) -> None:
    """What `sapa listen` does with the microphone's blocks, fed from synthesized speech instead."""
    engine = VoskEngine(str(vosk_model), "ru")
    rate = engine.sample_rate
    pause = np.zeros(2 * rate, np.float32)
    first, second = speak("Здравствуйте, служба поддержки.", rate=rate), speak("Чем могу помочь?", rate=rate)
    pcm = to_pcm16(np.concatenate([pause[:rate], first, pause, second, pause[: rate // 2]]))
    block = int(rate * BLOCK_S) * 2
    phrases: list[dict] = []
    transcribe_stream(engine, (pcm[i : i + block] for i in range(0, len(pcm), block)), phrases.append)
    assert len(phrases) >= 2 and all(p["speaker"] == "agent" and p["words"] for p in phrases)
    second_start = (rate + len(first) + len(pause)) / rate
    assert phrases[0]["end"] <= second_start and phrases[-1]["start"] >= second_start - 0.5
    assert [p["start"] for p in phrases] == sorted(p["start"] for p in phrases)
