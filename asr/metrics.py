"""Call metrics from time-ordered segments (pure): talk per side, silence, overtalk, agent speech rate."""

from __future__ import annotations

from typing import Any

Interval = tuple[float, float]


def union(intervals: list[Interval]) -> list[Interval]:
    merged: list[list[float]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def total(intervals: list[Interval]) -> float:
    return sum(b - a for a, b in intervals)


def intersection(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _gaps(talk: list[Interval], duration: float) -> list[Interval]:
    gaps, cursor = [], 0.0
    for start, end in talk:
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if duration > cursor:
        gaps.append((cursor, duration))
    return gaps


def compute_metrics(segments: list[dict[str, Any]], duration: float) -> dict[str, Any]:
    """Seconds of talk per speaker, silence (nobody talks), overtalk (both talk) and agent words/minute.

    The duration is rounded first, as it is reported, so that metrics recomputed from the stored transcript
    and its stored duration are the same figures (a share of the unrounded duration can differ in the last
    digit).
    """
    duration = round(duration, 2)
    by_speaker: dict[str, list[Interval]] = {}
    for seg in segments:
        by_speaker.setdefault(seg["speaker"], []).append((seg["start"], seg["end"]))
    talk = {speaker: union(iv) for speaker, iv in by_speaker.items()}
    anyone = union([iv for ivs in talk.values() for iv in ivs])
    overtalk = intersection(talk.get("agent", []), talk.get("caller", []))
    gaps = _gaps(anyone, duration)
    agent_words = sum(len(s.get("words") or s["text"].split()) for s in segments if s["speaker"] == "agent")
    agent_talk = total(talk.get("agent", []))
    silence = total(gaps)
    return {
        "duration_s": duration,
        "talk_s": {speaker: round(total(iv), 2) for speaker, iv in sorted(talk.items())},
        "silence_s": round(silence, 2),
        "silence_share": round(silence / duration, 3) if duration else 0.0,
        "longest_silence_s": round(max((b - a for a, b in gaps), default=0.0), 2),
        "overtalk_s": round(total(overtalk), 2),
        "overtalk_count": len(overtalk),
        "agent_words": agent_words,
        "agent_speech_rate_wpm": round(agent_words / (agent_talk / 60), 1) if agent_talk > 0 else None,
    }
