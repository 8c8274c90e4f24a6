"""Organisation: teams, queues, agents and users (with roles)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, CreatedAt


class Role(enum.StrEnum):
    ADMIN = "admin"
    TEAM_LEAD = "team_lead"
    QA = "qa"
    AGENT = "agent"


class Team(CreatedAt, Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    agents: Mapped[list[Agent]] = relationship(back_populates="team")


class Queue(CreatedAt, Base):
    __tablename__ = "queues"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")


class Agent(CreatedAt, Base):
    """A consultant, identified by the extension Asterisk knows him by."""

    __tablename__ = "agents"
    id: Mapped[int] = mapped_column(primary_key=True)
    extension: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    team: Mapped[Team | None] = relationship(back_populates="agents")


class User(CreatedAt, Base):
    """A person who logs in to the web UI. Only an argon2 hash of the password is kept."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20, validate_strings=True))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]
    language: Mapped[str] = mapped_column(String(8), default="ru", server_default="ru")  # ru | kk | en
    email: Mapped[str | None] = mapped_column(String(200))  # agents' notices (web.email_agents)
    agent: Mapped[Agent | None] = relationship()
    team: Mapped[Team | None] = relationship()
