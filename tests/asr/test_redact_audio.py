"""Redacted audio: the samples at redacted word times are beeped/silenced on every channel, the rest is
unchanged bit for bit; the original is kept only when config says so."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from asr.redact import Redactor
from asr.redact_audio import PAD_S, is_redacted_copy, redacted_spans, store_redacted_audio, write_redacted
from sapa.ingest import recordings_in

RATE = 8000


def noisy_stereo(path: Path, subtype: str, seconds: float = 6.0) -> np.ndarray:
    rng = np.random.default_rng(5)
    data = rng.normal(0, 0.2, (int(seconds * RATE), 2)).clip(-1, 1).astype(np.float32)
    sf.write(str(path), data, RATE, subtype=subtype)
    return sf.read(str(path), dtype="int16", always_2d=True)[0]


def asr_segments() -> list[dict[str, object]]:
    """A caller dictating a card number, as a recogniser writes it (digits, word times)."""
    digits = "4111111111111111"  # Luhn-valid
    words = [{"word": "карта", "start": 1.0, "end": 1.4, "conf": 0.9}]
    words += [
        {"word": digits[i : i + 4], "start": 1.5 + 0.5 * n, "end": 1.9 + 0.5 * n, "conf": 0.8}
        for n, i in enumerate(range(0, 16, 4))
    ]
    words.append({"word": "спасибо", "start": 4.0, "end": 4.4, "conf": 0.9})
    return [
        {
            "speaker": "caller",
            "start": 1.0,
            "end": 4.4,
            "text": " ".join(str(w["word"]) for w in words),
            "words": words,
        }
    ]


@pytest.mark.parametrize("subtype", ["PCM_16", "ULAW"])
@pytest.mark.parametrize("mode", ["beep", "silence"])
def test_redacted_word_times_are_overwritten_and_the_rest_is_bit_exact(
    tmp_path: Path, subtype: str, mode: str
) -> None:
    source = tmp_path / "1700000300.1.wav"
    original = noisy_stereo(source, subtype)
    redacted, counts = Redactor().redact_segments(asr_segments())
    assert counts["CARD"] == 1
    spans = redacted_spans(redacted, "[{kind}]")
    assert spans == [(pytest.approx(1.5 - PAD_S), pytest.approx(3.4 + PAD_S))]
    out = write_redacted(source, spans, mode)
    assert out.name == "1700000300.1.redacted.wav" and sf.info(str(out)).subtype == subtype
    data = sf.read(str(out), dtype="int16", always_2d=True)[0]
    a, b = int(spans[0][0] * RATE), int(np.ceil(spans[0][1] * RATE))
    inside, outside = np.zeros(len(data), bool), np.ones(len(data), bool)
    inside[a:b], outside[a:b] = True, False
    assert np.array_equal(data[outside], original[outside])  # bit-exact outside the PII
    if mode == "silence":
        assert np.abs(data[inside]).max() <= (8 if subtype == "ULAW" else 0)
    else:
        peak = np.abs(data[inside]).max()
        assert 0.08 * 32767 < peak < 0.12 * 32767 and not np.array_equal(data[inside], original[inside])
        assert np.array_equal(data[inside, 0], data[inside, 1])  # both channels: no echo of the digits


def test_original_kept_only_when_config_says_so_and_copies_are_never_ingested(tmp_path: Path) -> None:
    source = tmp_path / "1700000301.1.wav"
    noisy_stereo(source, "PCM_16")
    redacted, _ = Redactor().redact_segments(asr_segments())
    played = store_redacted_audio(str(source), redacted, "[{kind}]", keep_original=True)
    assert is_redacted_copy(played) and source.exists()
    assert recordings_in(tmp_path) == [source]  # the copy is not a new recording
    clean = [{"speaker": "agent", "start": 0.0, "end": 1.0, "text": "добрый день", "words": []}]
    assert store_redacted_audio(str(source), clean, "[{kind}]") == str(source)  # nothing to redact
    assert store_redacted_audio(str(source), redacted, "[{kind}]", mode="off") == str(source)
    played = store_redacted_audio(str(source), redacted, "[{kind}]", keep_original=False)
    assert Path(played).exists() and not source.exists()
