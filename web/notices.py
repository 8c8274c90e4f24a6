"""Agents' notices of human evaluations and feedback: created, acknowledged, optionally e-mailed;
and the dispute window (web.dispute_window_days) measured from the latest human evaluation."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reports.config import SmtpConfig
from reports.exceptions import ReportsError
from storage.models import AgentNotice, Call, Evaluation, User, utcnow
from storage.repositories.audit import AuditRepository
from web import i18n
from web.exceptions import BadRequest, Forbidden
from web.i18n import N_

log = logging.getLogger(__name__)


def notify(
    session: Session,
    call: Call,
    kind: str,
    author: User,
    *,
    feedback_id: int | None = None,
) -> AgentNotice | None:
    """A notice for the call's agent (none for a call without an agent)."""
    if call.agent_id is None:
        return None
    evaluation_id = session.scalar(
        select(Evaluation.id).where(Evaluation.call_id == call.id, Evaluation.is_current.is_(True)).limit(1)
    )
    notice = AgentNotice(
        agent_id=call.agent_id,
        call_id=call.id,
        kind=kind,
        evaluation_id=evaluation_id,
        feedback_id=feedback_id,
        author_user_id=author.id,
    )
    session.add(notice)
    session.flush()
    return notice


def email_notice(session: Session, notice: AgentNotice, smtp: SmtpConfig, base_url: str) -> bool:
    """E-mail the agent's accounts that have an address, each in its own language; False if none or
    SMTP failed (the notice in the UI stays either way)."""
    users = session.scalars(
        select(User).where(User.agent_id == notice.agent_id, User.active.is_(True), User.email.is_not(None))
    ).all()
    sent = False
    reader = i18n.current_language()
    for user in users:
        i18n.set_language(user.language)
        subject = (
            i18n._("Sapa: a new evaluation of your call")
            if notice.kind == "evaluation"
            else i18n._("Sapa: new feedback on your call")
        )
        body = i18n._("Open %(url)s to read it and acknowledge it.", url=f"{base_url}/calls/{notice.call_id}")
        try:
            from reports.mail import send_message

            send_message(smtp, [str(user.email)], subject, body)
            sent = True
        except ReportsError as exc:
            log.warning("notice %s not e-mailed: %s", notice.id, exc)
    i18n.set_language(reader)
    notice.emailed = sent
    return sent


def acknowledge(session: Session, notice_id: int, user: User) -> AgentNotice:
    notice = session.get(AgentNotice, notice_id)
    if notice is None or user.agent_id is None or notice.agent_id != user.agent_id:
        raise Forbidden(N_("only the agent it was written for may acknowledge it"))
    if notice.acknowledged_at is None:
        notice.acknowledged_at, notice.acknowledged_by_user_id = utcnow(), user.id
        AuditRepository(session).record(
            user.username,
            "acknowledge",
            "call",
            notice.call_id,
            {"notice_id": notice.id},
            actor_user_id=user.id,
        )
    return notice


def acknowledge_call(session: Session, call_id: int, user: User) -> int:
    """Acknowledge every open notice of one call; returns how many."""
    ids = session.scalars(
        select(AgentNotice.id).where(
            AgentNotice.call_id == call_id,
            AgentNotice.agent_id == user.agent_id,
            AgentNotice.acknowledged_at.is_(None),
        )
    ).all()
    for notice_id in ids:
        acknowledge(session, notice_id, user)
    return len(ids)


def dispute_deadline(session: Session, call_id: int, window_days: int) -> datetime | None:
    """Until when the agent may dispute answers of this call: ``window_days`` after the latest notice
    (else after the evaluation); None = no limit."""
    if window_days <= 0:
        return None
    since = session.scalar(select(func.max(AgentNotice.created_at)).where(AgentNotice.call_id == call_id))
    if since is None:
        since = session.scalar(select(func.max(Evaluation.created_at)).where(Evaluation.call_id == call_id))
    return (since or utcnow()) + timedelta(days=window_days)


def check_dispute_window(session: Session, call_id: int, window_days: int) -> None:
    deadline = dispute_deadline(session, call_id, window_days)
    if deadline is not None and utcnow() > deadline:
        raise BadRequest(N_("the dispute window for this call has closed"))
