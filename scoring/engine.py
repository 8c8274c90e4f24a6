"""Score one transcript against a checklist: item answers with evidence, timings, weighted score (pure)."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise
from types import SimpleNamespace
from typing import Any

from dialogue.checklist import Checklist, Item, ScoringRules
from scoring import confidence as conf
from scoring import examples as ex
from scoring import identity
from scoring import timings as tm
from scoring.compile import CompiledChecklist, CRule, compiled
from scoring.matcher import CallText, Hit
from scoring.text import fold
from scoring.transcript import TranscriptDoc

Evidence = dict[str, Any]


@dataclass
class ItemAnswer:
    item_id: str
    passed: bool | None
    weight: float
    criticality: str
    kind: str
    evidence: list[Evidence] = field(default_factory=list)
    reason: str = ""
    confidence: float = 1.0  # 0..1: how sure the scorer is of ``passed``
    needs_review: bool = False  # confidence below the checklist's review_below: out of the score

    def to_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "weight": self.weight,
            "criticality": self.criticality,
            "evidence": self.evidence,
            "reason": self.reason,
            "confidence": self.confidence,
            "needs_review": self.needs_review,
        }


@dataclass
class ScoreResult:
    call_id: str
    script: str
    version: int | None
    score: float
    passed: bool
    critical_failures: list[str]
    items: dict[str, ItemAnswer]
    timing_checks: dict[str, ItemAnswer]
    timings: dict[str, float | None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "script": self.script,
            "version": self.version,
            "score": self.score,
            "passed": self.passed,
            "critical_failures": self.critical_failures,
            "needs_review": [k for k, v in self.items.items() if v.needs_review],
            "items": {k: v.to_dict() for k, v in self.items.items()},
            "timing_checks": {k: v.to_dict() for k, v in self.timing_checks.items()},
            "timings": self.timings,
        }


_UNFOLD = {"а": "аә", "г": "гғ", "к": "кқ", "н": "нң", "о": "оө", "у": "уұү", "х": "хһ", "и": "иі", "е": "её"}


@lru_cache(maxsize=4096)
def _prefix_re(prefix: str) -> re.Pattern[str]:
    """A word of lower-case text that starts with the folded ``prefix`` (5 letters), or is it (shorter);
    Kazakh letters and ё in the text match their folded look-alikes."""
    chars = "".join(f"[{_UNFOLD[c]}]" if c in _UNFOLD else re.escape(c) for c in prefix)
    end = "" if len(prefix) >= 5 else r"(?!\w)"
    # the letters come first (fast search); the look-behind then checks the character before them
    return re.compile(chars + r"(?<!\w" + "." * len(prefix) + ")" + end)


class _Call:
    """Everything one scoring run needs about the call, built lazily."""

    def __init__(self, doc: TranscriptDoc, comp: CompiledChecklist) -> None:
        self.doc, self.comp = doc, comp
        segs = doc.segments
        judged = [i for i, s in enumerate(segs) if s.speaker == "agent"]
        if not judged and comp.checklist.matching.judge_unknown_speaker:
            judged = [i for i, s in enumerate(segs) if s.speaker == "unknown"]
        self.agent_idx = judged
        self.length = max((s.end for s in segs), default=0.0)
        self.units = _units(doc, judged, comp.checklist.matching.join_gap_s)
        self.text = CallText(comp, [segs[i].text for i in judged], judged, self.units)
        self._caller: CallText | None = None
        self._caller_segs = [s for s in segs if s.speaker == "caller"]
        self._caller_text: str | None = None  # lower-cased caller segments, one a line
        self._caller_offsets: list[int] = []
        self._sentences: list[tuple[str, int, bool]] | None = None
        self._vectors: dict[str, dict[str, float]] = {}  # sentence → n-gram vector (examples)

    @property
    def sentences(self) -> list[tuple[str, int, bool]]:
        """The judged speaker's sentences: (text, segment index, question flag), in order."""
        if self._sentences is None:
            toks, out = self.text.toks, []
            bounds = [p for p in range(self.text.n) if toks.sstart[p]] + [self.text.n]
            for a, b in pairwise(bounds):
                text = " ".join(toks.forms[a:b])
                out.append((text, toks.src[a], ex.is_question(text, toks.qstart[a])))
            self._sentences = out
        return self._sentences

    def closing(self, seg: int) -> bool:
        """Is the segment in the closing part of the agent's speech (and not in its opening)?"""
        segs = self.doc.segments
        first, last = segs[self.agent_idx[0]].start, max(segs[i].end for i in self.agent_idx)
        start = segs[seg].start
        if seg == self.agent_idx[0] or start - first < ex.OPENING_S:
            return False  # the opening is never the closing part, however short the call
        return start >= first + ex.CLOSING_SHARE * (last - first) or last - start <= ex.CLOSING_LAST_S

    def example_verdict(self, item: Item) -> tuple[ex.Verdict, list[int]]:
        """Best similarity of a candidate sentence (position, act, closing part) to the item's examples."""
        spec = item.examples
        assert spec is not None
        allowed = self.allowed(item)
        cands = []
        for k, (_, seg, question) in enumerate(self.sentences):
            if allowed is not None and self.units.get(seg, seg) not in allowed:
                continue
            if (spec.act == "question" and not question) or (spec.act == "statement" and question):
                continue
            if spec.closing and not self.closing(seg):
                continue
            cands.append(k)
        verdict = ex.best(self.comp.examples, item.id, [self.sentences[k][0] for k in cands], self._vectors)
        return verdict, cands

    def example_evidence(self, verdict: ex.Verdict, cands: list[int], threshold: float) -> Evidence:
        text, seg, _ = self.sentences[cands[verdict.index]]
        s = self.doc.segments[seg]
        strength = min(1.0, (verdict.similarity - threshold) / 0.2)
        return {
            "start": s.start,
            "end": s.end,
            "speaker": s.speaker,
            "text": s.text,
            "match": text,
            "similarity": round(verdict.similarity, 3),
            "confidence": round(conf.EXAMPLE_HIT + (conf.HIT - conf.EXAMPLE_HIT) * strength, 3),
        }

    @property
    def caller(self) -> CallText:
        if self._caller is None:
            idx = [i for i, s in enumerate(self.doc.segments) if s.speaker == "caller"]
            self._caller = CallText(self.comp, [self.doc.segments[i].text for i in idx], idx)
        return self._caller

    def caller_said_before(self, words: list[str], time: float) -> bool:
        """Did the caller say all these words (same first 5 letters) before ``time``? (echo / address)"""
        if self._caller_text is None:
            lows = [s.text.lower() for s in self._caller_segs]  # not folded: see _prefix_re
            self._caller_text = "\n".join(lows)
            self._caller_offsets = list(accumulate(len(t) + 1 for t in lows))
        return bool(words) and all(self._caller_first(fold(w)[:5]) < time for w in words)

    def _caller_first(self, prefix: str) -> float:
        """Start of the first caller segment with a word beginning with ``prefix`` (a whole word when it is
        shorter than 5 letters), or infinity."""
        found = _prefix_re(prefix).search(self._caller_text or "")
        if found is None:
            return math.inf
        return self._caller_segs[bisect_right(self._caller_offsets, found.start())].start

    def allowed(self, item: Item) -> set[int] | None:
        pos = item.position
        if pos is None or not self.agent_idx:
            return None
        segs = self.doc.segments
        if pos.first_s is not None:
            t0 = segs[self.agent_idx[0]].start + pos.first_s
            return {self.units.get(i, i) for i in self.agent_idx if segs[i].start <= t0}
        t1 = max(segs[i].end for i in self.agent_idx) - (pos.last_s or 0)
        # the agent's opening words are never the end of the call, however short the call
        closing = self.agent_idx[1:] or self.agent_idx
        return {self.units.get(i, i) for i in closing if segs[i].end >= t1}

    def evidence(self, hit: Hit) -> Evidence:
        src = self.text.toks.src
        seg, last = self.doc.segments[src[hit.start]], self.doc.segments[src[max(hit.start, hit.end - 1)]]
        return {
            "start": seg.start,
            "end": last.end,
            "speaker": seg.speaker,
            "text": seg.text if last is seg else f"{seg.text} {last.text}",
            "match": self.text.words(hit.start, hit.end),
            "confidence": conf.of_hit(self, hit),
        }

    def _public_number(self, hit: Hit) -> str:
        """A number run inside a forbidden match that the centre publishes (``public_numbers``)."""
        runs = self.text.runs
        for pos in range(hit.start, hit.end):
            run = runs.get(pos)
            if run is not None and run[1] in self.comp.public_numbers:
                return f"the published number {run[1]}"
        return ""

    def hits(self, item: Item, rules: list[CRule], first_only: bool = False) -> list[Hit]:
        """Matches of the rules (with ignored ones); ``first_only``: stop at the first one that stands."""
        allowed = self.allowed(item)
        default_skip = item.kind == "forbidden"
        out: list[Hit] = []
        for rule in rules:
            skip = default_skip if rule.rule.skip_quoted is None else rule.rule.skip_quoted
            for hit in self.text.match_rule(
                rule, allowed, skip, first_only and not rule.rule.unless_caller_said
            ):
                if not hit.ignored and rule.rule.unless_caller_said:
                    seg = self.doc.segments[self.text.toks.src[hit.start]]
                    if self.caller_said_before(self.text.toks.forms[hit.start : hit.end], seg.start):
                        hit.ignored = "the caller said these words first"
                if not hit.ignored and rule.rule.not_identity:
                    hit.ignored = identity.whose(self, hit)
                if not hit.ignored and default_skip and self.comp.public_numbers:
                    hit.ignored = self._public_number(hit)
                out.append(hit)
            if first_only and any(not h.ignored for h in out):
                break
        out.sort(key=lambda h: (h.start, h.end))
        return out


