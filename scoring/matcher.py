"""Match compiled patterns against the words of one call (pure).

A match never crosses a matching unit (a segment, or consecutive segments of one speaker a short gap apart:
``text.join_units``); context rules (guards) look ``window`` words around it, in the same
sentence unless ``same_sentence: false``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, compress
from typing import Any

from scoring import morph
from scoring.asrfix import repair
from scoring.compile import CElem, CompiledChecklist, CRule, CSeq
from scoring.numbers import RU_NUMBERS, compose_number
from scoring.plan import Plan, plan_of
from scoring.text import Tokens, fold, join_units, tokenize

PREFILTER = True
"""Skip a pattern in a call without any of its anchor atoms (``scoring.plan``); False runs the full search
(same results: the switch exists to prove that)."""


@dataclass(slots=True)
class Hit:
    start: int  # first word (index into CallText words)
    end: int  # one past the last word
    rule: CRule
    ignored: str = ""  # why a context rule discarded it ("" = a real hit)
    noisy: bool = False  # rests on a word matched only through ASR tolerance (or on example similarity)


class CallText:
    """Words of the judged segments with their atoms, an atom → positions index and number runs."""

    def __init__(
        self,
        comp: CompiledChecklist,
        texts: list[str],
        seg_ids: list[int],
        units: dict[int, int] | None = None,
    ) -> None:
        if comp.checklist.matching.noise_tolerant:
            texts = [repair(comp, t) for t in texts]
        toks = tokenize(texts, seg_ids)
        if units:
            join_units(toks, units)
        self.comp = comp
        self.toks = toks
        self.n = len(toks.forms)
        self.tatoms = list(map(comp.atoms.__getitem__, toks.forms))
        iatoms = list(map(comp.index_atoms.__getitem__, toks.forms))
        idx: defaultdict[int, list[int]] = defaultdict(list)
        for pos in compress(range(self.n), iatoms):
            for aid in iatoms[pos]:
                idx[aid].append(pos)
        self.idx = idx  # atom → positions, only for atoms that start a main pattern (read with .get)
        tatoms = self.tatoms
        self.seg_present = _SegAtoms(tatoms, toks.ranges)
        self.present: frozenset[int] = frozenset().union(*tatoms)
        self._viable: dict[Plan, list[CSeq]] = {}
        self._runs: dict[int, tuple[int, str]] | None = None
        self._sent: list[int] | None = None
        self._starts: dict[str, list[int]] = {}
        self._num_starts: dict[tuple[tuple[int, int], ...], list[int]] = {}

    @property
    def runs(self) -> dict[int, tuple[int, str]]:
        """Number runs: first word → (one past the last word, digit string)."""
        if self._runs is None:
            self._runs = {}
            toks = self.toks
            nums = list(map(morph.NUMBERS.__getitem__, toks.forms))
            _fill_misheard(nums, toks)
            end = -1
            for start in compress(range(self.n), nums):
                if start < end or _pronoun_alone(toks.forms, nums, start):
                    continue
                pos = start + 1
                while (
                    pos < self.n
                    and nums[pos]
                    and toks.seg[pos] == toks.seg[start]
                    and not toks.pbreak[pos]
                    and not _pronoun_on(toks.forms, nums, pos)
                    and not _duration_digit(toks.forms, nums, pos)
                ):
                    pos += 1
                run = [x for x in nums[start:pos] if x]
                one = len(run) == 1 and run[0][0] == "D"  # most runs: one token in digits
                self._runs[start] = (pos, str(run[0][1]) if one else compose_number(run))
                end = pos
            _join_phone(self._runs, toks)
        return self._runs

    def num_starts(self, nums: tuple[tuple[int, int], ...]) -> list[int]:
        """First words of the number runs with a digit count in one of the ranges ``nums``."""
        got = self._num_starts.get(nums)
        if got is None:
            got = self._num_starts[nums] = [
                p for p, (_, digits) in self.runs.items() if any(lo <= len(digits) <= hi for lo, hi in nums)
            ]
        return got

    def starts(self, kind: str) -> list[int]:
        """Positions of sentence starts ("bos") or of questions' first words ("qmark")."""
        if kind not in self._starts:
            flags = self.toks.sstart if kind == "bos" else self.toks.qstart
            self._starts[kind] = list(compress(range(self.n), flags))
        return self._starts[kind]

    @property
    def sentence(self) -> list[int]:
        """Sentence number of every word (non-decreasing)."""
        if self._sent is None:
            self._sent = list(accumulate(map(int, self.toks.sstart)))
        return self._sent

    # --- element / sequence matching --------------------------------------------------------------------
    def _elem(self, el: CElem, pos: int, seg: int) -> list[int]:
        ends: list[int] = []
        toks = self.toks
        if el.bos and pos < self.n and toks.seg[pos] == seg and toks.sstart[pos]:
            ends.append(pos)
        if el.eos and pos > 0 and toks.seg[pos - 1] == seg and toks.send[pos - 1]:
            ends.append(pos)
        if el.group is not None:
            for alt in self._alternatives(el, pos, seg):
                ends.extend(self.seq_ends(alt, pos, seg))
            return ends
        if pos >= self.n or toks.seg[pos] != seg:
            return ends
        word_ok = el.any_word or (el.ids and not el.ids.isdisjoint(self.tatoms[pos]))
        if word_ok or (el.qmark and toks.qstart[pos]):
            ends.append(pos + 1)
        if el.nums:
            run = self.runs.get(pos)
            if run is not None and any(lo <= len(run[1]) <= hi for lo, hi in el.nums):
                ends.append(run[0])
        return ends

    def _alternatives(self, el: CElem, pos: int, seg: int) -> list[CSeq]:
        """Only the alternatives of a group that can start at ``pos``."""
        alts = list(el.special_alts)
        if pos < self.n and self.toks.seg[pos] == seg:
            by_first = el.by_first
            found = [by_first[a] for a in self.tatoms[pos] if a in by_first]
            if len(found) == 1 and not alts:
                return found[0]
            seen = {id(a) for a in alts}
            for lst in found:
                for alt in lst:
                    if id(alt) not in seen:
                        seen.add(id(alt))
                        alts.append(alt)
        return alts

    def seq_ends(self, seq: CSeq, pos: int, seg: int, i: int = 0) -> list[int]:
        """Ends of the matches of ``seq`` from element ``i`` on, starting at ``pos`` in segment ``seg``."""
        out: list[int] = []
        for end in self._elem(seq.elems[i], pos, seg):
            out.extend(self._after(seq, end, seg, i))
        return out

    def _after(self, seq: CSeq, end: int, seg: int, i: int) -> list[int]:
        """Ends of the matches of ``seq`` whose element ``i`` ended at ``end`` (the gap, then the rest)."""
        if i == len(seq.elems) - 1:
            return [end]
        out: list[int] = []
        nxt = seq.elems[i + 1]
        stop = min(end + seq.gaps[i] + 1, self.n + 1)
        if nxt.lead_special:
            for p in range(end, stop):
                out.extend(self.seq_ends(seq, p, seg, i + 1))
            return out
        starts, tatoms = nxt.starts, self.tatoms
        for p in range(end, min(stop, self.toks.ranges[seg][1])):  # it needs one of its first atoms here
            if not starts.isdisjoint(tatoms[p]):
                if nxt.plain:
                    out.extend(self._after(seq, p + 1, seg, i + 1))
                else:
                    out.extend(self.seq_ends(seq, p, seg, i + 1))
        return out

    def candidates(self, seqs: list[CSeq], segs: set[int] | None = None) -> list[int]:
        """Positions where one of ``seqs`` may start (only within the words of ``segs`` when given)."""
        starts: set[int] = set()
        idx = self.idx
        for seq in seqs:
            if seq.special:
                self._firsts(seq.elems[0], starts)
            else:
                for aid in seq.first:
                    starts.update(idx.get(aid, ()))
        if segs is None:
            return sorted(starts)
        spans = [self.toks.ranges[s] for s in segs if s in self.toks.ranges]
        lo, hi = min((a for a, _ in spans), default=0), max((b for _, b in spans), default=0)
        return sorted(p for p in starts if lo <= p < hi)

    def _firsts(self, el: CElem, out: set[int]) -> None:
        if el.group is not None:
            for alt in el.group:
                self._firsts(alt.elems[0], out)
        if el.bos:
            out.update(self.starts("bos"))
        if el.nums:
            out.update(self.num_starts(el.nums))
        if el.qmark:
            out.update(self.starts("qmark"))
        if el.any_word or el.eos:
            out.update(range(self.n))
        for aid in el.ids:
            out.update(self.idx.get(aid, ()))

    def viable(self, plan: Plan) -> list[CSeq]:
        """Alternatives of a pattern whose required words all occur in the call (once per call)."""
        got = self._viable.get(plan)
        if got is None:
            present = self.present
            if PREFILTER and plan.anchor is not None and plan.anchor.isdisjoint(present):
                got = []
            else:
                got = [s for s in plan.seqs if _meets(s.required, present)]
            self._viable[plan] = got
        return got

    def find(
        self, seqs: list[CSeq], positions: Iterable[int] | None = None, segs: set[int] | None = None
    ) -> Iterator[tuple[int, int]]:
        """All (start, shortest end) matches of a compiled pattern in order (lazily), optionally only at
        ``positions`` or only in the segments ``segs``."""
        plan = plan_of(seqs, self.comp.plans)
        viable = self.viable(plan)
        if not viable:
            return
        tseg, n = self.toks.seg, self.n
        for pos in self.candidates(viable, segs) if positions is None else positions:
            if pos >= n:
                continue
            seg = tseg[pos]
            if segs is not None and seg not in segs:
                continue
            here = self.seg_present[seg]
            atoms = self.tatoms[pos]
            live = [
                s for s in viable if (s.special or not s.first.isdisjoint(atoms)) and _meets(s.required, here)
            ]
            if live:
                ends = [e for seq in live for e in self.seq_ends(seq, pos, seg) if e > pos]
                if ends:
                    yield pos, min(ends)

    # --- context rules ------------------------------------------------------------------------------
    def _window(self, lo: int, hi: int, anchor: int, same_sentence: bool) -> range:
        """Positions in ``[lo, hi)`` in the segment (and the sentence) of ``anchor`` (both contiguous)."""
        first, end = self.toks.ranges[self.toks.seg[anchor]]
        if same_sentence:
            sentence = self.sentence
            sent = sentence[anchor]
            first = bisect_left(sentence, sent, first, end)
            end = bisect_right(sentence, sent, first, end)
        return range(max(lo, first), min(hi, end))

    def _noisy(self, rule: CRule, start: int, end: int) -> bool:
        """A word of the match has none of the rule's atoms but through ASR tolerance (a word that is itself
        one pattern word and one edit from another is no noisy match)."""
        noisy = self.comp.noisy_only
        if not noisy:
            return False
        own = rule.match_atoms()
        return any(
            f in noisy and not (self.comp.atoms[f] - noisy[f]) & own for f in self.toks.forms[start:end]
        )

    def _lone_remnant(self, rule: CRule, pos: int) -> bool:
        """Is the word at ``pos``, itself a word (a Russian dictionary word, or a word of another pattern as
        written), a match only as a misheard remnant of a phrase? A dropped word and a misheard one together
        are two guesses: "балаңыз" (your child) is no "(сау) болыңыз"; "боолиңыз" and "свиданя" stay
        "(сау) болыңыз" and "(до) свидания"."""
        form = self.toks.forms[pos]
        noisy = self.comp.noisy_only.get(form, frozenset())
        heard = noisy & rule.match_atoms()
        if not heard or not heard.isdisjoint(rule.lone_atoms()):
            return False
        return morph.info(form).known or bool((self.comp.atoms[form] - noisy) & self.comp.word_ids)

    def _vetoes(self, rule: CRule, seqs: list[CSeq], where: range) -> Iterator[tuple[int, int]]:
        """Matches of a not_* guard; a stage item's guard hears words as said (``CRule.exact_guards``)."""
        noisy = self.comp.noisy_only
        for pos, e in self.find(seqs, where):
            if rule.exact_guards and noisy:
                atoms = rule.guard_atoms(seqs)
                forms = self.toks.forms[pos:e]
                # (a word in a gap of the guard, heard near no guard word, is no part of it)
                if any(
                    f in noisy and noisy[f] & atoms and not (self.comp.atoms[f] - noisy[f]) & atoms
                    for f in forms
                ):
                    continue
            yield pos, e

    def guard_reason(self, rule: CRule, start: int, end: int) -> str:
        """Why a context rule discards the match ``[start, end)``, or "" when it stands."""
        r, w, same = rule.rule, rule.rule.window, rule.rule.same_sentence
        if rule.not_preceded_by:
            bw = r.before_window or w
            for pos, e in self._vetoes(
                rule, rule.not_preceded_by, self._window(start - bw, start, start, same)
            ):
                if e <= start:
                    return f"preceded by {' '.join(self.toks.forms[pos:e])!r}"
        if rule.not_followed_by:
            for pos, _ in self._vetoes(rule, rule.not_followed_by, self._window(end, end + w, end - 1, same)):
                return f"followed by {self.toks.forms[pos]!r}"
        if not (rule.near or rule.not_near):
            return ""
        nw = r.near_window or w
        around = self._window(start - nw, end + nw, start, same)
        if same and end - 1 > start:  # a match that runs into the next sentence: the guards see both
            last = self._window(start - nw, end + nw, end - 1, same)
            around = range(min(around.start, last.start), max(around.stop, last.stop))
        if (
            rule.near
            and next(self.find(rule.near, around), None) is None
            and not self._in_turns_before(rule, start)
        ):
            return f"no {r.near!r} nearby"
        if rule.not_near:
            near = next(self._vetoes(rule, rule.not_near, around), None)
            if near is not None:
                pos, e = near
                return f"near {' '.join(self.toks.forms[pos:e])!r}"
        return ""

    def _in_turns_before(self, rule: CRule, start: int) -> bool:
        """Are the rule's ``near`` words in the speaker's ``near_turns`` turns before the match's turn?"""
        turns = rule.rule.near_turns
        if not turns or rule.near is None:
            return False
        first = self.toks.ranges[self.toks.seg[start]][0]
        before = sorted(r for r in self.toks.ranges.values() if r[1] <= first)[-turns:]
        return any(next(self.find(rule.near, range(a, b)), None) is not None for a, b in before)

    def match_rule(
        self, rule: CRule, allowed_segs: set[int] | None, skip_quoted: bool, first_only: bool = False
    ) -> list[Hit]:
        """Matches of a rule with the reason a context rule discards some; ``first_only``: stop at the
        first match that stands."""
        hits: list[Hit] = []
        for start, end in self.find(rule.match, segs=allowed_segs):
            want = rule.rule.sentence_start
            if want is not None and self.toks.sstart[start] != want:
                continue
            # (its first or last word quoted: a button's name inside the sentence, "нажать «оплатить»", quotes
            # nothing of the match)
            if skip_quoted and (self.toks.quoted[start] or self.toks.quoted[end - 1]):
                hits.append(Hit(start, end, rule, "inside quotation marks"))
                continue
            hit = Hit(start, end, rule, self.guard_reason(rule, start, end))
            hit.noisy = self._noisy(rule, start, end)
            if hit.noisy and end - start == 1 and not hit.ignored and self._lone_remnant(rule, start):
                hit.ignored = "a lone misheard word of a longer phrase"
            hits.append(hit)
            if first_only and not hit.ignored:
                break
        return hits

    def words(self, start: int, end: int) -> str:
        return " ".join(self.toks.forms[start:end])


