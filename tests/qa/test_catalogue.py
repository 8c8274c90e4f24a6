"""qa.catalogue: one parse per content hash (shared across threads, bounded), titles of stored versions,
and a stored version that no longer validates shown by item ids instead of failing the page."""

from __future__ import annotations

import threading

import pytest

from dialogue import ScriptValidationError
from qa.catalogue import (
    ScriptCatalogue,
    active_document,
    active_titles,
    import_script,
    version_titles,
)
from sapa.wiring import App
from storage.repositories.scripts import ScriptRepository
from tests.dialogue.scripts import GOOD, edit

RETITLED = edit("title: Greets the caller", "title: Says hello first")


def test_one_document_per_content_hash_across_threads() -> None:
    catalogue = ScriptCatalogue(maxsize=2)
    seen: list[object] = []
    start = threading.Barrier(6)

    def parse() -> None:
        start.wait()
        seen.append(catalogue.parse(GOOD, "tiny.yaml"))

    threads = [threading.Thread(target=parse) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 6 and all(doc == seen[0] for doc in seen)
    assert catalogue.parse(GOOD, "again") is catalogue.parse(GOOD, "and again")  # cached by content
    catalogue.parse(RETITLED, "b")
    catalogue.parse(edit("title: Tiny test script", "title: Third"), "c")
    assert len(catalogue._docs) == 2  # bounded
    with pytest.raises(ScriptValidationError):
        catalogue.parse("name: [", "broken.yaml")


def test_titles_of_versions_and_of_active_scripts(app: App) -> None:
    with app.uow() as session:
        first = import_script(session, GOOD, "a", activate=True)
        second = import_script(session, RETITLED, "a")
        assert version_titles(session, first.id)["greeting"] == "Greets the caller"
        assert version_titles(session, second.id)["greeting"] == "Says hello first"
        assert active_titles(session) == {
            "greeting": "Greets the caller",
            "no_password_request": "Never asks for the password",
        }
        assert version_titles(session, None) == {} and version_titles(session, 999999) == {}
        row, doc = active_document(session, "tiny")
        assert row.id == first.id and doc.name == "tiny"


def test_a_stored_version_that_no_longer_validates_shows_ids(app: App) -> None:
    with app.uow() as session:
        # stored directly (e.g. before a stricter schema): storage itself does not validate
        row = ScriptRepository(session).add_version(
            GOOD.replace("kind: stage", "kind: stagee"), name="tiny", title="Tiny", author="old"
        )
        assert version_titles(session, row.id) == {}
        with pytest.raises(ScriptValidationError):
            import_script(session, GOOD.replace("kind: stage", "kind: stagee"), "a")
