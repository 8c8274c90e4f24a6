"""Post-call survey responses: one per call (unique ``survey_responses.call_id``), and their export."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from storage.exceptions import AlreadyExists, NotFound
from storage.models import ANSWER_KINDS, Agent, Call, Queue, SurveyAnswer, SurveyResponse, utcnow
from storage.repositories.calls import CallRepository
from storage.survey_evidence import verification

log = logging.getLogger(__name__)

EXPORT_FIELDS = (
    "call_id",
    "agent",
    "agent_name",
    "agent_registered",
    "queue",
    "rating",
    "status",
    "skip_reason",
    "attempts",
    "language",
    "channel",
    "started_at",
    "finished_at",
    "comment_recording_path",
    "verified",  # true | false | pending: does the PBX's recording corroborate the call (survey_evidence)
    "resolved",  # yes | no | empty: the answer to a survey set's "was your issue resolved?"
    "nps",  # 0-10 | empty: the answer to a survey set's NPS question
    "answers",  # every survey-set answer but the rating: {question id: value} (CSV: id=value;...)
)


class DuplicateSurvey(AlreadyExists):
    """The call already has a survey response; a second rating is refused."""


class SurveyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def begin(
        self,
        external_id: str,
        *,
        agent_extension: str | None = None,
        queue: str | None = None,
        language: str = "ru",
        call_language: str | None = None,
        channel: str = "asterisk",
        started_at: datetime | None = None,
        **call_fields: Any,
    ) -> SurveyResponse:
        """Claim the call's one survey (status ``error`` until finished). DuplicateSurvey if taken.

        ``language`` is the survey's prompt language; ``call_language`` the language the caller chose
        (IVR menu, dialplan ``lang=``), stored as the call's language so ingest transcribes in it.
        """
        calls = CallRepository(self.session)
        call = calls.get_or_create(
            external_id, agent_extension=agent_extension, queue=queue, language=call_language, **call_fields
        )
        taken = self.session.scalar(select(SurveyResponse.id).where(SurveyResponse.call_id == call.id))
        if taken is not None:
            log.warning("second survey for call %s refused (response %s exists)", external_id, taken)
            raise DuplicateSurvey(f"call {external_id} already has a survey response")
        response = SurveyResponse(
            call_id=call.id,
            agent_id=call.agent_id,
            queue_id=call.queue_id,
            channel=channel,
            status="error",
            language=language,
            started_at=started_at or utcnow(),
        )
        self.session.add(response)
        self.session.flush()
        return response

    def get(self, response_id: int) -> SurveyResponse:
        response = self.session.get(SurveyResponse, response_id)
        if response is None:
            raise NotFound(f"survey response {response_id} not found")
        return response

    def by_call(self, external_id: str) -> SurveyResponse | None:
        stmt = select(SurveyResponse).join(Call).where(Call.external_id == external_id)
        return self.session.scalar(stmt)

    def record(self, response_id: int, rating: int, attempts: int) -> SurveyResponse:
        """Store the rating as soon as it is given (kept even if the caller hangs up afterwards)."""
        if not 1 <= rating <= 5:
            raise ValueError(f"rating must be 1-5, got {rating}")
        response = self.get(response_id)
        response.rating, response.attempts = rating, attempts
        self.session.flush()
        return response

    def answer(self, response_id: int, question_id: str, kind: str, value: int) -> SurveyAnswer:
        """One survey-set answer (resolved 1/0, nps 0-10, ...); a repeated question id replaces it."""
        if kind not in ANSWER_KINDS or not 0 <= value <= 10:
            raise ValueError(f"bad survey answer {kind}={value}")
        response = self.get(response_id)
        row = self.session.scalar(
            select(SurveyAnswer).where(
                SurveyAnswer.survey_response_id == response_id, SurveyAnswer.question_id == question_id
            )
        )
        if row is None:
            row = SurveyAnswer(
                survey_response_id=response_id, call_id=response.call_id, question_id=question_id
            )
            self.session.add(row)
        row.kind, row.value, row.answered_at = kind, value, utcnow()
        self.session.flush()
        return row

    def finish(
        self,
        response_id: int,
        status: str,
        *,
        rating: int | None = None,
        attempts: int | None = None,
        comment_path: str | None = None,
        skip_reason: str | None = None,
        finished_at: datetime | None = None,
    ) -> SurveyResponse:
        response = self.get(response_id)
        response.status = status
        if rating is not None:
            response.rating = rating
        if attempts is not None:
            response.attempts = attempts
        response.comment_recording_path = comment_path or response.comment_recording_path
        response.skip_reason = skip_reason
        response.finished_at = finished_at or utcnow()
        self.session.flush()
        return response

    def export(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        verify_after_hours: float = 24.0,
        now: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Rows of EXPORT_FIELDS ordered by start time; ``since`` inclusive, ``until`` exclusive.

        ``verified`` is pending until ``verify_after_hours`` after the survey, then true or false."""
        agent, queue = aliased(Agent), aliased(Queue)
        r = SurveyResponse
        stmt = (
            select(
                Call.external_id.label("call_id"),
                func.coalesce(agent.extension, Call.agent_extension).label("agent"),
                agent.name.label("agent_name"),
                (agent.id.is_not(None)).label("agent_registered"),
                queue.name.label("queue"),
                r.rating,
                r.status,
                r.skip_reason,
                r.attempts,
                r.language,
                r.channel,
                r.started_at,
                r.finished_at,
                r.comment_recording_path,
                verification(now or utcnow(), verify_after_hours).label("verified"),
                r.id.label("response_id"),
            )
            .join(Call, Call.id == r.call_id)
            .outerjoin(agent, agent.id == r.agent_id)
            .outerjoin(queue, queue.id == r.queue_id)
            .order_by(r.started_at, r.id)
        )
        if since is not None:
            stmt = stmt.where(r.started_at >= since)
        if until is not None:
            stmt = stmt.where(r.started_at < until)
        rows = [dict(row._mapping) for row in self.session.execute(stmt)]
        by_response = self._answers([row["response_id"] for row in rows])
        for row in rows:
            answers = by_response.get(row.pop("response_id"), [])
            resolved = next((v for _q, kind, v in answers if kind == "resolved"), None)
            row["resolved"] = None if resolved is None else ("yes" if resolved else "no")
            row["nps"] = next((v for _q, kind, v in answers if kind == "nps"), None)
            row["answers"] = {q: v for q, _kind, v in answers}
        return rows

    def answers_of(self, response_id: int) -> dict[str, int]:
        """Survey-set answers of one response (question id -> value), in the order given."""
        return {q: v for q, _kind, v in self._answers([response_id]).get(response_id, [])}

    def _answers(self, response_ids: list[int]) -> dict[int, list[tuple[str, str, int]]]:
        out: dict[int, list[tuple[str, str, int]]] = {}
        for start in range(0, len(response_ids), 500):
            stmt = (
                select(SurveyAnswer)
                .where(SurveyAnswer.survey_response_id.in_(response_ids[start : start + 500]))
                .order_by(SurveyAnswer.id)
            )
            for a in self.session.scalars(stmt):
                out.setdefault(a.survey_response_id, []).append((a.question_id, a.kind, a.value))
        return out
