"""Append-only audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditEntry


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        actor: str,
        action: str,
        entity_type: str,
        entity_id: str | int,
        details: dict[str, Any] | None = None,
        actor_user_id: int | None = None,
    ) -> AuditEntry:
        entry = AuditEntry(
            actor=actor,
            actor_user_id=actor_user_id,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            details=details or {},
        )
        self.session.add(entry)
        self.session.flush()
        return entry

    def for_entity(self, entity_type: str, entity_id: str | int) -> list[AuditEntry]:
        stmt = (
            select(AuditEntry)
            .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.at, AuditEntry.id)
        )
        return list(self.session.scalars(stmt))

    def latest(self, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
        stmt = (
            select(AuditEntry)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return list(self.session.scalars(stmt))
