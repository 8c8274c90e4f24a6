"""Talk, silence and overtalk metrics of one call, and the timing checks of a checklist (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from dialogue.checklist import TimingCheck
from scoring.transcript import Segment

Interval = tuple[float, float]


def merge(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def length(intervals: list[Interval]) -> float:
    return sum(end - start for start, end in intervals)


def overlap(a: list[Interval], b: list[Interval]) -> float:
    total, i, j = 0.0, 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def agent_gaps(agent: list[Interval]) -> list[Interval]:
    """Pauses between consecutive agent utterances (the caller may speak meanwhile)."""
    return [(agent[k][1], agent[k + 1][0]) for k in range(len(agent) - 1) if agent[k + 1][0] > agent[k][1]]


def compute(segments: list[Segment], agent_idx: list[int], agent_words: int) -> dict[str, float | None]:
    agent = merge([(segments[i].start, segments[i].end) for i in agent_idx])
    agent_set = set(agent_idx)
    caller = merge([(s.start, s.end) for i, s in enumerate(segments) if i not in agent_set])
    call_len = max((s.end for s in segments), default=0.0)
    talk = length(merge(agent + caller))
    gaps = agent_gaps(agent)
    agent_talk = length(agent)
    return {
        "call_length_s": round(call_len, 2),
        "answer_time_s": round(agent[0][0], 2) if agent else None,
        "agent_talk_s": round(agent_talk, 2),
        "caller_talk_s": round(length(caller), 2),
        "total_silence_s": round(max(call_len - talk, 0.0), 2),
        "longest_agent_silence_s": round(max((e - s for s, e in gaps), default=0.0), 2),
        "overtalk_s": round(overlap(agent, caller), 2),
        "agent_words_per_min": round(agent_words / (agent_talk / 60.0), 1) if agent_talk > 0 else None,
    }


@dataclass
class TimingOutcome:
    passed: bool | None
    value: float | None
    reason: str
    evidence: list[dict[str, object]]


def check(
    spec: TimingCheck, timings: dict[str, float | None], agent: list[Interval], explained_at: list[float]
) -> TimingOutcome:
    """One timing check; ``explained_at`` = end times of agent utterances with an explaining phrase."""
    if spec.kind == "max_call_length":
        value = timings["call_length_s"]
        return _limit(value, spec.limit_s, "call length")
    if spec.kind == "answer_time":
        return _limit(timings["answer_time_s"], spec.limit_s, "first agent words at")
    unexplained = [
        (s, e)
        for s, e in agent_gaps(merge(agent))
        if e - s > spec.limit_s and not any(s - spec.lookback_s <= t <= s + 0.01 for t in explained_at)
    ]
    if not agent:
        return TimingOutcome(None, None, "no agent speech", [])
    if not unexplained:
        return TimingOutcome(
            True, None, f"no agent silence over {spec.limit_s:g} s without an announcement", []
        )
    worst = max(unexplained, key=lambda g: g[1] - g[0])
    evidence: list[dict[str, object]] = [
        {
            "start": round(s, 2),
            "end": round(e, 2),
            "speaker": "agent",
            "text": "",
            "match": f"silence {e - s:.1f} s",
        }
        for s, e in unexplained
    ]
    longest = worst[1] - worst[0]
    reason = f"{len(unexplained)} silence(s) over {spec.limit_s:g} s not announced; longest {longest:.1f} s"
    return TimingOutcome(False, round(worst[1] - worst[0], 2), reason, evidence)


def _limit(value: float | None, limit: float, what: str) -> TimingOutcome:
    if value is None:
        return TimingOutcome(None, None, f"{what}: not available", [])
    ok = value <= limit
    return TimingOutcome(ok, value, f"{what} {value:.1f} s ({'within' if ok else 'over'} {limit:g} s)", [])
