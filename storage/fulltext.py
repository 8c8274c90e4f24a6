"""Full-text search of transcripts (migration 0005): SQLite FTS5, PostgreSQL tsvector + GIN.

The SQLite FTS5 table, its shadow tables and the PostgreSQL GIN index (transcripts_fts_ru) are not models:
schema comparisons skip them by name.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select, text
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.expression import Select

SQLITE_TABLE = "transcripts_fts"
PG_CONFIG = "russian"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def is_search_table(name: str | None) -> bool:
    return bool(name) and str(name).startswith(SQLITE_TABLE)


def fts5_query(term: str) -> str | None:
    """User words -> an FTS5 phrase: every word exact, the last one also as a prefix ("заяв" finds
    "заявка"). None when the text has no word characters (nothing to search for)."""
    tokens = _TOKEN.findall(term.casefold())
    if not tokens:
        return None
    parts = [f'"{t}"' for t in tokens]
    parts[-1] += " *"
    return " + ".join(parts)


def sqlite_matches(term: str) -> Select[Any] | None:
    """Transcript ids whose text contains the phrase (the FTS5 index, no table scan)."""
    query = fts5_query(term)
    if query is None:
        return None
    rowid: ColumnElement[int] = literal_column("rowid")
    return (
        select(rowid).select_from(text(SQLITE_TABLE)).where(literal_column(SQLITE_TABLE).op("MATCH")(query))
    )


def pg_condition(column: ColumnElement[str] | QueryableAttribute[str], term: str) -> ColumnElement[bool]:
    """``to_tsvector('russian', full_text) @@ phraseto_tsquery('russian', term)`` — the GIN index's
    expression exactly, so PostgreSQL uses it; Russian word forms match ("заявку" finds "заявка")."""
    config: ColumnElement[Any] = literal_column(f"'{PG_CONFIG}'::regconfig")
    return func.to_tsvector(config, column).op("@@")(func.phraseto_tsquery(config, term))
