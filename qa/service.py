"""The evaluation service: a transcript → a stored, scored evaluation; a human override → a new score.

Used by ingest and the demo (through the composition root, ``sapa``), by ``sapa score --save`` and by the
web. Scoring computes (``scoring.score_transcript`` / ``scoring.recompute``: the one scoring rule),
storage persists, this module decides what is stored together: the call, its transcript, the automatic
evaluation of that transcript and, on override, the new score with its audit record.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from qa.catalogue import CATALOGUE, ScriptCatalogue, active_document, version_document
from qa.exceptions import NoChecklist
from scoring import ScoreResult, Segment, TranscriptDoc, score_transcript
from scoring import recompute as score_rule
from storage.models import Call, Evaluation, ItemResult, User
from storage.repositories.audit import AuditRepository
from storage.repositories.calls import CallRepository
from storage.repositories.evaluations import EvaluationRepository
from storage.repositories.scripts import ScriptRepository
from storage.repositories.transcripts import TranscriptRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    """What ``score_and_store`` wrote."""

    result: ScoreResult
    call_id: int
    transcript_id: int
    evaluation_id: int


def score_and_store(
    session: Session,
    doc: TranscriptDoc,
    script: str,
    *,
    call: Call | None = None,
    transcript_id: int | None = None,
    agent_extension: str | None = None,
    engine: str = "import",
    catalogue: ScriptCatalogue = CATALOGUE,
) -> Stored:
    """Score ``doc`` with the ACTIVE version of ``script`` and store the automatic evaluation.

    ``call``: the stored call (else found by ``doc.call_id`` or created with ``agent_extension``).
    ``transcript_id``: the stored transcript ``doc`` came from; without one, ``doc`` itself is stored as
    the call's transcript (``engine``), so the call page shows the words the evidence points into.
    """
    version, document = active_document(session, script, catalogue)
    if document.checklist is None:
        raise NoChecklist(f"active version {version.version} of {script} has no checklist")
    result = score_transcript(doc, document.checklist, script=script, version=version.version)
    if call is None:
        calls = CallRepository(session)
        call = calls.by_external_id(doc.call_id) or calls.get_or_create(
            doc.call_id, agent_extension=agent_extension, language=doc.language
        )
    if transcript_id is None:
        transcript_id = store_transcript(session, call, doc, engine=engine)
    evaluation = EvaluationRepository(session).save_auto(call, result, version.id, transcript_id)
    return Stored(result, call.id, transcript_id, evaluation.id)


def store_transcript(session: Session, call: Call, doc: TranscriptDoc, *, engine: str = "import") -> int:
    """Store ``doc`` (already redacted by the caller if it needs to be) as a transcript of ``call``."""
    segments = [s.model_dump(exclude_none=True) for s in doc.segments]
    language = doc.language if doc.language in ("ru", "kk") else (call.language or "ru")
    transcript = TranscriptRepository(session).save(
        call, engine=engine, language=language, segments=segments, metrics=dict(doc.metrics or {})
    )
    return transcript.id


def recompute(session: Session, evaluation: Evaluation, catalogue: ScriptCatalogue = CATALOGUE) -> float:
    """Re-derive and store the evaluation's score, pass and critical failures from its item rows, with
    the checklist of its script version (or, when that is unknown, the rows' own weights); the new score.
    """
    document = version_document(session, evaluation.script_version_id, catalogue)
    checklist = document.checklist if document is not None else None
    score, passed, critical = score_rule(evaluation.items, checklist)
    EvaluationRepository(session).set_score(evaluation, score, passed, critical)
    return score


def override(
    session: Session,
    item_result_id: int,
    passed: bool | None,
    comment: str,
    user: User,
    catalogue: ScriptCatalogue = CATALOGUE,
) -> ItemResult:
    """A QA specialist's answer replaces the automatic one; the score is recomputed and the change
    audited (who, from, to, the automatic answer, the comment, the score before and after)."""
    repo = EvaluationRepository(session)
    before = repo.get_item(item_result_id).passed
    row = repo.record_override(item_result_id, passed, comment, user)
    evaluation = row.evaluation
    old_score = evaluation.score
    recompute(session, evaluation, catalogue)
    AuditRepository(session).record(
        user.username,
        "evaluation.override",
        "item_result",
        row.id,
        _audit_detail(row, evaluation, before, passed, old_score),
        actor_user_id=user.id,
    )
    return row


def _audit_detail(
    row: ItemResult, evaluation: Evaluation, before: bool | None, after: bool | None, old_score: float
) -> dict[str, Any]:
    return {
        "evaluation_id": evaluation.id,
        "item_id": row.item_id,
        "from": before,
        "to": after,
        "auto": row.auto_passed,
        "comment": row.override_comment,
        "score": [old_score, evaluation.score],
    }


def stages_heard(segments: list[dict[str, Any]], language: str, document: Any) -> list[str]:
    """Ids of the checklist stage items the scorer finds in what was said so far (live listening)."""
    doc = TranscriptDoc.model_validate({"call_id": "live", "language": language, "segments": segments})
    result = score_transcript(doc, document.checklist)
    stages = {item.id for item in document.checklist.items if item.kind == "stage"}
    return [item_id for item_id, answer in result.items.items() if item_id in stages and answer.passed]


def warm_up(session: Session, catalogue: ScriptCatalogue = CATALOGUE) -> int:
    """Parse and compile the active version of every script and load the word analyser, by scoring a
    two-line call in each language (nothing is stored): a worker pays this at start-up, not in its first
    job. Returns how many checklists were compiled."""
    warmed = 0
    for row in ScriptRepository(session).active_versions():
        checklist = catalogue.document(row).checklist
        if checklist is None:
            continue
        for language in ("ru", "kk"):
            segments = [
                Segment(speaker="agent", start=0.0, end=2.0, text="Здравствуйте, чем могу помочь?"),
                Segment(speaker="caller", start=2.5, end=4.0, text="Добрый день, спасибо."),
            ]
            doc = TranscriptDoc(call_id="warm-up", language=language, segments=segments)
            score_transcript(doc, checklist, script=row.script.name, version=row.version)
        warmed += 1
    return warmed
