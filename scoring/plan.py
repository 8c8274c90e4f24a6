"""Search plans of compiled patterns: anchors for the pre-filter and alternatives indexed by first atom.

A pattern (a list of alternative ``CSeq``) can only match in a call whose words satisfy, for every
alternative, each of its ``required`` atom sets (see ``compile._finish_seq``). The *anchor* of a pattern
is the union, over its alternatives, of one required set each (the smallest): when no word of a call
(or of a segment) has an anchor atom, no alternative can match there and the pattern is skipped without
looking at positions. Fuzzy words, wildcards, regexes, parts of speech and #classes are atoms like any
other (a word has the atom when it passes the test), so they anchor soundly; an alternative that can
start without an atom (``*``, ``^``, ``$``, ``?``, ``#num``) and has no required word leaves the pattern
without an anchor (never skipped).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.compile import CSeq


def anchor_of(seqs: list[CSeq]) -> frozenset[int] | None:
    """Atoms one of which every match of ``seqs`` has in its segment; None when there is no such set."""
    out: set[int] = set()
    for seq in seqs:
        if not seq.required:
            return None
        out |= min(seq.required, key=len)
    return frozenset(out)


@dataclass(eq=False)
class Plan:
    """How to search one compiled pattern (built once per pattern list, kept by ``plan_of``)."""

    seqs: list[CSeq]
    anchor: frozenset[int] | None
    special: list[CSeq] = field(default_factory=list)  # alternatives that may start without an atom
    by_first: dict[int, list[CSeq]] = field(default_factory=dict)  # first atom → alternatives

    @classmethod
    def build(cls, seqs: list[CSeq]) -> Plan:
        plan = cls(seqs, anchor_of(seqs))
        for seq in seqs:
            if seq.special:
                plan.special.append(seq)
            else:
                for aid in seq.first:
                    plan.by_first.setdefault(aid, []).append(seq)
        return plan


_PLANS: dict[int, tuple[list[CSeq], Plan]] = {}


def plan_of(seqs: list[CSeq]) -> Plan:
    """The plan of a compiled pattern list (cached by identity; the list is kept alive with it)."""
    hit = _PLANS.get(id(seqs))
    if hit is not None and hit[0] is seqs:
        return hit[1]
    if len(_PLANS) > 100_000:  # checklists reloaded many times in one process
        _PLANS.clear()
    plan = Plan.build(seqs)
    _PLANS[id(seqs)] = (seqs, plan)
    return plan
