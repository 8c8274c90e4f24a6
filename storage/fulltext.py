"""Full-text search of transcripts (migration 0005): SQLite FTS5, PostgreSQL tsvector + GIN.

The SQLite FTS5 table, its shadow tables and the PostgreSQL GIN index (transcripts_fts_ru) are not models:
schema comparisons skip them by name.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select, table
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.expression import Select

SQLITE_TABLE = "transcripts_fts"
PG_CONFIG = "russian"
COMMON_AT = 2000  # a phrase in at least this many transcripts is "common" (see sqlite_is_common)
_TOKEN = re.compile(r"\w+", re.UNICODE)


def is_search_table(name: str | None) -> bool:
    return bool(name) and str(name).startswith(SQLITE_TABLE)


def fts5_query(term: str) -> str | None:
    """User words -> an FTS5 phrase of whole words (case-folded). No prefix search: a short prefix makes
    FTS5 merge the lists of every word it starts (seconds at 1 M transcripts). None when the text has no
    word characters (nothing to search for)."""
    tokens = _TOKEN.findall(term.casefold())
    if not tokens:
        return None
    return " + ".join(f'"{t}"' for t in tokens)


def _match(query: str) -> ColumnElement[bool]:
    return literal_column(SQLITE_TABLE).op("MATCH")(query)


def sqlite_matches(term: str, transcript_id: Any = None) -> Select[Any]:
    """Transcript ids whose text contains the phrase (the FTS5 index, no table scan). With
    ``transcript_id`` (a correlated column) the index is asked about that one row only."""
    query = fts5_query(term) or '""'
    rowid: ColumnElement[int] = literal_column("rowid")
    stmt = select(rowid).select_from(table(SQLITE_TABLE)).where(_match(query))
    return stmt if transcript_id is None else stmt.where(rowid == transcript_id)


def sqlite_is_common(session: Session, term: str) -> bool:
    """Whether the phrase is in at least COMMON_AT transcripts. Then the call list walks the calls newest
    first and asks the index about each (a page fills fast); a rarer phrase is looked up once and its
    few calls sorted. Costs one index read of at most COMMON_AT entries."""
    if fts5_query(term) is None:
        return False
    found = sqlite_matches(term).limit(COMMON_AT).subquery()
    return int(session.scalar(select(func.count()).select_from(found)) or 0) >= COMMON_AT


def pg_condition(column: ColumnElement[str] | QueryableAttribute[str], term: str) -> ColumnElement[bool]:
    """``to_tsvector('russian', full_text) @@ phraseto_tsquery('russian', term)`` — the GIN index's
    expression exactly, so PostgreSQL uses it; Russian word forms match ("заявку" finds "заявка")."""
    config: ColumnElement[Any] = literal_column(f"'{PG_CONFIG}'::regconfig")
    return func.to_tsvector(config, column).op("@@")(func.phraseto_tsquery(config, term))
