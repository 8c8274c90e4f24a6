"""Teams, queues, agents and users."""

from __future__ import annotations

import logging
import unicodedata

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.exceptions import AlreadyExists, NotFound
from storage.models import Agent, Call, Queue, Role, SurveyResponse, Team, User
from storage.passwords import hash_password

log = logging.getLogger(__name__)


class TeamRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get_or_create(self, name: str) -> Team:
        team = self.session.scalar(select(Team).where(Team.name == name))
        if team is None:
            team = Team(name=name)
            self.session.add(team)
            self.session.flush()
        return team

    def list(self) -> list[Team]:
        return list(self.session.scalars(select(Team).order_by(Team.name)))


class QueueRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get_or_create(self, name: str, title: str = "") -> Queue:
        queue = self.session.scalar(select(Queue).where(Queue.name == name))
        if queue is None:
            queue = Queue(name=name, title=title or name)
            self.session.add(queue)
            self.session.flush()
        return queue

    def by_name(self, name: str) -> Queue | None:
        return self.session.scalar(select(Queue).where(Queue.name == name))

    def list(self) -> list[Queue]:
        return list(self.session.scalars(select(Queue).order_by(Queue.name)))


class AgentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, extension: str, name: str, team: str | None = None) -> Agent:
        if self.by_extension(extension) is not None:
            raise AlreadyExists(f"agent with extension {extension} already exists")
        team_row = TeamRepository(self.session).get_or_create(team) if team else None
        agent = Agent(extension=extension, name=name, team=team_row)
        self.session.add(agent)
        self.session.flush()
        linked = self.link_calls(agent)
        if linked:
            log.info("agent %s: %d earlier calls of extension %s linked", name, linked, extension)
        return agent

    def call_count(self, agent: Agent) -> int:
        return int(self.session.scalar(select(func.count(Call.id)).where(Call.agent_id == agent.id)) or 0)

    def link_calls(self, agent: Agent) -> int:
        """Calls (and their survey ratings) of ``agent.extension`` that no agent had: now this agent's."""
        stmt = (
            update(Call)
            .where(Call.agent_id.is_(None), Call.agent_extension == agent.extension)
            .values(agent_id=agent.id, team_id=func.coalesce(Call.team_id, agent.team_id))
            .execution_options(synchronize_session=False)
        )
        linked = self.session.execute(stmt).rowcount  # type: ignore[attr-defined]
        calls = select(Call.id).where(Call.agent_id == agent.id)
        self.session.execute(
            update(SurveyResponse)
            .where(SurveyResponse.agent_id.is_(None), SurveyResponse.call_id.in_(calls))
            .values(agent_id=agent.id)
            .execution_options(synchronize_session=False)
        )
        self.session.expire_all()
        return int(linked or 0)

    def by_extension(self, extension: str) -> Agent | None:
        return self.session.scalar(select(Agent).where(Agent.extension == extension))

    def get(self, agent_id: int) -> Agent:
        agent = self.session.get(Agent, agent_id)
        if agent is None:
            raise NotFound(f"agent {agent_id} not found")
        return agent

    def list(self, team: str | None = None) -> list[Agent]:
        stmt = select(Agent).outerjoin(Team).order_by(Agent.extension)
        if team:
            stmt = stmt.where(Team.name == team)
        return list(self.session.scalars(stmt))

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(Agent.id))) or 0)


INVISIBLE_CATEGORIES = ("Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp", "Zs")


def valid_username(name: str) -> str:
    """The login name without surrounding blanks; ValueError for empty, blank-only, zero-width or control
    characters, or spaces inside (names that look alike, or like nothing, in every list and audit entry)."""
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise ValueError("user name must not be empty")
    bad = [ch for ch in name if unicodedata.category(ch) in INVISIBLE_CATEGORIES]
    if bad:
        codes = ", ".join(f"U+{ord(c):04X}" for c in bad)
        raise ValueError(f"user name {name!r} contains invisible or blank characters ({codes})")
    if len(name) > 100:
        raise ValueError("user name is longer than 100 characters")
    return name


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        username: str,
        password: str,
        role: Role | str,
        *,
        full_name: str = "",
        agent_extension: str | None = None,
        team: str | None = None,
    ) -> User:
        username = valid_username(username)
        if self.by_username(username) is not None:
            raise AlreadyExists(f"user {username!r} already exists")
        role = Role(role)
        user = User(username=username, password_hash=hash_password(password), role=role, full_name=full_name)
        if agent_extension:
            agent = AgentRepository(self.session).by_extension(agent_extension)
            if agent is None:
                raise NotFound(f"no agent with extension {agent_extension}")
            user.agent = agent
            user.team_id = agent.team_id
        if team:
            user.team = TeamRepository(self.session).get_or_create(team)
        self.session.add(user)
        self.session.flush()
        return user

    def by_username(self, username: str) -> User | None:
        return self.session.scalar(select(User).where(User.username == username))

    def get(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def list(self) -> list[User]:
        return list(self.session.scalars(select(User).order_by(User.username)))

    def set_password(self, user: User, password: str) -> None:
        user.password_hash = hash_password(password)
