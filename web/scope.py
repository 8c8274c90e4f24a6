"""Which calls a user may see: agents their own, team leads their team's, QA and admins all."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from storage.models import Call, Role, User
from web.exceptions import Forbidden
from web.i18n import N_


def call_scope(user: User) -> ColumnElement[bool]:
    """A WHERE clause over ``Call`` for this user's visible calls."""
    if user.role in (Role.QA, Role.ADMIN):
        return true()
    if user.role == Role.TEAM_LEAD:
        return Call.team_id == user.team_id if user.team_id is not None else false()
    return Call.agent_id == user.agent_id if user.agent_id is not None else false()


def can_see_call(user: User, call: Call) -> bool:
    if user.role in (Role.QA, Role.ADMIN):
        return True
    if user.role == Role.TEAM_LEAD:
        return user.team_id is not None and call.team_id == user.team_id
    return user.agent_id is not None and call.agent_id == user.agent_id


def check_call(user: User, call: Call) -> Call:
    if not can_see_call(user, call):
        raise Forbidden(N_("this call belongs to another agent or team"))
    return call


def can_review(user: User) -> bool:
    """Override answers, write feedback, resolve disputes."""
    return user.role in (Role.QA, Role.ADMIN)