PHONE_DIGITS = 11  # a Kazakhstani phone: 8 or 7 and ten digits


def _join_phone(runs: dict[int, tuple[int, str]], toks: Tokens) -> None:
    """A phone dictated in parts a comma apart ("восемь, семьсот семьдесят семь, четыреста пятьдесят,
    двенадцать, тридцать") is one number when the parts, the first an 8 or 7, make exactly eleven digits."""
    for start in sorted(runs):
        if start not in runs or runs[start][1][:1] not in ("7", "8"):
            continue
        parts, end, digits = [start], *runs[start]
        while len(digits) < PHONE_DIGITS and end in runs and toks.seg[end] == toks.seg[start]:
            if toks.send[end - 1]:
                break
            parts.append(end)
            end, more = runs[end]
            digits += more
        if len(digits) == PHONE_DIGITS and len(parts) > 1:
            for p in parts[1:]:
                del runs[p]
            runs[start] = (end, digits)


def _fill_misheard(nums: list[tuple[str, int | str] | None], toks: Tokens) -> None:
    """A dictionary word one edit from a number word between two number words of the same segment is that
    number misheard ("двенадцать зорок восемь": "зорок" is a word, here "сорок")."""
    forms, seg = toks.forms, toks.seg
    for p in range(1, len(nums) - 1):
        if nums[p] is None and nums[p - 1] and nums[p + 1] and seg[p - 1] == seg[p] == seg[p + 1]:
            nums[p] = morph.misheard_number(fold(forms[p]))


