"""EvaluationRepository on SQLite and PostgreSQL: save, current, override with recompute and audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dialogue import default_script_path
from qa.catalogue import import_script
from qa.service import override
from sapa.wiring import App
from scoring import score_transcript
from storage.exceptions import NotFound, StorageError
from storage.models import Evaluation, Role
from storage.repositories.audit import AuditRepository
from storage.repositories.calls import CallRepository
from storage.repositories.evaluations import EvaluationRepository
from storage.repositories.org import UserRepository
from tests.scoring.helpers import default_checklist, doc

TURNS = [
    ("a", "Здравствуйте, служба поддержки, меня зовут Олег."),
    ("c", "Не могу войти."),
    ("a", "Назовите ваш логин. Продиктуйте и пароль, пожалуйста."),
]


def _user(app: App) -> int:
    with app.uow() as session:
        return UserRepository(session).add("qa1", "long-enough-password", Role.QA).id


def _save(app: App) -> tuple[int, int]:
    call_doc = doc(*TURNS, call_id="c-77")
    with app.uow() as session:
        version = import_script(
            session, default_script_path().read_text(encoding="utf-8"), "test", activate=True
        )
        result = score_transcript(call_doc, default_checklist(), script="support-first-line", version=1)
        call = CallRepository(session).get_or_create("c-77")
        repo = EvaluationRepository(session)
        first = repo.save_auto(call, result, version.id)
        second = repo.save_auto(call, result, version.id)
        assert first.id != second.id
        return call.id, second.id


def test_save_auto_keeps_one_current(app: App) -> None:
    call_id, eval_id = _save(app)
    with app.uow() as session:
        current = EvaluationRepository(session).current_for_call(call_id)
        assert current is not None and current.id == eval_id and current.kind == "auto"
        assert current.passed is False and current.critical_failures == 1 and current.score == 0.0
        items = {r.item_id: r for r in current.items}
        assert items["no_password_request"].passed is False and items["no_password_request"].evidence
        assert items["greeting"].auto_passed is True and "agent_silence" in items
        flags = session.scalars(select(Evaluation.is_current).where(Evaluation.call_id == call_id)).all()
        assert sorted(flags) == [False, True]


def test_override_recomputes_and_audits(app: App) -> None:
    call_id, _ = _save(app)
    user_id = _user(app)
    with app.uow() as session:
        repo = EvaluationRepository(session)
        current = repo.current_for_call(call_id)
        assert current is not None
        row = next(r for r in current.items if r.item_id == "no_password_request")
        user = UserRepository(session).get(user_id)
        assert user is not None
        with pytest.raises(StorageError):
            override(session, row.id, True, "  ", user)
        override(session, row.id, True, "the agent asked for the login only", user)
        assert row.passed is True and row.auto_passed is False and row.overridden
        assert current.critical_failures == 0 and current.score > 0
        entry = AuditRepository(session).for_entity("item_result", row.id)[0]
        assert entry.action == "evaluation.override" and entry.details["from"] is False
        with pytest.raises(NotFound):
            override(session, 999999, True, "x", user)


def test_unscored_lists_transcribed_calls_without_a_current_evaluation(app: App) -> None:
    from storage.repositories.transcripts import TranscriptRepository

    segments = [s.model_dump() for s in doc(*TURNS).segments]
    with app.uow() as session:
        call = CallRepository(session).get_or_create("asr-1")
        TranscriptRepository(session).save(call, engine="vosk", segments=segments)
        repo = EvaluationRepository(session)
        assert [(c.external_id, len(t.segments)) for c, t in repo.unscored()] == [("asr-1", 3)]
        result = score_transcript(doc(*TURNS, call_id="asr-1"), default_checklist())
        repo.save_auto(call, result, None)
        assert repo.unscored() == []
