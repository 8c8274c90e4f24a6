"""Score one transcript against a checklist: item answers with evidence, timings, weighted score (pure)."""

from __future__ import annotations

import re

from dialogue.checklist import Checklist, Item
from scoring import confidence as conf
from scoring import examples as ex
from scoring import morph, names
from scoring import timings as tm
from scoring.call import Call
from scoring.compile import CRule, compiled
from scoring.matcher import Hit
from scoring.recompute import recompute
from scoring.result import ItemAnswer, ScoreResult
from scoring.transcript import TranscriptDoc

# a name class of a pattern ("#name", "#surname" ...); "#num" is a number, no name (round 29: a phone number
# read in Kazakh words was taken for misheard names)
_NAME_CLASS = re.compile(r"#(?!num\b)")

__all__ = ["ItemAnswer", "ScoreResult", "recompute", "score_transcript"]


def _describe(call: Call, hits: list[Hit], limit: int = 3) -> str:
    parts = []
    for h in hits[:limit]:
        seg = call.doc.segments[call.text.toks.src[h.start]]
        parts.append(f"{call.text.words(h.start, h.end)!r} at {seg.start:.1f} s ({h.ignored})")
    return "; ".join(parts)


def _stage(call: Call, item: Item, groups: list[list[CRule]]) -> ItemAnswer:
    ans = ItemAnswer(item.id, True, item.weight, item.criticality, item.kind)
    missing = []
    for group, rules in zip(item.match, groups, strict=True):
        hits = call.hits(item, rules, first_only=True)
        good = [h for h in hits if not h.ignored]
        if good:
            ans.evidence.append(call.evidence(good[0]))
        else:
            missing.append(group.name or "phrase")
    if missing and item.examples is not None and call.agent_idx and _stage_examples(call, item, ans, missing):
        return ans
    if missing:
        ans.passed = False
        where = " in the allowed part of the call" if item.position else ""
        ans.reason = f"no agent phrase for: {', '.join(missing)}{where}"
        ans.confidence = conf.of_stage_absence(call, call.allowed(item))
    else:
        ans.reason = "found: " + "; ".join(f"{e['match']!r} at {e['start']:.1f} s" for e in ans.evidence)
        ans.confidence = min(e["confidence"] for e in ans.evidence)
    return ans


def _stage_examples(call: Call, item: Item, ans: ItemAnswer, missing: list[str]) -> bool:
    """A sentence like the item's examples passes it; a near miss makes the answer uncertain. True when the
    examples decided the answer."""
    assert item.examples is not None
    threshold = item.examples.threshold or call.comp.checklist.matching.example_threshold
    verdict, cands = call.example_verdict(item)
    if ex.matches(verdict, threshold):
        ans.evidence = [call.example_evidence(verdict, cands, threshold)]
        ans.confidence = ans.evidence[0]["confidence"]
        ans.reason = f"similar to an example ({verdict.similarity:.2f}): {ans.evidence[0]['match']!r}"
        return True
    # a garbled call: a wider band, and the guess "done" (the item misheard; measured, conf.garbled_call)
    garbled = conf.garbled_call(call)
    if ex.near_miss(verdict, threshold, ex.NOISY_NEAR if garbled else ex.NEAR):
        ans.passed, ans.confidence = garbled, conf.NEAR_MISS
        ans.evidence = [call.example_evidence(verdict, cands, threshold)]
        guess = "probably said but misheard" if garbled else "no agent phrase for: " + ", ".join(missing)
        ans.reason = (
            f"{guess}; close to an example"
            f" ({verdict.similarity:.2f} < {threshold:.2f}): {ans.evidence[0]['match']!r}"
        )
        return True
    return False


def _forbidden(call: Call, item: Item, groups: list[list[CRule]]) -> ItemAnswer:
    ans = ItemAnswer(item.id, True, item.weight, item.criticality, item.kind)
    hits = [h for rules in groups for h in call.hits(item, rules)]
    good = sorted((h for h in hits if not h.ignored), key=lambda h: h.start)
    ignored = [h for h in hits if h.ignored]
    if good and conf.garbled_call(call) and all(_misheard_name(call, h) for h in good):
        # a "name" that is no dictionary word nor a listed name, in a garbled transcript, is mostly a word
        # misheard ("адин", "мастеровна"): no confident evidence, so the guess is "no violation" (round 26)
        ans.evidence = [call.evidence(h) for h in good[: call.comp.checklist.matching.max_evidence]]
        ans.confidence = conf.NEAR_MISS
        ans.reason = "only misheard words taken for names, in a garbled transcript: " + ", ".join(
            repr(call.text.words(h.start, h.end)) for h in good[:3]
        )
    elif good:
        ans.passed = False
        seen: set[int] = set()
        for h in good:
            if h.start not in seen and len(ans.evidence) < call.comp.checklist.matching.max_evidence:
                seen.add(h.start)
                ans.evidence.append(call.evidence(h))
        ans.reason = f"{len(good)} forbidden phrase(s) in the agent's speech"
        ans.confidence = max(e["confidence"] for e in ans.evidence)
    else:
        ans.reason = "no forbidden phrase in the agent's speech"
        if ignored:
            ans.reason += "; not counted: " + _describe(call, ignored)
        ans.confidence = conf.of_absence(call)
        if item.examples is not None and call.agent_idx:
            _forbidden_examples(call, item, ans)
    return ans