def _meets(required: list[frozenset[int]], atoms: frozenset[int]) -> bool:
    """Does ``atoms`` hold one atom of each required set? (a loop: twice as fast as all() on a generator)"""
    for req in required:  # noqa: SIM110
        if req.isdisjoint(atoms):
            return False
    return True


class _SegAtoms(dict[int, frozenset[int]]):
    """segment → atoms of its words, computed on first use."""

    def __init__(self, tatoms: list[frozenset[int]], ranges: dict[int, tuple[int, int]]) -> None:
        super().__init__()
        self.tatoms, self.ranges = tatoms, ranges

    def __missing__(self, seg: int) -> frozenset[int]:
        a, b = self.ranges[seg]
        value = self[seg] = frozenset().union(*self.tatoms[a:b])
        return value


# (Kazakh units in Russian letters too, as a recogniser writes them: "уш кун ишинде"; round 31)
_UNITS = (
    "күн",
    "кун",
    "сағат",
    "сагат",
    "апта",
    "минут",
    "секунд",
    "дн",
    "дней",
    "час",
    "недел",
    "месяц",
    "жыл",
    "год",
)


def _duration_digit(forms: list[str], nums: list[Any], pos: int) -> bool:
    """Does the digit at ``pos``, after a digit it cannot add to, start a duration rather than end the
    number before it ("нөмірі бір мың жеті жүз алпыс бір, екі күн ішінде": 1761, then two days)?"""
    if nums[pos][0] != "u" or nums[pos - 1][0] not in ("u", "z") or pos + 1 >= len(forms) or nums[pos + 1]:
        return False
    return forms[pos + 1].startswith(_UNITS)


_PRONOUN_NEXT = frozenset({"PREP", "VERB", "INFN", "ADV", "PRCL", "CONJ", "PRON", "PRED"})


def _pronoun_alone(forms: list[str], nums: list[Any], pos: int) -> bool:
    """Is a lone "он" the Russian "he" before a Russian verb, preposition or particle ("к Дамиру, он по
    пропускам"), not the Kazakh ten ("он минут", "он күн", "он бес")?"""
    if forms[pos] != "он" or pos + 1 >= len(forms) or nums[pos + 1]:
        return False
    nxt = morph.info(forms[pos + 1])
    return nxt.known and nxt.pos in _PRONOUN_NEXT


def _pronoun_on(forms: list[str], nums: list[Any], pos: int) -> bool:
    """Is "он" at ``pos`` the Russian "he" after a Russian number ("... двадцать три четырнадцать, он ваш акт
    видел"), not the Kazakh ten ("жүз он", "он бес")?"""
    if forms[pos] != "он" or (pos + 1 < len(forms) and nums[pos + 1]):
        return False
    return forms[pos - 1] in RU_NUMBERS
