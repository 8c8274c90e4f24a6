"""Transcript text search in the call list: which plan runs for which phrase (the index SQL is in
storage.fulltext: SQLite FTS5, PostgreSQL GIN on ``to_tsvector('russian', …)``).

The list shows one page (P calls) newest first. Two plans, chosen per request:

* sparse — the phrase is in fewer than ``dense_from(n)`` of the n transcripts: the index lookup runs once,
  its calls are fetched and sorted. Cost grows with the matches, which the threshold bounds.
* dense — the phrase is in at least that many: the list walks the visible calls newest first (the time
  index, or the team's / agent's) and asks the index about each call. A page fills after about P / f calls,
  f ≥ threshold / n the phrase's share, so at most P·n / threshold checks — however common the word.

The threshold √(P·n·K) makes the two worst cases equal (K: a dense check costs about K sparse matches;
measured in bench/web_search.py). Deciding costs one bounded count: an index read of at most threshold
entries. Neither plan counts or sorts all matches of a frequent word.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, any_, exists, false, func, select
from sqlalchemy.orm import Session

from storage import fulltext
from storage.models import Call, Transcript

CHECK_COST = 4  # K: one dense per-call index check ≈ this many sparse matches (fetched and sorted)
MIN_DENSE = 500  # below this many matches the sparse plan is always cheap


@dataclass(frozen=True)
class TextSearch:
    """A phrase to find in transcripts and the plan chosen for it."""

    term: str
    dialect: str
    dense: bool = False


def dense_from(page_size: int, transcripts: int) -> int:
    """Matches from which the dense plan is cheaper: √(P·n·K), at least MIN_DENSE."""
    return max(MIN_DENSE, math.isqrt(page_size * max(transcripts, 1) * CHECK_COST))


def plan(session: Session, term: str, page_size: int) -> TextSearch:
    """The plan for ``term`` on this database: one bounded index count."""
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        return TextSearch(term, dialect)
    cap = dense_from(page_size, fulltext.max_transcript_id(session))
    return TextSearch(term, dialect, dense=fulltext.count_matches(session, term, cap) >= cap)


def condition(search: TextSearch) -> ColumnElement[bool]:
    """A WHERE clause over ``Call``: the call has a transcript containing the phrase."""
    term = search.term
    if search.dialect == "sqlite":
        if fulltext.fts5_query(term) is None:
            return false()
        if search.dense:  # evaluated per call as the list walks its index (a rowid-bounded FTS5 lookup)
            one = fulltext.sqlite_matches(term, Transcript.id)
            return exists().where(Transcript.call_id == Call.id, Transcript.id.in_(one))
        matches = fulltext.sqlite_matches(term)
        return Call.id.in_(select(Transcript.call_id).where(Transcript.id.in_(matches)))
    if search.dialect == "postgresql":
        found = fulltext.pg_condition(Transcript.full_text, term)
        if search.dense:
            # a scalar subquery is a per-row SubPlan: PostgreSQL cannot turn it into a join that reads
            # every match first, so the list's index walk stops after a page
            per_call = select(func.bool_or(found)).where(Transcript.call_id == Call.id).scalar_subquery()
            return func.coalesce(per_call, false()).is_(True)
        # = ANY(ARRAY(...)): the GIN lookup runs once first; as an IN the planner may walk the whole time
        # index re-parsing every transcript (it guesses ~0.2 % of calls match; 40+ s at 1 M calls)
        return Call.id == any_(func.array(select(Transcript.call_id).where(found).scalar_subquery()))
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return exists().where(
        Transcript.call_id == Call.id, Transcript.full_text.ilike(f"%{escaped}%", escape="\\")
    )
