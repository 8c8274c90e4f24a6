"""Transcript search through the full-text index (migration 0005): triggers keep it in step, whole
words case-folded, and the common-phrase plan returns what the rare-phrase plan returns."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, update

from sapa.wiring import App
from storage import fulltext
from storage.models import Transcript
from tests.web.seed import Seeded

ROW = re.compile(r'<a href="/calls/(\d+)">')


def _found(client: TestClient, q: str) -> set[int]:
    return {int(i) for i in ROW.findall(client.get("/calls", params={"q": q}).text)}


@pytest.mark.parametrize("common_at", [1, 10**9])
def test_both_plans_find_the_same_calls(
    common_at: int,
    client_for: Callable[[str], TestClient],
    seeded: Seeded,
    web_app: App,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fulltext, "COMMON_AT", common_at)
    monkeypatch.setattr(web_app.settings.web, "page_size", 50)
    qa = client_for("qa")
    greeted = {seeded.calls[f"c-{ext}-{k}"] for ext in ("1001", "1002", "2001") for k in (0, 2)}
    assert _found(qa, "ЗДРАВСТВУЙТЕ, служба") == greeted  # case-folded, punctuation ignored
    assert _found(qa, "служба здравствуйте") == set()  # a phrase: word order counts
    assert _found(qa, "здравств") == set()  # whole words
    assert _found(qa, "%") == set()


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
