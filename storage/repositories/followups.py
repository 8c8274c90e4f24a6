"""Follow-ups of unhappy callers: found from finished surveys, one per call, owned by a team lead."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.exceptions import NotFound
from storage.models import Agent, Call, FollowUp, Role, SurveyAnswer, SurveyResponse, User, utcnow

log = logging.getLogger(__name__)

# A rating pressed and then hung up on is still an unhappy caller: abandoned surveys count too.
FINISHED = ("completed", "abandoned")
LOW_RATING, NOT_RESOLVED = "low_rating", "not_resolved"


@dataclass(frozen=True)
class Candidate:
    call_id: int
    rating: int | None
    not_resolved: bool
    low_rating: bool

    @property
    def reason(self) -> str:
        return "+".join(
            r for r, on in ((LOW_RATING, self.low_rating), (NOT_RESOLVED, self.not_resolved)) if on
        )


class FollowUpRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def candidates(self, max_rating: int, on_not_resolved: bool, limit: int = 1000) -> list[Candidate]:
        """Finished surveys that call for a follow-up and have none yet (oldest first)."""
        r = SurveyResponse
        unresolved = exists().where(
            SurveyAnswer.survey_response_id == r.id, SurveyAnswer.kind == "resolved", SurveyAnswer.value == 0
        )
        low = and_(r.rating.is_not(None), r.rating <= max_rating)
        wanted = or_(low, unresolved) if on_not_resolved else low
        has = exists().where(FollowUp.call_id == r.call_id)
        stmt = (
            select(r.call_id, r.rating, unresolved.label("nr"))
            .where(r.status.in_(FINISHED), r.finished_at.is_not(None), wanted, ~has)
            .order_by(r.finished_at, r.id)
            .limit(limit)
        )
        out = []
        for call_id, rating, nr in self.session.execute(stmt):
            is_low = rating is not None and rating <= max_rating
            out.append(Candidate(call_id, rating, bool(nr) and on_not_resolved, is_low))
        return out

    def team_of(self, call: Call) -> int | None:
        """The rated agent's team (today's), else the team stored on the call."""
        if call.agent_id is not None:
            team = self.session.scalar(select(Agent.team_id).where(Agent.id == call.agent_id))
            if team is not None:
                return team
        return call.team_id

    def team_lead(self, team_id: int | None) -> User | None:
        if team_id is None:
            return None
        stmt = (
            select(User)
            .where(User.team_id == team_id, User.role == Role.TEAM_LEAD, User.active.is_(True))
            .order_by(User.id)
            .limit(1)
        )
        return self.session.scalar(stmt)

    def create(self, candidate: Candidate) -> FollowUp | None:
        """The call's follow-up; None when another process created it first (one per call)."""
        call = self.session.get(Call, candidate.call_id)
        if call is None:
            return None
        team_id = self.team_of(call)
        lead = self.team_lead(team_id)
        follow_up = FollowUp(
            call_id=call.id,
            reason=candidate.reason,
            rating=candidate.rating,
            team_id=team_id,
            owner_user_id=lead.id if lead else None,
            status="open",
        )
        try:
            with self.session.begin_nested():
                self.session.add(follow_up)
        except IntegrityError:
            log.info("follow-up for call %s already exists", call.external_id)
            return None
        return follow_up

    def get(self, follow_up_id: int) -> FollowUp:
        follow_up = self.session.get(FollowUp, follow_up_id)
        if follow_up is None:
            raise NotFound(f"follow-up {follow_up_id} not found")
        return follow_up

    def close(self, follow_up: FollowUp, user: User, note: str) -> FollowUp:
        follow_up.status = "closed"
        follow_up.closed_by_user_id = user.id
        follow_up.closed_at = utcnow()
        follow_up.note = note
        self.session.flush()
        return follow_up
