"""Disputes: agents see their own, team leads their team's, QA and admins all and resolve them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlalchemy import select
from starlette.responses import RedirectResponse, Response

from storage.models import Agent, Call, Dispute, Evaluation, ItemResult, User
from web.deps import CurrentUser, DbSession, QaUser
from web.exceptions import PageNotFound
from web.i18n import N_
from web.scope import call_scope, can_review
from web.services import DISPUTE_STATUSES, resolve_dispute
from web.templating import render

router = APIRouter()


@router.get("/disputes")
def disputes_page(request: Request, user: CurrentUser, session: DbSession, status: str = "open") -> Response:
    stmt = (
        select(Dispute, ItemResult, Call, Agent.extension, User.username)
        .join(ItemResult, ItemResult.id == Dispute.item_result_id)
        .join(Evaluation, Evaluation.id == ItemResult.evaluation_id)
        .join(Call, Call.id == Evaluation.call_id)
        .outerjoin(Agent, Agent.id == Call.agent_id)
        .outerjoin(User, User.id == Dispute.raised_by_user_id)
        .where(call_scope(user))
        .order_by(Dispute.id.desc())
        .limit(200)
    )
    if status != "all":
        stmt = stmt.where(Dispute.status == status)
    rows = list(session.execute(stmt))
    return render(
        request,
        "disputes.html",
        user,
        rows=rows,
        status=status,
        statuses=DISPUTE_STATUSES,
        reviewer=can_review(user),
    )


@router.post("/disputes/{dispute_id}/resolve")
def resolve(
    user: QaUser,
    session: DbSession,
    dispute_id: int,
    status: Annotated[str, Form()],
    answer: Annotated[str, Form()] = "keep",
    comment: Annotated[str, Form()] = "",
) -> Response:
    dispute = session.get(Dispute, dispute_id)
    if dispute is None:
        raise PageNotFound(N_("no dispute %(v0)s"), v0=dispute_id)
    resolve_dispute(session, dispute, status, answer, comment, user)
    session.commit()
    return RedirectResponse("/disputes", status_code=303)
