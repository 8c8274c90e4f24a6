"""The audit log (QA and admins): overrides, disputes, feedback, script and user changes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from storage.repositories.audit import AuditRepository
from web.deps import DbSession, QaUser
from web.templating import render

router = APIRouter()
PAGE = 100


@router.get("/audit")
def audit_page(request: Request, user: QaUser, session: DbSession, page: int = 0) -> Response:
    entries = AuditRepository(session).latest(limit=PAGE + 1, offset=max(page, 0) * PAGE)
    return render(request, "audit.html", user, entries=entries[:PAGE], page=page, more=len(entries) > PAGE)
