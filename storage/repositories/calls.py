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
        language: str | None = None,
        started_at: datetime | None = None,
        **fields: Any,
    ) -> Call:
        """Find the call or create it; an existing call gets the fields it does not know yet.

        The agent's extension is kept on the call (even when no agent has it yet) and linked to the agent
        when known; the queue by name; a language fills an unknown one."""
        call = self.by_external_id(external_id)
        if call is None:
            call = Call(external_id=external_id, started_at=started_at or utcnow(), **fields)
            self.session.add(call)
        else:  # a later report (the survey after the script route, the PBX's hang-up) fills what is unknown
            for name, value in fields.items():
                if value is not None and getattr(call, name) is None:
                    setattr(call, name, value)
        if language and not call.language:
            call.language = language
        if agent_extension and not call.agent_extension:
            call.agent_extension = agent_extension
        if call.agent_extension and call.agent_id is None:
            agent = AgentRepository(self.session).by_extension(call.agent_extension)
            if agent is not None:
                call.agent_id, call.team_id = agent.id, agent.team_id
        if queue and call.queue_id is None:
            call.queue_id = QueueRepository(self.session).get_or_create(queue).id
        self.session.flush()
        return call
