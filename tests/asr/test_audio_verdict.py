"""Audio to verdict (slow): the shortest labelled Russian calls, spoken by Festival through a telephone line,
through `sapa ingest` with faster-whisper base, scored. Loose floors — a regression guard, not the numbers
(those are bench/asr_verdict.py's, in docs/benchmarks.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from asr.synth import festival_available

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data" / "calls"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not festival_available("ru"), reason="Festival + festvox-ru missing"),
    pytest.mark.skipif(not DATA.is_dir(), reason=f"labelled calls not found at {DATA}"),
]


def test_checklist_on_audio_stays_near_the_text() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    import asr_verdict

    result = asr_verdict.run(2, DATA, speed_check=False)
    assert result["transcribed"] == 2, result
    assert result["agent_wer"] < 0.6, result  # Whisper base on Festival telephone speech: ~0.3-0.5
    assert result["audio"]["item_accuracy"] >= 0.7, result
    assert result["audio"]["item_accuracy"] >= result["text"]["item_accuracy"] - 0.25, result
