"""Transcript search through the full-text index (migration 0006) and its two plans (web.queries.search):
triggers keep the index in step, whole words case-folded, FTS syntax in the box is plain text, both plans
return the same calls in the same pages, scoped by role. tests/web/test_search_postgres.py runs these on
PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, event, update
from sqlalchemy.orm import Session

from sapa.wiring import App
from storage.models import Transcript
from tests.web.seed import Seeded
from tests.web.test_calls import cursor, ids
from web.queries import search

# FTS5 / tsquery syntax a user may type: quotes, prefix star, NEAR, NOT/minus, OR, column filter, ...
SYNTAX = ['"', "*", "-", "NEAR", "NEAR(", '"тариф', "тариф*", "-тариф", "^тариф", "(тариф)", "тариф'"]
SYNTAX += ["NEAR(тариф бирюза)", "тариф OR алло", "тариф AND", "full_text:тариф", "тариф -бирюза", "\\", "%_"]
PLAIN_TARIFF = ['"тариф', "тариф*", "-тариф", "^тариф", "(тариф)", "тариф'"]  # the word, plus syntax


def _walk(client: TestClient, q: str) -> list[list[int]]:
    """The calls found, page by page (pages of 5, newest first), following the "older" cursor."""
    response = client.get("/calls", params={"q": q})
    assert response.status_code == 200, (q, response.status_code, response.text[:300])
    pages = [ids(response.text)]
    while (nxt := cursor(response.text, "older")) is not None:
        response = client.get(nxt)
        assert response.status_code == 200, (q, nxt)
        pages.append(ids(response.text))
    return pages


def _found(client: TestClient, q: str) -> set[int]:
    return {i for page in _walk(client, q) for i in page}


def _force(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    def forced(session: Session, term: str, page_size: int) -> search.TextSearch:
        return search.TextSearch(term, session.get_bind().dialect.name, name)

    monkeypatch.setattr(search, "plan", forced)


@pytest.fixture(params=[search.SPARSE, search.WALK, search.CHECK])
def plan_name(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test once per plan."""
    _force(monkeypatch, request.param)
    return str(request.param)


def test_both_plans_find_the_same_calls(
    plan_name: str, client_for: Callable[[str], TestClient], seeded: Seeded, web_app: App
) -> None:
    qa = client_for("qa")
    greeted = {seeded.calls[f"c-{ext}-{k}"] for ext in ("1001", "1002", "2001") for k in (0, 2)}
    assert _found(qa, "ЗДРАВСТВУЙТЕ, служба") == greeted  # case-folded, punctuation ignored
    assert _found(qa, "служба здравствуйте") == set()  # a phrase: word order counts
    if web_app.engine.dialect.name == "sqlite":
        assert _found(qa, "здравств") == set()  # whole words (PostgreSQL stems: «здравств» is the stem)
    assert _found(qa, "%") == set()
    pages = _walk(qa, "здравствуйте")  # pages of 5, newest first, each call once
    assert [len(p) for p in pages] == [5, 1] and {i for p in pages for i in p} == greeted


def test_fts_syntax_in_the_box_is_plain_text(
    plan_name: str, client_for: Callable[[str], TestClient], seeded: Seeded, web_app: App
) -> None:
    call = seeded.calls["c-1002-1"]
    with web_app.uow() as session:
        session.execute(
            update(Transcript).where(Transcript.call_id == call).values(full_text="Новый тариф Бирюза")
        )
    qa = client_for("qa")
    for q in SYNTAX:
        _found(qa, q)  # 200, not a syntax error
    for q in PLAIN_TARIFF:
        assert _found(qa, q) == {call}, q


def test_search_is_scoped_by_role(
    plan_name: str, client_for: Callable[[str], TestClient], seeded: Seeded
) -> None:
    north = {seeded.calls[f"c-{ext}-{k}"] for ext in ("1001", "1002") for k in (0, 2)}
    assert _found(client_for("lead"), "здравствуйте") == north
    assert _found(client_for("agent1"), "здравствуйте") == {seeded.calls[f"c-1001-{k}"] for k in (0, 2)}
    assert _found(client_for("agent3"), "алло") == {seeded.calls["c-2001-1"]}


