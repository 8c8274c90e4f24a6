"""Full-text search of transcripts (migration 0006): SQLite FTS5, PostgreSQL tsvector + GIN.

The SQLite FTS5 table, its shadow tables and the PostgreSQL GIN index (transcripts_fts_ru) are not models:
schema comparisons skip them by name.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select, table, text
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.expression import Select

from storage.models import Transcript

SQLITE_TABLE = "transcripts_fts"
PG_CONFIG = "russian"
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


def count_matches(session: Session, term: str, cap: int) -> int:
    """How many transcripts hold the phrase, counting stops at ``cap``: one index read of at most ``cap``
    entries (FTS5 doclist / GIN posting list), whatever the phrase's frequency. 0 on a backend without
    a full-text index."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        if fts5_query(term) is None:
            return 0
        found = sqlite_matches(term).limit(cap).subquery()
    elif dialect == "postgresql":
        found = select(Transcript.id).where(pg_condition(Transcript.full_text, term)).limit(cap).subquery()
    else:
        return 0
    return int(session.scalar(select(func.count()).select_from(found)) or 0)


def sqlite_count_since(session: Session, term: str, after_id: int) -> int:
    """Transcripts with an id above ``after_id`` that hold the phrase: FTS5 reads only that end of each
    doclist (a rowid range), so a sample of the newest transcripts costs what the sample holds."""
    if fts5_query(term) is None:
        return 0
    found = sqlite_matches(term).where(literal_column("rowid") > after_id).subquery()
    return int(session.scalar(select(func.count()).select_from(found)) or 0)


def pg_estimate(session: Session, term: str) -> tuple[int, int]:
    """(nodes of the tsquery: 1 for one word, 0 for none; the planner's estimate of the transcripts holding
    it) — no index read: the estimate comes from the GIN expression's statistics (ANALYZE), close for one
    word; for a phrase it is the estimate of all its words anywhere (an upper bound)."""
    config = f"'{PG_CONFIG}'::regconfig"
    query = f"phraseto_tsquery({config}, :term)"
    nodes = int(session.scalar(text(f"SELECT numnode({query})"), {"term": term}) or 0)
    if nodes == 0:
        return 0, 0
    where = f"to_tsvector({config}, full_text) @@ {query}"
    sql = f"EXPLAIN (FORMAT JSON) SELECT id FROM transcripts WHERE {where}"
    plan = session.execute(text(sql), {"term": term}).scalar_one()
    return nodes, int(plan[0]["Plan"]["Plan Rows"])


def max_transcript_id(session: Session) -> int:
    """An upper bound of the number of transcripts, from the primary key's last entry (no table scan)."""
    return int(session.scalar(select(func.max(Transcript.id))) or 0)


def pg_condition(column: ColumnElement[str] | QueryableAttribute[str], term: str) -> ColumnElement[bool]:
    """``to_tsvector('russian', full_text) @@ phraseto_tsquery('russian', term)`` — the GIN index's
    expression exactly, so PostgreSQL uses it; Russian word forms match ("заявку" finds "заявка")."""
    config: ColumnElement[Any] = literal_column(f"'{PG_CONFIG}'::regconfig")
    return func.to_tsvector(config, column).op("@@")(func.phraseto_tsquery(config, term))