def _misheard_name(call: Call, hit: Hit) -> bool:
    """Does the hit rest on a name class (``#name``, ``#surname`` ...) and only on words that are neither in
    the dictionary nor listed names nor patronymics (a patronymic's shape is evidence, unless a dictionary
    word run onto "на" made it)?"""
    if not _NAME_CLASS.search(hit.rule.rule.match):
        return False
    words = [f for f in call.text.toks.forms[hit.start : hit.end] if len(f) >= 3 and f.isalpha()]
    infos = [morph.info(f) for f in words]
    listed = call.comp.names
    return bool(infos) and all(
        not fi.known and fi.fold not in listed and not names.patronymic_evidence(fi.fold) for fi in infos
    )


def _forbidden_examples(call: Call, item: Item, ans: ItemAnswer) -> None:
    """A sentence like a forbidden item's examples is a violation; a near miss makes the answer uncertain."""
    assert item.examples is not None
    threshold = item.examples.threshold or call.comp.checklist.matching.example_threshold
    verdict, cands = call.example_verdict(item)
    if ex.matches(verdict, threshold):
        ans.passed = False
        ans.evidence = [call.example_evidence(verdict, cands, threshold)]
        ans.confidence = ans.evidence[0]["confidence"]
        ans.reason = (
            f"similar to a forbidden example ({verdict.similarity:.2f}): {ans.evidence[0]['match']!r}"
        )
    elif ex.near_miss(verdict, threshold):
        ans.confidence = conf.NEAR_MISS
        ans.reason += (
            f"; close to a forbidden example ({verdict.similarity:.2f} < {threshold:.2f}):"
            f" {call.sentences[cands[verdict.index]][0]!r}"
        )


def _applies(call: Call, item: Item) -> str:
    rule = item.applies_when
    if call.length < rule.min_call_s:
        return f"call shorter than {rule.min_call_s:g} s"
    if len(call.agent_idx) < rule.min_agent_segments:
        return "not enough agent speech"
    applies = call.comp.applies[item.id]
    if applies and not any(
        not h.ignored for r in applies for h in call.caller.match_rule(r, None, False, True)
    ):
        return "the caller never raised what this item is about"
    return ""


def score_transcript(
    doc: TranscriptDoc, checklist: Checklist, *, script: str = "", version: int | None = None
) -> ScoreResult:
    comp = compiled(checklist)
    call = Call(doc, comp)
    items: dict[str, ItemAnswer] = {}
    for item in checklist.items:
        na = _applies(call, item)
        if na:
            items[item.id] = ItemAnswer(item.id, None, item.weight, item.criticality, item.kind, [], na)
        elif item.kind == "stage":
            items[item.id] = _stage(call, item, comp.rules[item.id])
        else:
            items[item.id] = _forbidden(call, item, comp.rules[item.id])
    for ans in items.values():
        conf.mark_review(ans, checklist.scoring.review_below)
    timings = tm.compute(doc.segments, call.agent_idx, call.text.n)
    checks = _timing_checks(call, checklist, timings)
    score, passed, critical = recompute({**items, **checks}, checklist)
    return ScoreResult(doc.call_id, script, version, score, passed, critical, items, checks, timings)


def _timing_checks(
    call: Call, checklist: Checklist, timings: dict[str, float | None]
) -> dict[str, ItemAnswer]:
    segs = call.doc.segments
    agent = [(segs[i].start, segs[i].end) for i in call.agent_idx]
    out: dict[str, ItemAnswer] = {}
    for spec in checklist.timing_checks:
        explained: list[float] = []
        long_pause = (timings["longest_agent_silence_s"] or 0.0) > spec.limit_s
        if spec.explained_by and long_pause:  # phrases only matter when some pause is too long
            item = checklist.item(spec.explained_by)
            hits = [h for rules in call.comp.rules[item.id] for h in call.hits(item, rules) if not h.ignored]
            explained = [segs[call.text.toks.src[h.start]].end for h in hits]
        res = tm.check(spec, timings, agent, explained)
        out[spec.id] = ItemAnswer(
            spec.id, res.passed, spec.weight, spec.criticality, spec.kind, res.evidence, res.reason
        )
    return out
