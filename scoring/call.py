"""One call as the scorer sees it (pure): the judged speaker's words, sentences, positions and matches."""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate, pairwise

from dialogue.checklist import Item
from scoring import choice, identity, morph
from scoring import confidence as conf
from scoring import examples as ex
from scoring.compile import CompiledChecklist, CRule
from scoring.cpattern import CSeq
from scoring.matcher import CallText, Hit
from scoring.result import Evidence
from scoring.text import fold
from scoring.transcript import TranscriptDoc

_SENTENCE_MARK = re.compile(r"[.?!…]")
_UNFOLD = {"а": "аә", "г": "гғ", "к": "кқ", "н": "нң", "о": "оө", "у": "уұү", "х": "хһ", "и": "иі", "е": "её"}


@lru_cache(maxsize=4096)
def _prefix_re(prefix: str) -> re.Pattern[str]:
    """A word of lower-case text that starts with the folded ``prefix`` (5 letters), or is it (shorter);
    Kazakh letters and ё in the text match their folded look-alikes."""
    chars = "".join(f"[{_UNFOLD[c]}]" if c in _UNFOLD else re.escape(c) for c in prefix)
    end = "" if len(prefix) >= 5 else r"(?!\w)"
    # the letters come first (fast search); the look-behind then checks the character before them
    return re.compile(chars + r"(?<!\w" + "." * len(prefix) + ")" + end)