_SENTENCE_END = frozenset(".!?…")


def _units(doc: TranscriptDoc, judged: list[int], gap_s: float) -> dict[int, int]:
    """Segment → first segment of its matching unit: the judged speaker's consecutive segments (nobody else
    spoke in between) at most ``gap_s`` apart are matched as one utterance (a recogniser cuts sentences),
    unless the earlier one ends a sentence (".", "!", "?": punctuated text says where sentences end)."""
    units: dict[int, int] = {}
    segs = doc.segments
    for prev, cur in pairwise(judged):
        ended = segs[prev].text.rstrip()[-1:] in _SENTENCE_END
        if cur == prev + 1 and not ended and segs[cur].start - segs[prev].end <= gap_s:
            units[cur] = units.get(prev, prev)
    return units


def _describe(call: _Call, hits: list[Hit], limit: int = 3) -> str:
    parts = []
    for h in hits[:limit]:
        seg = call.doc.segments[call.text.toks.src[h.start]]
        parts.append(f"{call.text.words(h.start, h.end)!r} at {seg.start:.1f} s ({h.ignored})")
    return "; ".join(parts)


def _stage(call: _Call, item: Item, groups: list[list[CRule]]) -> ItemAnswer:
    ans = ItemAnswer(item.id, True, item.weight, item.criticality, item.kind)
    missing = []
    for group, rules in zip(item.match, groups, strict=True):
        hits = call.hits(item, rules, first_only=True)
        good = [h for h in hits if not h.ignored]
        if good:
            ans.evidence.append(call.evidence(good[0]))
        else:
            missing.append(group.name or "phrase")
    if missing and item.examples is not None and call.agent_idx:
        threshold = item.examples.threshold or call.comp.checklist.matching.example_threshold
        verdict, cands = call.example_verdict(item)
        if ex.matches(verdict, threshold):
            ans.evidence = [call.example_evidence(verdict, cands, threshold)]
            ans.confidence = ans.evidence[0]["confidence"]
            ans.reason = f"similar to an example ({verdict.similarity:.2f}): {ans.evidence[0]['match']!r}"
            return ans
        if ex.near_miss(verdict, threshold):
            ans.passed, ans.confidence = False, conf.NEAR_MISS
            ans.evidence = [call.example_evidence(verdict, cands, threshold)]
            ans.reason = (
                f"no agent phrase for: {', '.join(missing)}; close to an example"
                f" ({verdict.similarity:.2f} < {threshold:.2f}): {ans.evidence[0]['match']!r}"
            )
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


