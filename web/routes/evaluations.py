"""An agent's human evaluations and feedback: the list, and acknowledging each (coaching, 004 §4.8)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from storage.models import Call
from web.deps import AgentUser, DbSession
from web.exceptions import PageNotFound
from web.i18n import N_
from web.notices import acknowledge, acknowledge_call
from web.queries.notices import notices_for_agent
from web.scope import check_call
from web.templating import render

router = APIRouter()


@router.get("/evaluations")
def evaluations_page(request: Request, user: AgentUser, session: DbSession) -> Response:
    rows = notices_for_agent(session, user.agent_id) if user.agent_id is not None else []
    return render(request, "evaluations.html", user, rows=rows)


@router.post("/evaluations/{notice_id}/acknowledge")
def acknowledge_one(user: AgentUser, session: DbSession, notice_id: int) -> Response:
    acknowledge(session, notice_id, user)
    session.commit()
    return RedirectResponse("/evaluations", status_code=303)


@router.post("/calls/{call_id}/acknowledge")
def acknowledge_of_call(user: AgentUser, session: DbSession, call_id: int) -> Response:
    call = session.get(Call, call_id)
    if call is None:
        raise PageNotFound(N_("no call %(v0)s"), v0=call_id)
    check_call(user, call)
    acknowledge_call(session, call.id, user)
    session.commit()
    return RedirectResponse(f"/calls/{call.id}", status_code=303)