class Call:
    """Everything one scoring run needs about the call, built lazily."""

    def __init__(self, doc: TranscriptDoc, comp: CompiledChecklist) -> None:
        self.doc, self.comp = doc, comp
        segs = doc.segments
        judged = [i for i, s in enumerate(segs) if s.speaker == "agent"]
        if not judged and comp.checklist.matching.judge_unknown_speaker:
            judged = [i for i, s in enumerate(segs) if s.speaker == "unknown"]
        self.agent_idx = judged
        self._judged = frozenset(judged)
        self.length = max((s.end for s in segs), default=0.0)
        self.units = _units(doc, judged, comp.checklist.matching.join_gap_s)
        self.text = CallText(comp, [segs[i].text for i in judged], judged, self.units)
        self._caller: CallText | None = None
        self._turns: dict[tuple[int, ...], CallText] = {}  # caller turns read by ``after_caller`` rules
        self._caller_segs = [s for s in segs if s.speaker == "caller"]
        self._caller_text: str | None = None  # lower-cased caller segments, one a line
        self._caller_offsets: list[int] = []
        self._sentences: list[tuple[str, int, bool]] | None = None
        self._bounds: list[tuple[int, int]] = []  # each sentence's words: [start, end)
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
            self._sentences, self._bounds = out, list(pairwise(bounds))
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
        unless = self.comp.example_unless.get(item.id)
        needs = self.comp.example_needs.get(item.id)
        cands = []
        for k, (_, seg, question) in enumerate(self.sentences):
            if allowed is not None and self.units.get(seg, seg) not in allowed:
                continue
            if (spec.act == "question" and not question) or (spec.act == "statement" and question):
                continue
            if spec.act == "not_statement" and self._punctuated_statement(k, seg):
                continue
            if spec.closing and not self.closing(seg):
                continue
            if len(self.sentences[k][0]) < ex.MIN_CHARS:  # "не нужно" is too short to be like anything
                continue
            if unless and next(self.text.find(unless, range(*self._bounds[k])), None) is not None:
                continue
            if needs and next(self.text.find(needs, range(*self._bounds[k])), None) is None:
                continue
            cands.append(k)
        verdict = ex.best(self.comp.examples, item.id, [self.sentences[k][0] for k in cands], self._vectors)
        return verdict, cands

    def _punctuated_statement(self, k: int, seg: int) -> bool:
        """Is sentence ``k`` one the transcript punctuates and ends without "?" ("По нему можно уточнить
        статус.")?"""
        return (
            bool(_SENTENCE_MARK.search(self.doc.segments[seg].text))
            and not self.text.toks.qstart[self._bounds[k][0]]
        )

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
        """Did the caller say all these words (same first 5 letters) before ``time``? (echo / address) Or, for
        several words, one word they make together, cut in two by the recogniser ("жан сугурова" after the
        caller's street "жансугурова"; round 26)."""
        if self._caller_text is None:
            lows = [s.text.lower() for s in self._caller_segs]  # not folded: see _prefix_re
            self._caller_text = "\n".join(lows)
            self._caller_offsets = list(accumulate(len(t) + 1 for t in lows))
        if bool(words) and all(self._caller_first(fold(w)[:5]) < time for w in words):
            return True
        joined = fold("".join(words))
        return len(words) > 1 and self._caller_first(joined[: max(5, len(joined) - 2)]) < time

    def _echo(self, hit: Hit, time: float) -> bool:
        """Did the caller say the hit's words first? A number only as the same digits (its number words said
        in another number, a meter reading, are no echo of a phone the agent dictates)."""
        run = self.text.runs.get(hit.start)
        if run is None or run[0] != hit.end:
            return self.caller_said_before(self.text.toks.forms[hit.start : hit.end], time)
        digits, caller, segs = run[1], self.caller, self.doc.segments
        return any(
            (digits in said or (len(said) >= 7 and said in digits))
            and segs[caller.toks.src[start]].start < time
            for start, (_end, said) in caller.runs.items()
        )

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
        t0, last = segs[self.agent_idx[0]].start, max(segs[i].end for i in self.agent_idx)
        t1 = last - pos.last_s if pos.last_s is not None else math.inf
        t2 = t0 + pos.after_share * (last - t0) if pos.after_share is not None else math.inf
        if pos.last_s is None and pos.after_share is None:
            t1 = last
        # the agent's opening words are never the end of the call, however short the call
        closing = self.agent_idx[1:] or self.agent_idx
        return {self.units.get(i, i) for i in closing if segs[i].end >= t1 or segs[i].start >= t2}

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
        """A number run inside a match that the centre publishes (``public_numbers``): no staff contact, and
        no ticket number ("әкімдіктің 109 қызметіне хабарласыңыз")."""
        runs = self.text.runs
        for pos in range(hit.start, hit.end):
            run = runs.get(pos)
            if run is not None and (run[1] in self.comp.public_numbers or _toll_free(run[1])):
                return f"the published number {run[1]}"
        return ""

    def _caller_turn_text(self, turn: list[int]) -> CallText:
        """The caller's turn (segment indices in order) as matchable text (cached)."""
        key = tuple(turn)
        text = self._turns.get(key)
        if text is None:
            segs = self.doc.segments
            text = self._turns[key] = CallText(self.comp, [segs[i].text for i in turn], turn)
        return text

    def next_caller_turn(self, hit: Hit) -> CallText | None:
        """The caller's next turn after the agent's turn with the hit (None: the caller said nothing more)."""
        segs, i = self.doc.segments, self.text.toks.src[hit.end - 1] + 1  # after the hit's own segment
        while i < len(segs) and segs[i].speaker != "caller":  # the agent's turn after the hit
            i += 1
        turn: list[int] = []
        while i < len(segs) and i not in self._judged:
            turn.append(i)
            i += 1
        return self._caller_turn_text(turn) if turn else None

    def _not_caller_then(self, rule: CRule, hit: Hit) -> str:
        """Why a hit of a ``caller_then`` rule does not count: the caller's next turn after the agent's turn
        with the hit does not say the rule's words."""
        assert rule.caller_then is not None
        turn = self.next_caller_turn(hit)
        if turn is not None and next(turn.find(rule.caller_then), None) is not None:
            return ""
        return f"the caller's next turn does not say {rule.rule.caller_then!r}"

    def _not_after_caller(self, rule: CRule, hit: Hit) -> str:
        """Why a hit of an ``after_caller`` rule does not count: the caller's last turn before the agent's
        turn with the hit does not say the rule's words."""
        assert rule.after_caller is not None
        if self._caller_before_says(rule.after_caller, hit):
            return ""
        return f"not after the caller's {rule.rule.after_caller!r}"

    def _caller_before_says(self, seqs: list[CSeq], hit: Hit) -> bool:
        """Does the caller's last turn before the agent's turn with the hit say ``seqs``?"""
        segs, i = self.doc.segments, self.text.toks.seg[hit.start] - 1
        while i >= 0 and segs[i].speaker != "caller":  # the agent's turn up to the hit
            i -= 1
        turn: list[int] = []
        while i >= 0 and i not in self._judged:
            turn.append(i)
            i -= 1
        # only this turn's words are read (the caller's whole speech is not tokenised for it)
        return bool(turn) and next(self._caller_turn_text(turn[::-1]).find(seqs), None) is not None

    def _agent_then(self, seqs: list[CSeq], hit: Hit) -> str:
        """Why a ``not_agent_then`` hit does not count: the agent's words after it, to the end of the agent's
        next turn (after the caller's reply), say ``seqs`` ("это что, пароль?" — "нет, это не пароль")."""
        segs, judged, i = self.doc.segments, self._judged, self.text.toks.src[hit.end - 1] + 1
        while i < len(segs) and segs[i].speaker != "caller":  # the rest of the agent's turn
            i += 1
        while i < len(segs) and i not in judged:  # the caller's reply
            i += 1
        while i < len(segs) and i in judged:  # the agent's next turn
            i += 1
        stop = bisect_left(self.text.toks.src, i, hit.end)
        found = next(self.text.find(seqs, range(hit.end, stop)), None)
        if found is None:
            return ""
        return f"the agent then said {self.text.words(*found)!r}"

    def _habit(self, min_turns: int, hits: list[Hit]) -> None:
        """A ``min_turns`` rule's hits count only when they stand in that many of the agent's segments."""
        turns = {self.text.toks.src[h.start] for h in hits if not h.ignored}
        if len(turns) < min_turns:
            for h in hits:
                h.ignored = h.ignored or f"in {len(turns)} of the agent's turns, fewer than {min_turns}"

    def hits(self, item: Item, rules: list[CRule], first_only: bool = False) -> list[Hit]:
        """Matches of the rules (with ignored ones); ``first_only``: stop at the first one that stands."""
        allowed = self.allowed(item)
        default_skip = item.kind == "forbidden"
        out: list[Hit] = []
        for rule in rules:
            if rule.rule.garbled_only and not conf.garbled_call(self):
                continue
            skip = default_skip if rule.rule.skip_quoted is None else rule.rule.skip_quoted
            # (a rule the caller's words judge after the match needs every match: the first may not stand and
            # a later one may, "номер заказа или телефон? ... на химчистку или на аквачистку?"; round 29)
            every = bool(
                rule.rule.unless_caller_said
                or rule.rule.min_turns
                or rule.rule.caller_echoes
                or rule.after_caller is not None
                or rule.caller_then is not None
                or rule.not_after_caller is not None
                or rule.not_agent_then is not None
            )
            for hit in self.text.match_rule(rule, allowed, skip, first_only and not every):
                if not hit.ignored and rule.rule.unless_caller_said:
                    seg = self.doc.segments[self.text.toks.src[hit.start]]
                    if self._echo(hit, seg.start):
                        hit.ignored = "the caller said these words first"
                if not hit.ignored and rule.after_caller is not None:
                    hit.ignored = self._not_after_caller(rule, hit)
                if not hit.ignored and rule.caller_then is not None:
                    hit.ignored = self._not_caller_then(rule, hit)
                if not hit.ignored and rule.rule.caller_echoes:
                    hit.ignored = choice.not_echoed(self, hit)
                nac = rule.not_after_caller
                if not hit.ignored and nac is not None and self._caller_before_says(nac, hit):
                    hit.ignored = f"after the caller's {rule.rule.not_after_caller!r}"
                if not hit.ignored and rule.not_agent_then is not None:
                    hit.ignored = self._agent_then(rule.not_agent_then, hit)
                if not hit.ignored and rule.rule.not_identity:
                    hit.ignored = identity.whose(self, hit)
                if not hit.ignored:  # no ticket, no staff phone either
                    hit.ignored = self._public_number(hit)
                out.append(hit)
            if rule.rule.min_turns:
                self._habit(rule.rule.min_turns, [h for h in out if h.rule is rule])
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
        joined = cur == prev + 1 and not ended and segs[cur].start - segs[prev].end <= gap_s
        if joined or (not ended and _dictated(doc, prev, cur)):
            units[cur] = units.get(prev, prev)
    return units