def _forbidden(call: _Call, item: Item, groups: list[list[CRule]]) -> ItemAnswer:
    ans = ItemAnswer(item.id, True, item.weight, item.criticality, item.kind)
    hits = [h for rules in groups for h in call.hits(item, rules)]
    good = sorted((h for h in hits if not h.ignored), key=lambda h: h.start)
    ignored = [h for h in hits if h.ignored]
    if good:
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


def _forbidden_examples(call: _Call, item: Item, ans: ItemAnswer) -> None:
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


def _applies(call: _Call, item: Item) -> str:
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
    call = _Call(doc, comp)
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
    call: _Call, checklist: Checklist, timings: dict[str, float | None]
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


def _passed_of(value: Any) -> bool | None:
    """The answer that counts in the score: an answer that needs review (and no human has answered) counts
    as not applicable."""
    if value is None or isinstance(value, bool):
        return value
    get = value.get if isinstance(value, Mapping) else lambda key: getattr(value, key, None)
    if get("needs_review") and not get("overridden"):
        return None
    passed: bool | None = get("passed")
    return passed


def _row_specs(result_items: Mapping[str, Any] | Iterable[Any]) -> list[Any]:
    """Without a checklist: each answer's own ``weight`` and ``criticality`` (stored item rows)."""
    rows = (
        result_items.items()
        if isinstance(result_items, Mapping)
        else [(getattr(r, "item_id", ""), r) for r in result_items]
    )
    return [
        SimpleNamespace(
            id=item_id,
            weight=getattr(row, "weight", 1.0),
            criticality=getattr(row, "criticality", "business"),
            auto_fail=None,
        )
        for item_id, row in rows
    ]


