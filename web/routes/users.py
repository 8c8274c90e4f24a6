"""Users admin: create users, change roles, link agent accounts to extensions, reset passwords."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from storage.exceptions import AlreadyExists, NotFound
from storage.models import Role, User
from storage.passwords import hash_password
from storage.repositories.audit import AuditRepository
from storage.repositories.org import AgentRepository, TeamRepository, UserRepository
from web.deps import AdminUser, DbSession
from web.exceptions import BadRequest, PageNotFound
from web.i18n import N_
from web.templating import render

router = APIRouter()


def _page(request: Request, user: User, session: Session, error: str = "", status: int = 200) -> Response:
    return render(
        request,
        "users.html",
        user,
        status_code=status,
        users=UserRepository(session).list(),
        agents=AgentRepository(session).list(),
        teams=TeamRepository(session).list(),
        roles=list(Role),
        error=error,
    )


@router.get("/users")
def users_page(request: Request, user: AdminUser, session: DbSession) -> Response:
    return _page(request, user, session)


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise BadRequest(N_("unknown role %(v0)s"), v0=repr(value)) from None


@router.post("/users")
def create_user(
    request: Request,
    user: AdminUser,
    session: DbSession,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()],
    full_name: Annotated[str, Form()] = "",
    extension: Annotated[str, Form()] = "",
    team: Annotated[str, Form()] = "",
) -> Response:
    try:
        created = UserRepository(session).add(
            username.strip(),
            password,
            _role(role),
            full_name=full_name.strip(),
            agent_extension=extension or None,
            team=team or None,
        )
    except (AlreadyExists, NotFound, ValueError) as exc:
        session.rollback()
        return _page(request, user, session, error=str(exc), status=400)
    AuditRepository(session).record(
        user.username,
        "user_created",
        "user",
        created.id,
        {"username": created.username, "role": created.role.value, "extension": extension},
        actor_user_id=user.id,
    )
    session.commit()
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{user_id}")
def update_user(
    request: Request,
    user: AdminUser,
    session: DbSession,
    user_id: int,
    role: Annotated[str, Form()],
    full_name: Annotated[str, Form()] = "",
    extension: Annotated[str, Form()] = "",
    team: Annotated[str, Form()] = "",
    active: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    target = session.get(User, user_id)
    if target is None:
        raise PageNotFound(N_("no user %(v0)s"), v0=user_id)
    try:
        changes = _apply(session, target, _role(role), full_name, extension, team, bool(active), password)
    except (NotFound, ValueError) as exc:
        session.rollback()
        return _page(request, user, session, error=str(exc), status=400)
    if target.id == user.id and (target.role != Role.ADMIN or not target.active):
        session.rollback()
        return _page(request, user, session, error=N_("you cannot demote or deactivate yourself"), status=400)
    AuditRepository(session).record(
        user.username, "user_changed", "user", target.id, changes, actor_user_id=user.id
    )
    session.commit()
    return RedirectResponse("/users", status_code=303)


def _apply(
    session: Session,
    target: User,
    role: Role,
    full_name: str,
    extension: str,
    team: str,
    active: bool,
    password: str,
) -> dict[str, object]:
    agent = AgentRepository(session).by_extension(extension) if extension else None
    if extension and agent is None:
        raise NotFound(f"no agent with extension {extension}")
    team_row = TeamRepository(session).get_or_create(team) if team else None
    changes: dict[str, object] = {"role": role.value, "extension": extension, "team": team, "active": active}
    target.role, target.full_name, target.active = role, full_name.strip(), active
    target.agent_id = agent.id if agent else None
    target.team_id = team_row.id if team_row else (agent.team_id if agent else None)
    if password:
        target.password_hash = hash_password(password)
        changes["password"] = "reset"
    return changes


@router.post("/agents")
def create_agent(
    request: Request,
    user: AdminUser,
    session: DbSession,
    extension: Annotated[str, Form()],
    name: Annotated[str, Form()],
    team: Annotated[str, Form()] = "",
) -> Response:
    """A consultant's extension (what Asterisk knows him by); accounts are then linked to it."""
    if not extension.strip() or not name.strip():
        return _page(request, user, session, error=N_("an agent needs an extension and a name"), status=400)
    agents = AgentRepository(session)
    try:
        agent = agents.add(extension.strip(), name.strip(), team.strip() or None)  # links earlier calls
    except AlreadyExists as exc:
        session.rollback()
        return _page(request, user, session, error=str(exc), status=400)
    AuditRepository(session).record(
        user.username,
        "agent_created",
        "agent",
        agent.id,
        {"extension": agent.extension, "team": team.strip(), "linked_calls": agents.call_count(agent)},
        actor_user_id=user.id,
    )
    session.commit()
    return RedirectResponse("/users", status_code=303)
