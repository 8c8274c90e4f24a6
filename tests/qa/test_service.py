"""qa.service on SQLite and PostgreSQL: score_and_store, override with recompute and audit, and the
fallback scoring rule for an evaluation whose script version is unknown."""

from __future__ import annotations

import pytest

from dialogue import default_script_path
from qa.catalogue import import_script
from qa.service import override, recompute, score_and_store
from sapa.wiring import App
from scoring import ItemAnswer, ScoreResult
from storage.exceptions import NotFound
from storage.models import Evaluation, Role, Transcript
from storage.repositories.audit import AuditRepository
from storage.repositories.calls import CallRepository
from storage.repositories.evaluations import EvaluationRepository
from storage.repositories.org import UserRepository
from tests.dialogue.scripts import GOOD
from tests.scoring.helpers import doc

TURNS = [
    ("a", "Здравствуйте, служба поддержки, меня зовут Олег."),
    ("c", "Не могу войти."),
    ("a", "Назовите ваш логин. Продиктуйте и пароль, пожалуйста."),
]


def _qa_user(session: object) -> object:
    return UserRepository(session).add("qa1", "long-enough-password", Role.QA)  # type: ignore[arg-type]


def test_score_and_store_stores_call_transcript_and_evaluation(app: App) -> None:
    with app.uow() as session:
        import_script(session, default_script_path().read_text(encoding="utf-8"), "test", activate=True)
        stored = score_and_store(
            session, doc(*TURNS, call_id="c-1"), "support-first-line", agent_extension="1001"
        )
    with app.uow() as session:
        evaluation = session.get(Evaluation, stored.evaluation_id)
        transcript = session.get(Transcript, stored.transcript_id)
        assert evaluation is not None and transcript is not None
        assert evaluation.call_id == stored.call_id == transcript.call_id
        assert evaluation.transcript_id == transcript.id and evaluation.score == stored.result.score
        assert [s["text"] for s in transcript.segments] == [t for _, t in TURNS]
        call = CallRepository(session).by_external_id("c-1")
        assert call is not None and call.id == stored.call_id


def test_score_and_store_needs_an_active_script(app: App) -> None:
    with app.uow() as session:
        with pytest.raises(NotFound, match="'nope' has no active version"):
            score_and_store(session, doc(*TURNS, call_id="c-2"), "nope")
        import_script(session, GOOD, "test")  # imported, never activated
        with pytest.raises(NotFound, match="has no active version"):
            score_and_store(session, doc(*TURNS, call_id="c-2"), "tiny")
        assert CallRepository(session).by_external_id("c-2") is None  # nothing stored


def test_override_recomputes_with_the_checklist_and_audits(app: App) -> None:
    with app.uow() as session:
        import_script(session, default_script_path().read_text(encoding="utf-8"), "test", activate=True)
        stored = score_and_store(session, doc(*TURNS, call_id="c-3"), "support-first-line")
        user = _qa_user(session)
        evaluation = session.get(Evaluation, stored.evaluation_id)
        assert evaluation is not None and evaluation.score == 0.0 and evaluation.critical_failures == 1
        row = next(r for r in evaluation.items if r.item_id == "no_password_request")
        override(session, row.id, True, "the agent asked for the login only", user)  # type: ignore[arg-type]
        assert row.passed is True and row.auto_passed is False and row.overridden
        assert evaluation.critical_failures == 0 and evaluation.score > 0
        entry = AuditRepository(session).for_entity("item_result", row.id)[0]
        assert entry.action == "evaluation.override" and entry.details["from"] is False
        assert entry.details["score"] == [0.0, evaluation.score]


def _answer(item_id: str, weight: float, criticality: str = "business") -> ItemAnswer:
    return ItemAnswer(item_id, True, weight, criticality, "stage")


def test_without_a_script_version_the_default_rules_apply(app: App) -> None:
    """The fallback recompute path: the rows' own weights, pass mark 80 (ScoringRules' default),
    regulator failures score 0. Fails if any of these change."""
    answers = [_answer("a", 799), _answer("b", 1), _answer("c", 200), _answer("law", 0, "regulator")]
    result = ScoreResult("c-4", "", None, 100.0, True, [], {a.item_id: a for a in answers}, {}, {})
    with app.uow() as session:
        call = CallRepository(session).get_or_create("c-4")
        evaluation = EvaluationRepository(session).save_auto(call, result, None)
        user = _qa_user(session)
        rows = {r.item_id: r for r in evaluation.items}
        override(session, rows["c"].id, False, "no summary", user)  # type: ignore[arg-type]
        assert (evaluation.score, evaluation.passed) == (80.0, True)  # exactly the pass mark passes
        override(session, rows["b"].id, False, "no name", user)  # type: ignore[arg-type]
        assert (evaluation.score, evaluation.passed) == (79.9, False)  # just below it fails
        override(session, rows["b"].id, None, "not applicable", user)  # type: ignore[arg-type]
        assert evaluation.score == round(100 * 799 / 999, 1) and evaluation.passed is True
        override(session, rows["law"].id, False, "password asked", user)  # type: ignore[arg-type]
        assert (evaluation.score, evaluation.passed, evaluation.critical_failures) == (0.0, False, 1)
        assert recompute(session, evaluation) == 0.0
