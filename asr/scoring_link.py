"""The one place asr touches scoring: score a transcript with the active script version.

Imported by name at call time, so transcription works (and says why nothing was scored) in builds
without the scoring package.
"""

from __future__ import annotations

import importlib
from typing import Any

from asr.exceptions import AsrError
from storage.models import Call


def _attr(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise AsrError(f"scoring is not available in this build ({module}.{name}: {exc})") from exc


def score_document(
    doc: dict[str, Any], checklist: Any, *, script: str = "", version: int | None = None
) -> Any:
    """scoring.score_transcript on a FORMAT.md dict; returns the ScoreResult."""
    transcript = _attr("scoring.transcript", "TranscriptDoc").model_validate(
        {**doc, "script": script or None}
    )
    return _attr("scoring", "score_transcript")(transcript, checklist, script=script, version=version)


def active_script(session: Any, script: str) -> tuple[Any, Any]:
    """(ScriptVersion row, ScriptDocument) of the active version of ``script``."""
    return _attr("storage.repositories.scripts", "ScriptRepository")(session).active_document(script)


def score_and_save(session: Any, call: Call, transcript_id: int, doc: dict[str, Any], script: str) -> None:
    """Score ``doc`` against the active version of ``script`` and save the automatic evaluation."""
    version, document = active_script(session, script)
    result = score_document(doc, document.checklist, script=script, version=version.version)
    repository = _attr("storage.repositories.evaluations", "EvaluationRepository")(session)
    repository.save_auto(call, result, version.id, transcript_id)