def test_the_plan_follows_the_phrase_frequency(
    web_app: App, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    formula = search.threshold
    assert formula(50, 10**6, 1) > formula(50, 10**4, 1) >= search.MIN_WALK  # grows as √n
    with web_app.uow() as session:
        if web_app.engine.dialect.name == "sqlite":  # from 2 matches walk, from 6 (of 9) check
            monkeypatch.setattr(search, "threshold", lambda p, n, k: 2 if k == search.SQLITE_WALK_K else 6)
            assert search.plan(session, "здравствуйте", 6).plan == search.CHECK  # in 6 transcripts
            assert search.plan(session, "алло", 6).plan == search.WALK  # in 3
            assert search.plan(session, "бирюза", 6).plan == search.SPARSE  # in none
        else:  # a word estimated above the check threshold: check (a phrase: sparse); below it: counted
            monkeypatch.setattr(search, "threshold", lambda p, n, k: 1)
            assert search.plan(session, "здравствуйте", 6).plan == search.CHECK
            assert search.plan(session, "служба поддержки", 6).plan == search.SPARSE
            monkeypatch.setattr(search, "threshold", lambda p, n, k: 2 if k == search.PG_WALK_K else 10**9)
            assert search.plan(session, "служба поддержки", 6).plan == search.WALK  # in 6
            assert search.plan(session, "алло", 6).plan == search.WALK  # in 3
            assert search.plan(session, "бирюза", 6).plan == search.SPARSE  # in none (estimated 1+)
            monkeypatch.setattr(search, "threshold", lambda p, n, k: 10**9)
            assert search.plan(session, "здравствуйте", 6).plan == search.SPARSE


@pytest.fixture
def statements(web_app: App) -> Iterator[list[tuple[str, Any]]]:
    """SQL the app runs (statement, parameters) while the test makes requests."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    engine = web_app.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_the_walking_plans_walk_the_calls_checking_each(
    client_for: Callable[[str], TestClient],
    seeded: Seeded,
    web_app: App,
    statements: list[tuple[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The page stops after P matches: the calls are read in index order (SQLite: no sort of all matches;
    PostgreSQL: the match is a per-row filter — a hash built once, or a per-call SubPlan — not a join)."""
    sqlite = web_app.engine.dialect.name == "sqlite"
    for name in (search.WALK, search.CHECK):
        statements.clear()
        _force(monkeypatch, name)
        assert _found(client_for("qa"), "здравствуйте")
        detail = _plan_of_the_page(web_app, statements)
        if sqlite:
            assert "ix_calls_started_at" in detail and "TEMP B-TREE" not in detail, detail
            if name == search.WALK:  # the match list is read once, not per call
                assert "LIST SUBQUERY" in detail and "CORRELATED LIST" not in detail, detail
        elif name == search.WALK:
            assert "Filter: ((hashed SubPlan" in detail and "Semi Join" not in detail, detail
        else:
            assert "Filter: (COALESCE((SubPlan" in detail and "Semi Join" not in detail, detail


def _plan_of_the_page(web_app: App, statements: list[tuple[str, Any]]) -> str:
    listed = [(s, p) for s, p in statements if "ORDER BY calls.started_at DESC" in s]
    assert listed  # one per page
    explain = "EXPLAIN QUERY PLAN " if web_app.engine.dialect.name == "sqlite" else "EXPLAIN "
    with web_app.engine.connect() as conn:
        rows = conn.exec_driver_sql(explain + listed[0][0], listed[0][1])
        return " | ".join(str(r[-1]) for r in rows)


def test_the_index_follows_inserts_updates_and_deletes(
    client_for: Callable[[str], TestClient], seeded: Seeded, web_app: App
) -> None:
    qa = client_for("qa")
    call = seeded.calls["c-1001-1"]
    with web_app.uow() as session:
        session.execute(
            update(Transcript).where(Transcript.call_id == call).values(full_text="Новый тариф Бирюза")
        )
    assert _found(qa, "тариф бирюза") == {call}
    assert call not in _found(qa, "алло")
    with web_app.uow() as session:
        session.execute(delete(Transcript).where(Transcript.call_id == call))
    assert _found(qa, "тариф бирюза") == set()
    with web_app.uow() as session:
        session.add(Transcript(call_id=call, engine="import", segments=[], full_text="снова бирюза"))
    assert _found(qa, "бирюза") == {call}
