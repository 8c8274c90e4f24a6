"""Dialogue scripts and their immutable versions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, relationship

from storage.exceptions import ImmutableRow
from storage.models.base import Base, CreatedAt


class DialogueScript(CreatedAt, Base):
    """A named script; exactly one version is active (``active_version_id``)."""

    __tablename__ = "dialogue_scripts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    active_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("script_versions.id", use_alter=True, ondelete="SET NULL")
    )
    versions: Mapped[list[ScriptVersion]] = relationship(
        back_populates="script", foreign_keys="ScriptVersion.script_id", order_by="ScriptVersion.version"
    )
    active_version: Mapped[ScriptVersion | None] = relationship(
        foreign_keys=[active_version_id], post_update=True
    )


class ScriptVersion(CreatedAt, Base):
    """The YAML text of one version. Never updated after insert (guards below)."""

    __tablename__ = "script_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    script_id: Mapped[int] = mapped_column(ForeignKey("dialogue_scripts.id", ondelete="CASCADE"))
    version: Mapped[int]
    content: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(100))
    comment: Mapped[str] = mapped_column(Text, default="")
    script: Mapped[DialogueScript] = relationship(back_populates="versions", foreign_keys=[script_id])

    __table_args__ = (UniqueConstraint("script_id", "version", name="uq_script_versions_script_version"),)


@event.listens_for(ScriptVersion, "before_update")
def _refuse_update(_mapper: Any, _connection: Any, target: ScriptVersion) -> None:
    """A stored version never changes: the ORM refuses any UPDATE of a loaded row."""
    raise ImmutableRow(f"script version {target.version} (id {target.id}) is immutable; import a new one")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_update(state: ORMExecuteState) -> None:
    """... and any bulk ``update(ScriptVersion)`` statement."""
    if state.is_update and any(mapper.class_ is ScriptVersion for mapper in state.all_mappers):
        raise ImmutableRow("script versions are immutable; import a new one")
