"""Item titles read from stored script versions (tolerant: the YAML is only read, never validated here)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import DialogueScript, ScriptVersion


@lru_cache(maxsize=64)
def _titles_from_yaml(content_hash: str, content: str) -> tuple[tuple[str, str], ...]:
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError:
        return ()
    checklist = data.get("checklist") if isinstance(data, dict) else None
    items = checklist.get("items") if isinstance(checklist, dict) else None
    if isinstance(items, dict):  # id -> {...}
        items = [{"id": k, **(v if isinstance(v, dict) else {})} for k, v in items.items()]
    out: list[tuple[str, str]] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("id"):
            out.append((str(item["id"]), _title(item.get("title"), str(item["id"]))))
    return tuple(out)


def _title(value: Any, fallback: str) -> str:
    if isinstance(value, dict):
        value = value.get("ru") or next(iter(value.values()), None)
    return str(value) if value else fallback


def titles_for_version(session: Session, version_id: int | None) -> dict[str, str]:
    if version_id is None:
        return {}
    row = session.execute(
        select(ScriptVersion.content_hash, ScriptVersion.content).where(ScriptVersion.id == version_id)
    ).first()
    return dict(_titles_from_yaml(row[0], row[1])) if row else {}


def active_items(session: Session) -> dict[str, str]:
    """Item id -> title over every active script (for pickers)."""
    rows = session.execute(
        select(ScriptVersion.content_hash, ScriptVersion.content).join(
            DialogueScript, DialogueScript.active_version_id == ScriptVersion.id
        )
    )
    items: dict[str, str] = {}
    for content_hash, content in rows:
        items.update(_titles_from_yaml(content_hash, content))
    return items