_WORD = re.compile(r"\w+")
DICTATION_GAP_S = 15.0  # the caller writing a part down before the agent reads the next one
_ACK_WORDS = 3  # "да", "иә", "так, записала": an acknowledgement, not a turn of its own


def _number_word(word: str | None) -> bool:
    return word is not None and (word.isdigit() or morph.info(word).num is not None)


def _dictated(doc: TranscriptDoc, prev: int, cur: int) -> bool:
    """A number read out in parts: the agent's segment ends on a number word (no sentence end), their next one
    opens with one, and the caller only acknowledged or repeated digits in between ("тогыз бир" — "иа" —
    "сексен торт")."""
    segs = doc.segments
    if segs[cur].start - segs[prev].end > DICTATION_GAP_S:
        return False
    last = (_WORD.findall(segs[prev].text.lower()) or [None])[-1]
    first = next(iter(_WORD.findall(segs[cur].text.lower())), None)
    if not (_number_word(last) and _number_word(first)):
        return False
    between = [_WORD.findall(s.text.lower()) for s in segs[prev + 1 : cur]]
    return all(len(ws) <= _ACK_WORDS or all(_number_word(w) for w in ws) for ws in between)


def _toll_free(digits: str) -> bool:
    """An 8-800 number: free to call, published by the organisation that owns it, nobody's own phone (also
    with its leading 8 or some of its digits lost on the line: "800 080 30 30", "8 800 080 37"; no
    Kazakhstani phone starts with 800)."""
    return (len(digits) >= 8 and digits.startswith(("8800", "7800"))) or (
        7 <= len(digits) <= 10 and digits.startswith("800")
    )
