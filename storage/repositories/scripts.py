"""Dialogue script versions: one active version per script, history, diff, audit (persistence only).

Validation and parsing live above storage (``qa.catalogue``): ``add_version`` takes content that was
already validated, with the script's name and title read from it.

A ScriptVersion row never changes after insert: a mapper event and an ORM-statement hook raise
ImmutableRow on any UPDATE of it.
"""

from __future__ import annotations

import difflib
import hashlib
import logging

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.exceptions import AlreadyExists, NotFound
from storage.models import DialogueScript, ScriptVersion
from storage.repositories.audit import AuditRepository

log = logging.getLogger(__name__)

ENTITY = "dialogue_script"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ScriptRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.audit = AuditRepository(session)

    # -- reading ---------------------------------------------------------------------------------

    def list_scripts(self) -> list[DialogueScript]:
        return list(self.session.scalars(select(DialogueScript).order_by(DialogueScript.name)))

    def find(self, name: str) -> DialogueScript | None:
        return self.session.scalar(select(DialogueScript).where(DialogueScript.name == name))

    def get(self, name: str) -> DialogueScript:
        script = self.find(name)
        if script is None:
            raise NotFound(f"no dialogue script named {name!r}")
        return script

    def history(self, name: str) -> list[ScriptVersion]:
        """Every version of the script, oldest first."""
        script = self.get(name)
        stmt = (
            select(ScriptVersion).where(ScriptVersion.script_id == script.id).order_by(ScriptVersion.version)
        )
        return list(self.session.scalars(stmt))

    def get_version(self, name: str, version: int) -> ScriptVersion:
        script = self.get(name)
        row = self.session.scalar(
            select(ScriptVersion).where(
                ScriptVersion.script_id == script.id, ScriptVersion.version == version
            )
        )
        if row is None:
            raise NotFound(f"dialogue script {name!r} has no version {version}")
        return row

    def active_version(self, name: str) -> ScriptVersion | None:
        script = self.find(name)
        if script is None or script.active_version_id is None:
            return None
        return self.session.get(ScriptVersion, script.active_version_id)

    def require_active(self, name: str) -> ScriptVersion:
        """The active version, or NotFound with a clear message."""
        row = self.active_version(name)
        if row is None:
            raise NotFound(f"dialogue script {name!r} has no active version")
        return row

    def version_by_id(self, version_id: int) -> ScriptVersion | None:
        return self.session.get(ScriptVersion, version_id)

    def active_versions(self) -> list[ScriptVersion]:
        """The active version of every script."""
        stmt = select(ScriptVersion).join(
            DialogueScript, DialogueScript.active_version_id == ScriptVersion.id
        )
        return list(self.session.scalars(stmt.order_by(DialogueScript.name)))

    def diff(self, name: str, a: int, b: int) -> str:
        """Unified diff of version ``a`` → ``b`` (empty when equal)."""
        old, new = self.get_version(name, a), self.get_version(name, b)
        lines = difflib.unified_diff(
            old.content.splitlines(keepends=True),
            new.content.splitlines(keepends=True),
            fromfile=f"{name} v{a} ({old.author}, {old.created_at:%Y-%m-%d %H:%M} UTC)",
            tofile=f"{name} v{b} ({new.author}, {new.created_at:%Y-%m-%d %H:%M} UTC)",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

    # -- changing --------------------------------------------------------------------------------

    def add_version(
        self,
        text: str,
        *,
        name: str,
        title: str,
        author: str,
        comment: str = "",
        activate: bool = False,
    ) -> ScriptVersion:
        """Store already validated ``text`` (script ``name``/``title``) as the next version.

        Content identical to an existing version of the same script returns that version instead.
        """
        script = self._script_for(name, title)
        digest = content_hash(text)
        row = self.session.scalar(
            select(ScriptVersion).where(
                ScriptVersion.script_id == script.id, ScriptVersion.content_hash == digest
            )
        )
        if row is None:
            row = self._insert(script, text, digest, author, comment)
        else:
            log.info("script %s: content equals version %d, nothing imported", name, row.version)
        if activate:
            self.activate(name, row.version, author)
        return row

    def activate(self, name: str, version: int, actor: str) -> ScriptVersion:
        """Make ``version`` the one active version; an older one than the current is a roll back."""
        script = self.get(name)
        row = self.get_version(name, version)
        current = self.active_version(name)
        if current is not None and current.id == row.id:
            return row
        script.active_version_id = row.id
        self.session.flush()
        rollback = current is not None and current.version > row.version
        self.audit.record(
            actor,
            "script.rollback" if rollback else "script.activate",
            ENTITY,
            name,
            {"version": row.version, "previous": current.version if current else None},
        )
        log.info("script %s: version %d active (was %s)", name, row.version, current and current.version)
        return row

    def _script_for(self, name: str, title: str) -> DialogueScript:
        script = self.find(name)
        if script is None:
            script = DialogueScript(name=name, title=title)
            self.session.add(script)
            self.session.flush()
        elif script.title != title:
            script.title = title
        return script

    def _insert(
        self, script: DialogueScript, text: str, digest: str, author: str, comment: str
    ) -> ScriptVersion:
        number = (
            self.session.scalar(
                select(func.max(ScriptVersion.version)).where(ScriptVersion.script_id == script.id)
            )
            or 0
        ) + 1
        row = ScriptVersion(
            script_id=script.id,
            version=number,
            content=text,
            content_hash=digest,
            author=author,
            comment=comment,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(f"script {script.name!r} version {number} was imported concurrently") from exc
        self.audit.record(
            author,
            "script.import",
            ENTITY,
            script.name,
            {"version": number, "hash": digest, "comment": comment},
        )
        log.info("script %s: imported version %d by %s", script.name, number, author)
        return row
