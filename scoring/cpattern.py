"""Compiled patterns (pure): elements, sequences and rules with atom ids, indexed by their first atoms."""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogue.checklist import PatternRule


@dataclass(eq=False)
class CElem:
    ids: frozenset[int] = frozenset()
    any_word: bool = False
    bos: bool = False
    eos: bool = False
    qmark: bool = False
    nums: tuple[tuple[int, int], ...] = ()
    group: list[CSeq] | None = None
    # for groups: alternatives by the atoms they can start with, and those that start otherwise
    by_first: dict[int, list[CSeq]] = field(default_factory=dict)
    special_alts: list[CSeq] = field(default_factory=list)
    plain: bool = False  # only word atoms (no group, no special): the matcher tests it inline
    starts: frozenset[int] = frozenset()  # first atoms of the element (of its group's alternatives)
    lead_special: bool = True  # it may match without one of ``starts`` at the position

    @property
    def special(self) -> bool:
        """Can match without one of ``ids`` at the position (anchors, numbers, any word, '?')."""
        return self.any_word or self.bos or self.eos or self.qmark or bool(self.nums)


@dataclass(eq=False)  # compared and hashed by identity
class CSeq:
    elems: list[CElem]
    gaps: list[int]
    text: str = ""
    first: frozenset[int] = frozenset()  # atoms the sequence can start with
    special: bool = False  # it may also start otherwise (see CElem.special)
    required: list[frozenset[int]] = field(default_factory=list)  # one of each must occur in the call
    remnant: bool = False  # a phrase without its short words (ASR drops them: "(до) свидания")


def finish_elem(el: CElem) -> tuple[frozenset[int], bool]:
    """First atoms of an element (and index its group's alternatives by their first atoms)."""
    if el.group is None:
        el.starts, el.lead_special = el.ids, el.special
        return el.ids, el.special
    built = bool(el.by_first or el.special_alts)
    firsts: set[int] = set()
    special = el.special
    for alt in el.group:  # every alternative was finished when it was compiled
        firsts |= alt.first
        special = special or alt.special
        if built:
            continue
        if alt.special:
            el.special_alts.append(alt)
        for aid in alt.first:
            el.by_first.setdefault(aid, []).append(alt)
    el.starts, el.lead_special = frozenset(firsts), special
    return el.starts, special


def finish_seq(seq: CSeq) -> CSeq:
    for el in seq.elems:
        el.plain = el.group is None and not el.special
    first, special = finish_elem(seq.elems[0])
    seq.required = [first] if not special else []
    for el in seq.elems[1:]:
        ids, el_special = finish_elem(el)
        if not el_special:
            seq.required.append(ids)
    seq.first, seq.special = first, special or (seq.elems[0].bos or seq.elems[0].eos)
    return seq


@dataclass
class CRule:
    rule: PatternRule
    lang: str
    match: list[CSeq]
    not_preceded_by: list[CSeq] | None = None
    not_followed_by: list[CSeq] | None = None
    near: list[CSeq] | None = None
    not_near: list[CSeq] | None = None
    after_caller: list[CSeq] | None = None
    caller_then: list[CSeq] | None = None
    not_after_caller: list[CSeq] | None = None
    not_agent_then: list[CSeq] | None = None
    # a stage item's not_* guards hear words as said: a word that only sounds like a guard word (a misheard
    # name "пауыржжан" ~ "поддержка") vetoes nothing
    exact_guards: bool = False
    _atoms: frozenset[int] | None = field(default=None, repr=False)
    _lone: frozenset[int] | None = field(default=None, repr=False)
    _guard_atoms: dict[int, frozenset[int]] = field(default_factory=dict, repr=False)

    def guard_atoms(self, seqs: list[CSeq]) -> frozenset[int]:
        """Every atom of one of the rule's guards (cached by the guard's identity)."""
        got = self._guard_atoms.get(id(seqs))
        if got is None:
            got = self._guard_atoms[id(seqs)] = seq_atoms(seqs)
        return got

    def lone_atoms(self) -> frozenset[int]:
        """Atoms of the rule's one-word patterns as written (not what is left of a phrase without its short
        words: "(до) свидания")."""
        if self._lone is None:
            self._lone = seq_atoms([s for s in self.match if len(s.elems) == 1 and not s.remnant])
        return self._lone

    def match_atoms(self) -> frozenset[int]:
        """Every atom of the rule's ``match`` sequences (groups included)."""
        if self._atoms is None:
            self._atoms = seq_atoms(self.match)
        return self._atoms


def seq_atoms(seqs: list[CSeq]) -> frozenset[int]:
    out: set[int] = set()
    for seq in seqs:
        for el in seq.elems:
            out |= el.ids
            if el.group:
                out |= seq_atoms(el.group)
    return frozenset(out)


_PLAIN = PatternRule(match="x")


def merge_plain(rules: list[CRule]) -> list[CRule]:
    """Rules without context rules (plain strings) are searched as one pattern: fewer passes per call."""
    plain = [r for r in rules if r.rule.model_dump(exclude={"match"}) == _PLAIN.model_dump(exclude={"match"})]
    if len(plain) < 2:
        return rules
    merged = CRule(plain[0].rule, "any", [seq for r in plain for seq in r.match])
    return [merged, *(r for r in rules if r not in plain)]
