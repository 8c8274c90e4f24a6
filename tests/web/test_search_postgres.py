"""The search tests again on PostgreSQL (GIN on to_tsvector('russian', ...), both plans)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from sapa.wiring import App
from storage.models import Transcript
from tests.web.conftest import postgres_web_app
from tests.web.seed import Seeded
from tests.web.test_search import (  # noqa: F401
    _found,
    plan_name,
    statements,
    test_both_plans_find_the_same_calls,
    test_fts_syntax_in_the_box_is_plain_text,
    test_search_is_scoped_by_role,
    test_the_index_follows_inserts_updates_and_deletes,
    test_the_plan_follows_the_phrase_frequency,
    test_the_walking_plans_walk_the_calls_checking_each,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def web_app(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    yield from postgres_web_app(pg_url, tmp_path, monkeypatch)


def test_russian_word_forms_match(
    client_for: Callable[[str], TestClient], seeded: Seeded, web_app: App
) -> None:
    """Stemming: the GIN index's 'russian' configuration finds «тарифы» for «нового тарифа»."""
    call = seeded.calls["c-1001-1"]
    with web_app.uow() as session:
        session.execute(update(Transcript).where(Transcript.call_id == call).values(full_text="Новые тарифы"))
    assert _found(client_for("qa"), "нового тарифа") == {call}
