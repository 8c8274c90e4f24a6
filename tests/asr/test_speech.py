"""Russian test speech a model can hear: Festival through a telephone chain; the demo shows Russian words."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from asr.synth import Turn, festival_available, speak_all, synthesize_call
from sapa.bootstrap import load_default_data
from sapa.demo_steps.recordings import DEMO_RECORDINGS, transcribe_demo_calls
from sapa.wiring import App
from storage.repositories.transcripts import TranscriptRepository, find_call

needs_festival = pytest.mark.skipif(
    not festival_available("ru"), reason="Festival + festvox-ru missing: apt-get install festival festvox-ru"
)


def band_energy(samples: np.ndarray, rate: int, low: float, high: float) -> float:
    spectrum = np.abs(np.fft.rfft(samples)) ** 2
    freqs = np.fft.rfftfreq(len(samples), 1 / rate)
    return float(spectrum[(freqs >= low) & (freqs < high)].sum())


@needs_festival
def test_festival_speaks_every_turn_in_one_run() -> None:
    clips = speak_all(["Добрый день.", 'Назовите "ваш" ИИН, пожалуйста.'], voice="festival", rate=16000)
    assert len(clips) == 2 and all(len(c) > 0.4 * 16000 for c in clips)
    assert all(np.abs(c).max() > 0.05 for c in clips)


@needs_festival
def test_telephone_chain_is_8khz_mulaw_band_limited_with_line_noise(tmp_path: Path) -> None:
    path = tmp_path / "call.wav"
    spoken = synthesize_call(
        [Turn("agent", "Здравствуйте, служба поддержки.", 1.0), Turn("caller", "Добрый день.", 4.0)],
        path,
        voice="festival",
        telephone=True,
    )
    info = sf.info(str(path))
    assert (info.samplerate, info.channels, info.subtype) == (8000, 2, "ULAW")
    data, rate = sf.read(str(path), dtype="float32")
    agent = data[:, 1]
    speech = agent[int(spoken[0].start * rate) : int(spoken[0].end * rate)]
    inside = band_energy(speech, rate, 300, 3400)
    assert band_energy(speech, rate, 0, 150) < 0.01 * inside
    lead = agent[: int(0.9 * rate)]  # before anyone speaks: line noise, never digital silence
    assert 0 < np.sqrt(np.mean(lead**2)) < 10 ** (-45 / 20)


@needs_festival
@pytest.mark.slow
def test_demo_transcribes_its_russian_calls_into_russian_words(sqlite_app: App) -> None:
    sqlite_app.migrate()
    load_default_data(sqlite_app)
    lines = transcribe_demo_calls(sqlite_app)
    assert any("Festival" in line for line in lines), lines
    with sqlite_app.uow() as session:
        for call_id, (language, _turns) in DEMO_RECORDINGS.items():
            call = find_call(session, call_id)
            assert call is not None, (call_id, lines)
            transcript = TranscriptRepository(session).latest_for_call(call.id)
            assert transcript is not None and transcript.segments, call_id
            text = " ".join(seg["text"] for seg in transcript.segments)
            assert not re.search(r"[\uac00-\ud7af\u1100-\u11ff]", text), text  # no Hangul
            if language == "ru":
                assert len(re.findall(r"[А-Яа-яЁё]{3,}", text)) >= 5, text
