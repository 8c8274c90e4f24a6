"""Calls, looked up by their external id (Asterisk linkedid/uniqueid or Twilio CallSid)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.exceptions import NotFound
from storage.models import Call, utcnow
from storage.repositories.org import AgentRepository, QueueRepository


class CallRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_external_id(self, external_id: str) -> Call | None:
        return self.session.scalar(select(Call).where(Call.external_id == external_id))

    def get(self, call_id: int) -> Call:
        call = self.session.get(Call, call_id)
        if call is None:
            raise NotFound(f"call {call_id} not found")
        return call

    def get_or_create(
        self,
        external_id: str,
        *,
        agent_extension: str | None = None,
        queue: str | None = None,
        started_at: datetime | None = None,
        **fields: Any,
    ) -> Call:
        """Find the call or create it; agent and queue are linked by extension / name when known."""
        call = self.by_external_id(external_id)
        if call is None:
            call = Call(external_id=external_id, started_at=started_at or utcnow(), **fields)
            self.session.add(call)
        if agent_extension and call.agent_id is None:
            agent = AgentRepository(self.session).by_extension(agent_extension)
            if agent is not None:
                call.agent_id, call.team_id = agent.id, agent.team_id
        if queue and call.queue_id is None:
            call.queue_id = QueueRepository(self.session).get_or_create(queue).id
        self.session.flush()
        return call
