"""Item titles read from stored script versions (tolerant: the YAML is only read, never validated here).

A title is a string, or per language (``title: {ru: ..., kk: ...}``), or a string with ``title_kk`` /
``title_en`` beside it; the reader's language is shown when the script has it, else Russian."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import DialogueScript, ScriptVersion

Titles = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # item id -> ((language, title), ...)


@lru_cache(maxsize=64)
def _titles_from_yaml(content_hash: str, content: str) -> Titles:
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError:
        return ()
    checklist = data.get("checklist") if isinstance(data, dict) else None
    items = checklist.get("items") if isinstance(checklist, dict) else None
    if isinstance(items, dict):  # id -> {...}
        items = [{"id": k, **(v if isinstance(v, dict) else {})} for k, v in items.items()]
    out: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("id"):
            out.append((str(item["id"]), _languages(item)))
    return tuple(out)


def _languages(item: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    value = item.get("title")
    found: dict[str, str] = {}
    if isinstance(value, dict):
        found.update({str(k): str(v) for k, v in value.items() if v})
    elif value:
        found["ru"] = str(value)
    for key, text in item.items():
        if isinstance(key, str) and key.startswith("title_") and text:
            found.setdefault(key[len("title_") :], str(text))
    return tuple(found.items())


def _pick(titles: tuple[tuple[str, str], ...], language: str, fallback: str) -> str:
    found = dict(titles)
    return found.get(language) or found.get("ru") or next(iter(found.values()), None) or fallback


def _resolve(rows: Titles, language: str) -> dict[str, str]:
    return {item_id: _pick(titles, language, item_id) for item_id, titles in rows}


def titles_for_version(session: Session, version_id: int | None, language: str = "ru") -> dict[str, str]:
    if version_id is None:
        return {}
    row = session.execute(
        select(ScriptVersion.content_hash, ScriptVersion.content).where(ScriptVersion.id == version_id)
    ).first()
    return _resolve(_titles_from_yaml(row[0], row[1]), language) if row else {}


def active_items(session: Session, language: str = "ru") -> dict[str, str]:
    """Item id -> title over every active script (for pickers)."""
    rows = session.execute(
        select(ScriptVersion.content_hash, ScriptVersion.content).join(
            DialogueScript, DialogueScript.active_version_id == ScriptVersion.id
        )
    )
    items: dict[str, str] = {}
    for content_hash, content in rows:
        items.update(_resolve(_titles_from_yaml(content_hash, content), language))
    return items
