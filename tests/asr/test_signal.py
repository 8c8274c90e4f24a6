"""Metrics, VAD regions and the stream→call time map (no recognition model needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from asr.engines import RawSegment
from asr.metrics import compute_metrics, intersection, union
from asr.pipeline import channel_speakers, to_call_segments
from asr.synth import Turn, speak, synthesize_call
from asr.vad import Piece, TimeMap, speech_regions, speech_stream


def seg(speaker: str, start: float, end: float, text: str = "а б") -> dict[str, object]:
    return {"speaker": speaker, "start": start, "end": end, "text": text}


def test_metrics_talk_silence_overtalk_rate() -> None:
    segments = [
        seg("agent", 0.0, 3.0, "раз два три четыре пять шесть"),
        seg("caller", 2.0, 5.0),
        seg("agent", 4.5, 6.0, "семь восемь девять"),
        seg("caller", 9.0, 10.0),
    ]
    m = compute_metrics(segments, 12.0)
    assert m["talk_s"] == {"agent": 4.5, "caller": 4.0}
    assert m["overtalk_s"] == 1.5 and m["overtalk_count"] == 2  # 2.0-3.0 and 4.5-5.0
    assert m["silence_s"] == 5.0 and m["longest_silence_s"] == 3.0  # 6-9 and 10-12
    assert m["silence_share"] == pytest.approx(5 / 12, abs=1e-3)
    assert m["agent_words"] == 9 and m["agent_speech_rate_wpm"] == 120.0


def test_metrics_mono_has_no_overtalk_or_agent_rate() -> None:
    m = compute_metrics([seg("unknown", 1.0, 2.0)], 4.0)
    assert m["talk_s"] == {"unknown": 1.0} and m["overtalk_s"] == 0
    assert m["agent_speech_rate_wpm"] is None and m["silence_s"] == 3.0


@pytest.mark.parametrize("duration", [10.1725, 10.17249, 7.0049, 7.005, 3.33333, 59.995])
def test_metrics_recomputed_from_the_stored_duration_are_the_same(duration: float) -> None:
    """Reports and the web recompute from the stored transcript: the stored figures must be reproducible."""
    segments = [seg("agent", 0.0, 2.5, "раз два три"), seg("caller", 3.16, 6.36), seg("agent", 6.0, 6.5)]
    first = compute_metrics(segments, duration)
    assert compute_metrics(segments, first["duration_s"]) == first


def test_interval_helpers() -> None:
    assert union([(3, 4), (0, 1), (0.5, 2), (5, 5)]) == [(0, 2), (3, 4)]
    assert intersection([(0, 2), (3, 4)], [(1, 3.5)]) == [(1, 2), (3, 3.5)]


def test_vad_finds_the_speech_and_drops_the_pauses() -> None:
    rate = 8000
    clip = speak("Здравствуйте, служба поддержки.", rate=rate)
    gap = np.zeros(3 * rate, np.float32)
    samples = np.concatenate([gap, clip, gap, clip, gap[:rate]])
    regions = speech_regions(samples, rate, padding_ms=200)
    clip_s = len(clip) / rate
    assert len(regions) == 2
    assert regions[0][0] == pytest.approx(3.0, abs=0.3) and regions[0][1] == pytest.approx(
        3.0 + clip_s, abs=0.4
    )
    assert regions[1][0] == pytest.approx(6.0 + clip_s, abs=0.3)
    kept = sum(b - a for a, b in regions)
    assert kept < 0.5 * len(samples) / rate  # most of the 7 s of silence is skipped
    stream, timemap, breaks = speech_stream(samples, rate, regions)
    assert len(stream) == breaks[-1] and len(breaks) == 2
    assert timemap.to_call(regions[0][1] - regions[0][0] + 0.1) == pytest.approx(
        regions[1][0] + 0.1, abs=1e-6
    )


def test_vad_on_silence_finds_nothing() -> None:
    assert speech_regions(np.zeros(16000, np.float32), 16000) == []
    assert speech_regions(np.zeros(11025 * 2, np.float32), 11025) == []  # resampled for webrtcvad


def test_timemap_clips_a_word_running_across_regions() -> None:
    timemap = TimeMap([Piece(1.0, 0.0, 2.0), Piece(10.0, 2.0, 3.0)])
    assert timemap.to_call(0.5) == 1.5 and timemap.to_call(2.5) == 10.5 and timemap.to_call(9.0) == 13.0
    assert timemap.to_call_span(1.5, 2.2) == (2.5, 3.0)  # mostly in the first region: clipped at its end
    # mostly in the second region (a recogniser timing a region's first word early): never before it starts
    assert timemap.to_call_span(1.9, 2.5) == (10.0, 10.5)
    assert TimeMap.identity(5.0).to_call_span(1.0, 2.0) == (1.0, 2.0)


def test_segments_split_where_regions_were_joined() -> None:
    timemap = TimeMap([Piece(1.0, 0.0, 2.0), Piece(10.0, 2.0, 3.0)])
    raw = RawSegment(
        "один два три",
        [
            {"word": "один", "start": 0.1, "end": 0.5, "conf": 0.91234},
            {"word": "два", "start": 0.6, "end": 1.0, "conf": 0.8},
            {"word": "три", "start": 2.2, "end": 2.6, "conf": 0.7},
        ],
    )
    out = to_call_segments(raw, timemap, "agent")
    assert [(s["start"], s["end"], s["text"]) for s in out] == [(1.1, 2.0, "один два"), (10.2, 10.6, "три")]
    assert out[0]["words"][0]["conf"] == 0.912 and {s["speaker"] for s in out} == {"agent"}


def test_channel_speakers_follow_config() -> None:
    assert channel_speakers(2, "caller") == ["caller", "agent"]
    assert channel_speakers(2, "agent") == ["agent", "caller"]
    assert channel_speakers(1, "caller") == ["unknown"]


def test_synthesized_call_is_the_same_file_every_time(tmp_path: Path) -> None:
    """Recognition tests feed synthesized calls to real models: the audio itself must not vary between runs
    (sox dithers randomly when it lowers the bit depth unless it runs in repeatable mode)."""
    turns = [Turn("agent", "Здравствуйте, служба поддержки.", 0.3), Turn("caller", "Добрый день.", 2.5)]
    first, second = tmp_path / "a.wav", tmp_path / "b.wav"
    synthesize_call(turns, first)
    synthesize_call(turns, second)
    assert first.read_bytes() == second.read_bytes()