def recompute(
    result_items: Mapping[str, Any] | Iterable[Any], checklist: Checklist | None
) -> tuple[float, bool, list[str]]:
    """Score, pass/fail and critical failures from item answers (``{item_id: passed | answer}`` or rows
    with ``item_id``/``passed``), using the checklist's weights, criticality and scoring rules.

    ``checklist=None`` (an evaluation whose script version is unknown): the answers' own weights and
    criticality with the default ``ScoringRules`` (the one default pass mark, in dialogue.checklist)."""
    if not isinstance(result_items, Mapping):
        result_items = list(result_items)
    if isinstance(result_items, Mapping):
        answers = {k: _passed_of(v) for k, v in result_items.items()}
    else:
        answers = {getattr(row, "item_id", ""): _passed_of(row) for row in result_items}
    rules = checklist.scoring if checklist is not None else ScoringRules()
    specs: list[Any] = (
        [*checklist.items, *checklist.timing_checks] if checklist is not None else _row_specs(result_items)
    )
    got = total = 0.0
    critical: list[str] = []
    for spec in specs:
        passed = answers.get(spec.id)
        if passed is None and rules.not_applicable == "exclude":
            continue
        total += spec.weight
        got += spec.weight if passed in (True, None) else 0.0
        auto = getattr(spec, "auto_fail", None)
        auto = spec.criticality in rules.auto_fail_criticality if auto is None else auto
        if passed is False and auto:
            critical.append(spec.id)
    score = round(100.0 * got / total, 1) if total else 100.0
    if critical and rules.auto_fail_score is not None:
        score = rules.auto_fail_score
    return score, not critical and score >= rules.pass_mark, critical
