"""Server-side end of signed-cookie sessions: logout revokes the session id, not just the browser's copy.

Starlette keeps the whole session in a signed cookie, so clearing it at logout only deletes the browser's
copy; a copied cookie would stay valid until it expires. Every login gets a random session id (``sid``)
and logout writes an audit entry ``logout`` for ``session`` <sha256 of the id>; a session whose id has such
an entry is dead. The audit table's (entity_type, entity_id) index makes the check one index lookup.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditEntry, User
from storage.repositories.audit import AuditRepository

ENTITY = "session"
LOGOUT = "logout"


def new_session_id() -> str:
    return secrets.token_urlsafe(24)


def session_digest(sid: str) -> str:
    """What the audit log keeps (never the id itself, which the audit page shows to QA)."""
    return hashlib.sha256(sid.encode()).hexdigest()[:40]


def is_revoked(session: Session, sid: str) -> bool:
    stmt = (
        select(AuditEntry.id)
        .where(
            AuditEntry.entity_type == ENTITY,
            AuditEntry.entity_id == session_digest(sid),
            AuditEntry.action == LOGOUT,
        )
        .limit(1)
    )
    return session.scalar(stmt) is not None


def revoke(session: Session, sid: str, user: User) -> None:
    AuditRepository(session).record(user.username, LOGOUT, ENTITY, session_digest(sid), actor_user_id=user.id)
