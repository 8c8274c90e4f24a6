"""Everything the call review page shows: transcript with evidence marks, checklist, feedback, disputes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from storage.models import (
    AuditEntry,
    Call,
    Dispute,
    Evaluation,
    Feedback,
    ItemResult,
    SurveyResponse,
    Transcript,
    User,
)
from web.queries.checklists import titles_for_version


@dataclass
class Line:
    index: int
    speaker: str
    start: float
    end: float
    parts: list[tuple[str, bool]]  # (text, highlighted); escaped by the template
    evidence_for: list[str] = field(default_factory=list)


@dataclass
class ItemView:
    row: ItemResult
    title: str
    evidence: list[dict[str, Any]]
    override_by: str = ""
    disputes: list[Dispute] = field(default_factory=list)


@dataclass
class CallReview:
    call: Call
    transcript: Transcript | None
    lines: list[Line]
    evaluation: Evaluation | None
    items: list[ItemView]
    survey: SurveyResponse | None
    feedback: list[tuple[Feedback, str]]
    audit: list[AuditEntry]


def _num(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def split_marks(text: str, needles: list[str]) -> list[tuple[str, bool]]:
    """'Добрый день' + ['день'] -> [('Добрый ', False), ('день', True)] (case-insensitive)."""
    words = [n for n in {n.strip() for n in needles} if n]
    if not words:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            parts.append((text[pos : m.start()], False))
        parts.append((m.group(0), True))
        pos = m.end()
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts or [(text, False)]


def _evidence(item: ItemResult) -> list[dict[str, Any]]:
    return [e for e in (item.evidence or []) if isinstance(e, dict)]


def build_lines(segments: list[Any], items: list[ItemResult]) -> list[Line]:
    """Transcript lines; a line is evidence when an item's evidence overlaps it in time (same speaker)."""
    hits: dict[int, tuple[list[str], list[str]]] = {}
    segs = [s for s in segments if isinstance(s, dict)]
    for item in items:
        for ev in _evidence(item):
            start, end = _num(ev.get("start")), _num(ev.get("end"), _num(ev.get("start")))
            for i, seg in enumerate(segs):
                same = not ev.get("speaker") or ev.get("speaker") == seg.get("speaker")
                if same and _num(seg.get("start")) <= end + 0.01 and _num(seg.get("end")) >= start - 0.01:
                    marks, ids = hits.setdefault(i, ([], []))
                    marks.append(str(ev.get("match") or ev.get("quote") or ""))
                    ids.append(item.item_id)
    lines = []
    for i, seg in enumerate(segs):
        marks, ids = hits.get(i, ([], []))
        text = str(seg.get("text", ""))
        lines.append(
            Line(
                i,
                str(seg.get("speaker", "unknown")),
                _num(seg.get("start")),
                _num(seg.get("end")),
                split_marks(text, marks),
                sorted(set(ids)),
            )
        )
    return lines


def _user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
    return {uid: name for uid, name in rows}


def current_evaluation(session: Session, call_id: int) -> Evaluation | None:
    stmt = (
        select(Evaluation)
        .where(Evaluation.call_id == call_id, Evaluation.is_current.is_(True))
        .order_by(case((Evaluation.kind == "human", 0), else_=1), Evaluation.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def _latest_transcript(session: Session, call_id: int) -> Transcript | None:
    stmt = (
        select(Transcript)
        .where(Transcript.call_id == call_id, Transcript.status == "done")
        .order_by(Transcript.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def _disputes(session: Session, rows: list[ItemResult]) -> list[Dispute]:
    ids = [r.id for r in rows]
    stmt = select(Dispute).where(Dispute.item_result_id.in_(ids)).order_by(Dispute.id)
    return list(session.scalars(stmt)) if ids else []


def _audit(session: Session, rows: list[ItemResult]) -> list[AuditEntry]:
    """Overrides and disputes of the call's answers (EvaluationRepository audits them as item_result)."""
    ids = [str(r.id) for r in rows]
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity_type == "item_result", AuditEntry.entity_id.in_(ids))
        .order_by(AuditEntry.id)
    )
    return list(session.scalars(stmt)) if ids else []


def load_review(session: Session, call: Call, language: str = "ru") -> CallReview:
    transcript = _latest_transcript(session, call.id)
    evaluation = current_evaluation(session, call.id)
    rows = list(evaluation.items) if evaluation else []
    titles = titles_for_version(session, evaluation.script_version_id, language) if evaluation else {}
    disputes = _disputes(session, rows)
    feedback = list(
        session.scalars(select(Feedback).where(Feedback.call_id == call.id).order_by(Feedback.id))
    )
    names = _user_names(session, {r.override_user_id for r in rows} | {f.author_user_id for f in feedback})
    items = [
        ItemView(r, titles.get(r.item_id, r.item_id), _evidence(r), names.get(r.override_user_id or 0, ""),
                 [d for d in disputes if d.item_result_id == r.id])
        for r in rows
    ]  # fmt: skip
    return CallReview(
        call=call,
        transcript=transcript,
        lines=build_lines(transcript.segments if transcript else [], rows),
        evaluation=evaluation,
        items=items,
        survey=call.survey,
        feedback=[(f, names.get(f.author_user_id or 0, "")) for f in feedback],
        audit=_audit(session, rows),
    )
