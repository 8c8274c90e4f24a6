"""Writes from the web: overrides (EvaluationRepository.override_item), feedback, disputes, audit."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa.service import override
from storage.models import Dispute, Feedback, ItemResult, User, utcnow
from storage.repositories.audit import AuditRepository
from web.exceptions import BadRequest, PageNotFound
from web.i18n import N_

log = logging.getLogger(__name__)

DISPUTE_STATUSES = ("accepted", "partially_accepted", "rejected")


def override_item(
    session: Session, item_id: int, passed: bool | None, comment: str, user: User
) -> ItemResult:
    """A QA answer beside the automatic one; the score is recomputed and the change audited."""
    comment = comment.strip()
    if not comment:
        raise BadRequest(N_("an override needs a comment explaining it"))
    item = session.get(ItemResult, item_id)
    if item is None:
        raise PageNotFound(N_("no checklist answer %(v0)s"), v0=item_id)
    override(session, item_id, passed, comment, user)
    log.info("override of item result %s by %s", item_id, user.username)
    return item


def add_feedback(session: Session, call_id: int, agent_id: int | None, text: str, user: User) -> Feedback:
    text = text.strip()
    if not text:
        raise BadRequest(N_("feedback text is empty"))
    feedback = Feedback(call_id=call_id, agent_id=agent_id, author_user_id=user.id, text=text)
    session.add(feedback)
    session.flush()
    AuditRepository(session).record(
        user.username, "feedback", "call", call_id, {"feedback_id": feedback.id}, actor_user_id=user.id
    )
    return feedback


def raise_dispute(session: Session, item: ItemResult, comment: str, user: User) -> Dispute:
    comment = comment.strip()
    if not comment:
        raise BadRequest(N_("say why you dispute this answer"))
    pending = select(Dispute.id).where(Dispute.item_result_id == item.id, Dispute.status == "open").limit(1)
    if session.scalar(pending) is not None:
        raise BadRequest(N_("this answer is already disputed; wait for QA to resolve that dispute"))
    dispute = Dispute(item_result_id=item.id, raised_by_user_id=user.id, comment=comment)
    session.add(dispute)
    session.flush()
    AuditRepository(session).record(
        user.username,
        "dispute",
        "item_result",
        item.id,
        {"dispute_id": dispute.id, "comment": comment},
        actor_user_id=user.id,
    )
    return dispute


def resolve_dispute(
    session: Session, dispute: Dispute, status: str, new_answer: str, comment: str, user: User
) -> None:
    """accepted: the answer flips (or takes ``new_answer``); partially_accepted / rejected: as chosen."""
    if status not in DISPUTE_STATUSES:
        raise BadRequest(N_("resolution must be one of %(v0)s"), v0=", ".join(DISPUTE_STATUSES))
    if dispute.status != "open":
        raise BadRequest(N_("dispute %(v0)s is already %(v1)s"), v0=dispute.id, v1=dispute.status)
    item = session.get(ItemResult, dispute.item_result_id)
    assert item is not None
    if new_answer != "keep":
        answer = parse_answer(new_answer)
    elif status == "accepted":
        answer = None if item.passed is None else not item.passed
    else:
        answer = item.passed
    if answer != item.passed:
        note = f"dispute #{dispute.id} {status.replace('_', ' ')}: {comment.strip() or dispute.comment}"
        override_item(session, item.id, answer, note, user)
    dispute.status, dispute.resolution_comment = status, comment.strip()
    dispute.resolved_by_user_id, dispute.resolved_at = user.id, utcnow()
    AuditRepository(session).record(
        user.username,
        "dispute_resolved",
        "item_result",
        item.id,
        {"dispute_id": dispute.id, "status": status, "comment": comment},
        actor_user_id=user.id,
    )


def parse_answer(value: str) -> bool | None:
    """Form value 'yes' / 'no' / 'na' -> True / False / None."""
    try:
        return {"yes": True, "no": False, "na": None}[value]
    except KeyError:
        raise BadRequest(N_("answer must be yes, no or na, got %(v0)s"), v0=repr(value)) from None
