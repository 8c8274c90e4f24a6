"""Transcript text search in the call list: which plan runs for which phrase (the index SQL is in
storage.fulltext: SQLite FTS5, PostgreSQL GIN on ``to_tsvector('russian', …)``).

The list shows one page (P calls) newest first, n transcripts in all. Plans, cheapest first for a phrase
in c transcripts (costs per unit measured by bench/web_search.py at 1 M calls):

* ``sparse`` — the index lookup runs once, its calls are fetched and sorted: ~c row lookups. For rare
  phrases.
* ``walk`` — the list walks the visible calls newest first (time index, or the team's / agent's) and
  checks each call against the phrase's matches, read once from the index into a temporary b-tree
  (SQLite: transcript ids, no row lookups) or a hash (PostgreSQL: call ids, a hashed SubPlan): ~c cheap
  entries + P·n/c walked calls, and no lookup or sort of c calls.
* ``check`` — the list walks the calls newest first and asks the index (SQLite: a rowid-bounded FTS5
  lookup) or the text (PostgreSQL: ``to_tsvector``) about each: ~P·n/c per-call checks, dear each, so for
  phrases in a large share of calls only.

The thresholds equalise neighbouring plans' costs: √(P·n·k) with k a ratio of unit costs. Deciding costs
one bounded count and a sample on SQLite (index reads of at most the threshold / a fixed number of
entries), the planner's estimate on PostgreSQL (no read: counting there visits the heap; a phrase's
estimate is that of its words anywhere, too high to trust for ``check``). Neither plan counts or sorts
all matches of a frequent phrase.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, any_, exists, false, func, select
from sqlalchemy.orm import Session

from storage import fulltext
from storage.models import Call, Transcript

SPARSE, WALK, CHECK = "sparse", "walk", "check"
# unit-cost ratios (bench/web_search.py, 1 M calls, loaded 2-core machine): SQLite sparse row ~20 µs,
# match-list entry ~0.75 µs, walked call ~2.5 µs, FTS5 per-call check 250-1000 µs; PostgreSQL sparse row
# ~48 µs, hashed match (a heap visit) ~18 µs, walked call ~2 µs, per-call to_tsvector check ~250 µs
SQLITE_WALK_K = 1 / 8  # walked call / (sparse row - list entry)
SQLITE_CHECK_K = 600  # per-call check / list entry
PG_WALK_K = 1 / 15  # walked call / (sparse row - hashed match)
PG_CHECK_K = 14  # per-call check / hashed match
SAMPLE = 20_000  # newest transcripts in the SQLite frequency sample
MIN_WALK = 500  # below this many matches the sparse plan is always cheap


@dataclass(frozen=True)
class TextSearch:
    """A phrase to find in transcripts and the plan chosen for it."""

    term: str
    dialect: str
    plan: str = SPARSE


def threshold(page_size: int, transcripts: int, k: float) -> int:
    """Matches from which the next plan is cheaper: √(P·n·k), at least MIN_WALK."""
    return max(MIN_WALK, math.isqrt(int(page_size * max(transcripts, 1) * k)))


def plan(session: Session, term: str, page_size: int) -> TextSearch:
    """The plan for ``term`` on this database."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return TextSearch(term, dialect, _sqlite_plan(session, term, page_size))
    if dialect == "postgresql":
        return TextSearch(term, dialect, _pg_plan(session, term, page_size))
    return TextSearch(term, dialect)


def _pg_plan(session: Session, term: str, page_size: int) -> str:
    """A frequent single word is in the GIN statistics (its estimate is close): ``check`` with no read.
    Below that the estimate of a rare word is a guess, so a bounded count decides (at most ``walk_from``
    heap visits): walking the calls for a word that turns out rare would read them all."""
    n = fulltext.max_transcript_id(session)
    nodes, estimate = fulltext.pg_estimate(session, term)
    if estimate >= threshold(page_size, n, PG_CHECK_K):
        return CHECK if nodes == 1 else SPARSE  # a phrase: its words' estimate; too many to hash
    walk_from = threshold(page_size, n, PG_WALK_K)
    return WALK if fulltext.count_matches(session, term, walk_from) >= walk_from else SPARSE


def _sqlite_plan(session: Session, term: str, page_size: int) -> str:
    n = fulltext.max_transcript_id(session)
    walk_from = threshold(page_size, n, SQLITE_WALK_K)
    if fulltext.count_matches(session, term, walk_from) < walk_from:
        return SPARSE
    sample = min(SAMPLE, n)
    estimate = fulltext.sqlite_count_since(session, term, n - sample) * n // max(sample, 1)
    return CHECK if estimate >= threshold(page_size, n, SQLITE_CHECK_K) else WALK


def condition(search: TextSearch) -> ColumnElement[bool]:
    """A WHERE clause over ``Call``: the call has a transcript containing the phrase."""
    term = search.term
    if search.dialect == "sqlite":
        if fulltext.fts5_query(term) is None:
            return false()
        if search.plan == CHECK:  # evaluated per call as the list walks its index
            one = fulltext.sqlite_matches(term, Transcript.id)
            return exists().where(Transcript.call_id == Call.id, Transcript.id.in_(one))
        if search.plan == WALK:  # the match list is built once; "+" keeps it from driving the lookup
            listed = (Transcript.id + 0).in_(fulltext.sqlite_matches(term))
            return exists().where(Transcript.call_id == Call.id, listed)
        matches = fulltext.sqlite_matches(term)
        return Call.id.in_(select(Transcript.call_id).where(Transcript.id.in_(matches)))
    if search.dialect == "postgresql":
        found = fulltext.pg_condition(Transcript.full_text, term)
        if search.plan == CHECK:
            # a scalar subquery is a per-row SubPlan: PostgreSQL cannot turn it into a join that reads
            # every match first, so the list's index walk stops after a page
            per_call = select(func.bool_or(found)).where(Transcript.call_id == Call.id).scalar_subquery()
            return func.coalesce(per_call, false()).is_(True)
        if search.plan == WALK:  # IS TRUE: a hashed SubPlan filter, not a semi-join reading it all first
            return Call.id.in_(select(Transcript.call_id).where(found)).is_(True)
        # = ANY(ARRAY(...)): the GIN lookup runs once first; as an IN the planner may walk the whole time
        # index re-parsing every transcript (it guesses ~0.2 % of calls match; 40+ s at 1 M calls)
        return Call.id == any_(func.array(select(Transcript.call_id).where(found).scalar_subquery()))
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return exists().where(
        Transcript.call_id == Call.id, Transcript.full_text.ilike(f"%{escaped}%", escape="\\")
    )
