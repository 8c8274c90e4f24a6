"""Search plans of compiled patterns: the anchor of each pattern, for the pre-filter of the matcher.

A pattern (a list of alternative ``CSeq``) can only match in a call whose words satisfy, for every
alternative, each of its ``required`` atom sets (see ``compile._finish_seq``). The *anchor* of a pattern
is the union, over its alternatives, of one required set each (the smallest): when no word of a call has
an anchor atom, no alternative can match there and the pattern is skipped without looking at positions.
Fuzzy words, wildcards, regexes, parts of speech and #classes are atoms like any other (a word has the
atom when it passes the test), so they anchor soundly; an alternative that can start without an atom
(``*``, ``^``, ``$``, ``?``, ``#num``) and has no required word leaves the pattern without an anchor
(never skipped).
"""

from __future__ import annotations

from dataclasses import dataclass

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

    @classmethod
    def build(cls, seqs: list[CSeq]) -> Plan:
        return cls(seqs, anchor_of(seqs))


def plan_of(seqs: list[CSeq], cache: dict[int, tuple[list[CSeq], Plan]]) -> Plan:
    """The plan of a compiled pattern list, kept in ``cache`` (``CompiledChecklist.plans``: it lives as long
    as the checklist) by the list's identity; the list is kept with it, so the identity stays unique."""
    hit = cache.get(id(seqs))
    if hit is not None and hit[0] is seqs:
        return hit[1]
    plan = Plan.build(seqs)
    cache[id(seqs)] = (seqs, plan)
    return plan
