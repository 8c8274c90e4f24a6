"""Script versions on SQLite and PostgreSQL: import, activation, roll back, history, diff, audit,
immutability, and invalid scripts never stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from dialogue import ScriptValidationError
from qa.catalogue import active_document, import_script
from sapa.bootstrap import load_default_data
from sapa.wiring import App
from storage.exceptions import ImmutableRow, NotFound
from storage.models import AuditEntry, DialogueScript, ScriptVersion
from storage.repositories.audit import AuditRepository
from storage.repositories.scripts import ScriptRepository, content_hash
from tests.dialogue.scripts import GOOD, at, edit

V2 = edit("      attempts: 2\n      invalid", "      attempts: 3\n      invalid")
V3 = edit("    ru: До свидания", "    ru: Всего доброго")


def test_import_history_activate_rollback_and_audit(app: App) -> None:
    with app.uow() as session:
        repo = ScriptRepository(session)
        first = import_script(session, GOOD, "aigul", "first draft", activate=True)
        import_script(session, V2, "aigul", "three attempts")
        import_script(session, V3, "daniyar", "kinder goodbye", activate=True)
    with app.uow() as session:
        repo = ScriptRepository(session)
        history = repo.history("tiny")
        assert [(v.version, v.author, v.comment) for v in history] == [
            (1, "aigul", "first draft"),
            (2, "aigul", "three attempts"),
            (3, "daniyar", "kinder goodbye"),
        ]
        assert (
            history[0].content == GOOD and history[0].content_hash == content_hash(GOOD) == first.content_hash
        )
        assert history[0].created_at.tzinfo is not None
        active = repo.active_version("tiny")
        assert active is not None and active.version == 3
        repo.activate("tiny", 1, "lead")  # roll back
    with app.uow() as session:
        repo = ScriptRepository(session)
        row, doc = active_document(session, "tiny")
        assert row.version == 1 and doc.prompts["bye"]["ru"] == "До свидания"
        actions = [
            (e.actor, e.action, e.details["version"])
            for e in AuditRepository(session).for_entity("dialogue_script", "tiny")
        ]
    assert actions == [
        ("aigul", "script.import", 1),
        ("aigul", "script.activate", 1),
        ("aigul", "script.import", 2),
        ("daniyar", "script.import", 3),
        ("daniyar", "script.activate", 3),
        ("lead", "script.rollback", 1),
    ]


def test_same_content_is_not_a_new_version_and_one_active(app: App) -> None:
    with app.uow() as session:
        repo = ScriptRepository(session)
        import_script(session, GOOD, "a", activate=True)
        import_script(session, V2, "a", activate=True)
        again = import_script(session, GOOD, "b", "same again")
        assert again.version == 1
        repo.activate("tiny", 2, "a")  # already active: nothing changes, nothing audited
    with app.uow() as session:
        assert session.scalar(select(func.count()).select_from(ScriptVersion)) == 2
        script = session.scalars(select(DialogueScript)).one()
        assert script.active_version is not None and script.active_version.version == 2
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 4


def test_invalid_script_is_never_stored(app: App) -> None:
    broken = edit("start: hello", "start: nowhere")
    with app.uow() as session:
        import_script(session, GOOD, "a")
    with pytest.raises(ScriptValidationError) as caught, app.uow() as session:
        import_script(session, broken, "a", source="tiny.yaml")
    line, column = at(broken, "start: nowhere")
    assert str(caught.value) == f"tiny.yaml:{line}:{column}: unknown node 'nowhere' referenced as start"
    with app.uow() as session:
        assert [v.version for v in ScriptRepository(session).history("tiny")] == [1]
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_versions_are_immutable(app: App) -> None:
    with app.uow() as session:
        import_script(session, GOOD, "a")
    with pytest.raises(ImmutableRow), app.uow() as session:
        row = ScriptRepository(session).get_version("tiny", 1)
        row.content = "name: hacked"
        session.flush()
    with pytest.raises(ImmutableRow), app.uow() as session:
        session.execute(update(ScriptVersion).values(author="mallory"))
    with app.uow() as session:
        row = ScriptRepository(session).get_version("tiny", 1)
        assert row.content == GOOD and row.author == "a"


def test_diff_is_readable(app: App) -> None:
    with app.uow() as session:
        repo = ScriptRepository(session)
        import_script(session, GOOD, "aigul")
        import_script(session, V3, "daniyar")
        text = repo.diff("tiny", 1, 3 - 1)
        assert repo.diff("tiny", 1, 1) == ""
    lines = text.splitlines()
    assert lines[0].startswith("--- tiny v1 (aigul, ") and lines[1].startswith("+++ tiny v2 (daniyar, ")
    assert "-    ru: До свидания" in lines and "+    ru: Всего доброго" in lines
    assert sum(1 for line in lines if line[:1] in "+-" and not line.startswith(("---", "+++"))) == 2


def test_unknown_names_and_versions(app: App) -> None:
    with app.uow() as session:
        repo = ScriptRepository(session)
        with pytest.raises(NotFound, match="no dialogue script named 'nope'"):
            repo.history("nope")
        import_script(session, GOOD, "a")
        with pytest.raises(NotFound, match="has no version 7"):
            repo.activate("tiny", 7, "a")
        assert repo.active_version("tiny") is None
        with pytest.raises(NotFound, match="no active version"):
            active_document(session, "tiny")


def test_default_data_loads_the_default_script_idempotently(app: App) -> None:
    load_default_data(app)
    with app.uow() as session:
        repo = ScriptRepository(session)
        active = repo.active_version("support-first-line")
        assert active is not None and active.version == 1 and active.author == "sapa init"
        import_script(session, GOOD.replace("name: tiny", "name: support-first-line"), "admin", activate=True)
    load_default_data(app)  # again: nothing new, and the admin's active version 2 is kept
    with app.uow() as session:
        repo = ScriptRepository(session)
        assert [v.version for v in repo.history("support-first-line")] == [1, 2]
        active = repo.active_version("support-first-line")
        assert active is not None and active.version == 2
