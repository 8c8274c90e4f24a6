"""Item titles for the web: read from the script catalogue (``qa.catalogue``), the same titles the
reports show for the same item ids."""

from __future__ import annotations

from sqlalchemy.orm import Session

from qa.catalogue import active_titles, version_titles

Titles = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # item id -> ((language, title), ...)


def titles_for_version(session: Session, version_id: int | None, language: str = "ru") -> dict[str, str]:
    """Item id -> title of the evaluation's script version ({} when unknown)."""
    return version_titles(session, version_id, language)


def active_items(session: Session, language: str = "ru") -> dict[str, str]:
    """Item id -> title over every active script (for pickers)."""
    return active_titles(session, language)
