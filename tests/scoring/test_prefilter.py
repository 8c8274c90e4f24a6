"""The anchor pre-filter and the fast paths of the matcher never change a result.

Every scoring run below is done twice, with ``scoring.matcher.PREFILTER`` on and off (off = no pattern is
skipped for a missing anchor), on the demo transcripts and on calls made of their segments shuffled,
concatenated and re-styled; the outputs must be identical and the pre-filter must actually skip patterns.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from dialogue.checklist import Checklist
from scoring import TranscriptDoc, score_transcript
from scoring import matcher as matcher_mod
from scoring.call import Call as _Call
from scoring.compile import CompiledChecklist, CSeq, compiled
from scoring.matcher import CallText
from scoring.plan import anchor_of, plan_of
from scoring.text import WORD_RE, fold
from tests.scoring.helpers import default_checklist, doc

DEMO = Path(__file__).resolve().parents[2] / "scoring" / "demo"


def _demo() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEMO.glob("*.json"))]


def _relaid(segments: list[dict[str, Any]], rnd: random.Random) -> list[dict[str, Any]]:
    out, t = [], rnd.uniform(0, 3)
    for s in segments:
        dur = max(0.3, float(s["end"]) - float(s["start"]))
        out.append(
            {"speaker": s["speaker"], "start": round(t, 2), "end": round(t + dur, 2), "text": s["text"]}
        )
        t += dur + rnd.choice([0.1, 0.6, 2.0, 75.0])
    return out


def _varied_calls(count: int = 24, seed: int = 5) -> list[TranscriptDoc]:
    """Demo calls as they are, plus shuffled / concatenated / re-styled mixes of their segments."""
    rnd = random.Random(seed)
    demo = _demo()
    docs = [TranscriptDoc.model_validate(d) for d in demo]
    for n in range(count):
        a, b = rnd.sample(demo, 2)
        segs = a["segments"] + rnd.sample(b["segments"], len(b["segments"]) // 2)
        if n % 2:
            rnd.shuffle(segs)
        segs = _relaid(segs, rnd)
        for s in segs:
            if n % 3 == 0:  # ASR style: no punctuation, lower case
                s["text"] = re.sub(r"[^\w\s]", "", s["text"]).lower()
            if n % 5 == 0 and s["speaker"] != "agent":
                s["speaker"] = rnd.choice(["agent", "caller"])
            if n % 7 == 6:  # no agent speech at all: items are not applicable
                s["speaker"] = "caller"
        docs.append(TranscriptDoc.model_validate({"call_id": f"mix-{n}", "segments": segs}))
    return docs


def _score_all(docs: list[TranscriptDoc], prefilter: bool, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    monkeypatch.setattr(matcher_mod, "PREFILTER", prefilter)
    return [score_transcript(d, default_checklist(), script="t").to_dict() for d in docs]


def test_prefilter_never_changes_a_result(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _varied_calls()
    filtered = _score_all(docs, True, monkeypatch)
    assert filtered == _score_all(docs, False, monkeypatch)
    answers = {v["passed"] for r in filtered for v in r["items"].values()}
    assert answers == {True, False, None}  # the mixes exercise passing, failing and N/A items


def test_anchors_hold_for_every_match_found_without_the_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wherever any pattern (main or context rule) matches, its segment has one of the anchor atoms."""
    monkeypatch.setattr(matcher_mod, "PREFILTER", False)
    comp = compiled(default_checklist())
    rules = [r for groups in comp.rules.values() for g in groups for r in g]
    patterns = [p for r in rules for p in (r.match, r.not_preceded_by, r.not_followed_by, r.near, r.not_near)]
    checked = 0
    for d in _varied_calls(8, seed=11):
        agent = [i for i, s in enumerate(d.segments) if s.speaker == "agent"]
        text = CallText(comp, [d.segments[i].text for i in agent], agent)
        for seqs in (p for p in patterns if p):
            anchor = plan_of(seqs, comp.plans).anchor
            for pos, _ in text.find(seqs, range(text.n)):
                checked += 1
                assert anchor is None or not anchor.isdisjoint(text.seg_present[text.toks.seg[pos]])
    assert checked > 500


def _pattern(text: str) -> tuple[CompiledChecklist, list[CSeq]]:
    """A one-item checklist with one pattern, compiled (atoms of later ``compile_text`` calls are not
    indexed), and that pattern."""
    item = {"id": "x", "title": "x", "kind": "forbidden", "criticality": "client", "weight": 1}
    checklist = Checklist.model_validate({"items": [{**item, "match": [{"any": [text]}]}]})
    comp = compiled(checklist)
    return comp, comp.rules["x"][0][0].match


def test_prefilter_skips_patterns_whose_anchor_is_absent() -> None:
    comp, seqs = _pattern("пароль|паролик ~2 продиктуйте|назовите")
    plan = plan_of(seqs, comp.plans)
    assert plan.anchor and plan_of(seqs, comp.plans) is plan
    text = CallText(comp, ["добрый день, слушаю вас"], [0])
    assert text.viable(plan) == [] and list(text.find(seqs)) == []
    text = CallText(comp, ["ваш пароль, пожалуйста, продиктуйте"], [0])
    assert text.viable(plan) and list(text.find(seqs)) == [(1, 4)]


def test_no_anchor_when_an_alternative_can_start_anywhere() -> None:
    assert anchor_of(_pattern("#num(3-9)")[1]) is None
    assert anchor_of(_pattern("спасибо | ^ ну")[1]) is not None  # "^ ну" still requires "ну"
    assert anchor_of(_pattern("спасибо | ?")[1]) is None  # ... but "?" requires no word
    comp, fuzzy = _pattern("кызмет~")
    anchor = anchor_of(fuzzy)
    assert anchor is not None
    text = CallText(comp, ["кызмети", "қызмет"], [0, 1])  # fuzzy atoms are per-word atoms like any other
    assert not anchor.isdisjoint(text.present) and list(text.find(fuzzy)) == [(0, 1), (1, 2)]
    assert list(CallText(comp, ["спасибо"], [0]).find(fuzzy)) == []


def _reference_caller_said(d: TranscriptDoc, words: list[str], time: float) -> bool:
    seen: set[str] = set()
    for s in d.segments:
        if s.speaker == "caller" and s.start < time:
            seen |= {fold(w)[:5] for w in WORD_RE.findall(s.text.lower().replace("ё", "е"))}
    return bool(words) and all(fold(w)[:5] in seen for w in words)


def test_caller_said_before_matches_the_word_prefix_rule() -> None:
    d = doc(
        ("c", "Меня зовут Айгерім Маратовна, номер 87015550011."),
        ("a", "Айгерім Маратовна, слушаю вас."),
        ("c", "Ёлки, а Серік-ага где?"),
        ("a", "Сейчас уточню."),
    )
    call = _Call(d, compiled(default_checklist()))
    rnd = random.Random(3)
    words = ["айгерім", "маратовне", "марат", "ива", "серик", "серік", "ага", "елки", "87015", "зовут", "нет"]
    for _ in range(300):
        query = rnd.sample(words, rnd.randint(0, 3))
        time = rnd.choice([0.0, 0.5, 3.0, 6.0, 20.0])
        assert call.caller_said_before(query, time) == _reference_caller_said(d, query, time), (query, time)
