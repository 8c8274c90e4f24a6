"""One journal step applied to the database (idempotent: values are set, never added)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from ivr.survey.journal import Entry
from storage.models import SurveyResponse
from storage.repositories.surveys import SurveyRepository

log = logging.getLogger(__name__)


def apply_step(
    repo: SurveyRepository,
    entry: Entry,
    known: Mapping[tuple[str, str], int] | None = None,
    learned: dict[tuple[str, str], int] | None = None,
) -> bool:
    """Apply one journal step; applying it again changes nothing (values are set, not added).
    ``known`` row ids make a record/finish one UPDATE; rows found or created go to ``learned``.
    False: the call's one survey row belongs to another session (another FastAGI server rated the
    same call): this step is a duplicate and is not stored (the caller keeps it in duplicates.jsonl)."""
    key = (entry["call"], entry["t"])
    fast = entry["op"] in ("record", "finish")
    if known and fast and key in known and _update(repo.session, known[key], entry):
        return True
    call, started = entry["call"], datetime.fromisoformat(entry["t"])
    row = repo.by_call(call)
    if row is None:
        row = repo.begin(call, started_at=started, **entry.get("fields", {}))
    elif not _same_session(row, started):
        return False
    if learned is not None:
        learned[key] = row.id
    if entry["op"] == "record":
        repo.record(row.id, entry["rating"], entry["attempts"])
    elif entry["op"] == "answer":  # a survey-set question after the rating; a repeat replaces it
        repo.answer(row.id, entry["question"], entry["kind"], int(entry["value"]))
    elif entry["op"] == "finish":
        at = datetime.fromisoformat(entry["at"])
        repo.finish(
            row.id,
            entry["status"],
            rating=entry["rating"],
            attempts=entry["attempts"],
            comment_path=entry["comment_path"],
            skip_reason=entry["skip_reason"],
            finished_at=at,
        )
    return True


def _update(session: Session, response_id: int, entry: Entry) -> bool:
    """record/finish as one UPDATE of a row known to be this session's; False when it is gone."""
    values: dict[str, Any] = {}
    if entry["op"] == "record":
        if not 1 <= int(entry["rating"]) <= 5:
            raise ValueError(f"rating must be 1-5, got {entry['rating']}")
        values = {"rating": entry["rating"], "attempts": entry["attempts"]}
    else:
        values = {"status": entry["status"], "skip_reason": entry["skip_reason"]}
        values["finished_at"] = datetime.fromisoformat(entry["at"])
        optional = {"rating": "rating", "attempts": "attempts", "comment_path": "comment_recording_path"}
        values |= {column: entry[k] for k, column in optional.items() if entry.get(k) is not None}
    stmt = update(SurveyResponse).where(SurveyResponse.id == response_id).values(**values)
    return bool(session.execute(stmt).rowcount == 1)  # type: ignore[attr-defined]


def _same_session(row: SurveyResponse, started: datetime) -> bool:
    """The row was created by this journal session: the same start time to the microsecond (both databases
    keep microseconds; columns are naive UTC). Two FastAGI servers answering the same call start their
    sessions a few hundred microseconds apart, so any tolerance here would merge them (seen at 1.9 ms)."""
    return row.started_at.replace(tzinfo=None) == started.replace(tzinfo=None)
