"""Script catalogue: every stored script version parsed and validated once per content hash.

The one reader of stored script YAML: the IVR runs ``active_document``, the scorer takes its checklist,
the web and the reports show ``version_titles`` / ``active_titles`` (so the same item id has the same
title everywhere). ``import_script`` validates before storage stores. Documents are frozen pydantic
models, so one parsed document is shared by every thread.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from sqlalchemy.orm import Session, sessionmaker

from dialogue import ScriptDocument, ScriptValidationError, load_script
from storage.db import unit_of_work
from storage.models import ScriptVersion
from storage.repositories.scripts import ScriptRepository, content_hash

log = logging.getLogger(__name__)
LANGUAGES = ("ru", "kk")


class ScriptCatalogue:
    """Parsed documents by content hash (bounded, thread-safe)."""

    def __init__(self, maxsize: int = 64) -> None:
        self.maxsize = maxsize
        self._docs: OrderedDict[str, ScriptDocument] = OrderedDict()
        self._lock = threading.Lock()

    def parse(self, content: str, source: str, digest: str | None = None) -> ScriptDocument:
        """The validated document of ``content`` (ScriptValidationError if it is not valid)."""
        key = digest or content_hash(content)
        with self._lock:
            doc = self._docs.get(key)
            if doc is not None:
                self._docs.move_to_end(key)
                return doc
        doc = load_script(content, source)  # outside the lock: parsing a big script takes a while
        with self._lock:
            self._docs[key] = doc
            while len(self._docs) > self.maxsize:
                self._docs.popitem(last=False)
        return doc

    def document(self, row: ScriptVersion) -> ScriptDocument:
        return self.parse(row.content, _source(row), row.content_hash)

    def titles(self, row: ScriptVersion, language: str = "ru") -> dict[str, str]:
        """Item id → title of the version's checklist (items and timing checks); {} if it cannot be read."""
        try:
            doc = self.document(row)
        except ScriptValidationError as exc:  # stored before a stricter schema: show ids, say why once
            log.warning("%s no longer validates; item ids shown without titles: %s", _source(row), exc)
            return {}
        return item_titles(doc, language)


CATALOGUE = ScriptCatalogue()


def _source(row: ScriptVersion) -> str:
    name = row.script.name if row.script is not None else f"script {row.script_id}"
    return f"{name} v{row.version}"


def item_titles(doc: ScriptDocument, language: str = "ru") -> dict[str, str]:
    """Item id → title for the checklist of ``doc``. Titles are one string per item today; ``language``
    is where per-language titles plug in (reports and the web already pass the viewer's language)."""
    if doc.checklist is None:
        return {}
    titles = {item.id: item.title for item in doc.checklist.items}
    titles.update({check.id: check.title or check.id for check in doc.checklist.timing_checks})
    return titles


def validate(text: str, source: str = "<import>") -> ScriptDocument:
    """Parse and validate script YAML (ScriptValidationError with file:line:column if it is not valid)."""
    return load_script(text, source)


def import_script(
    session: Session,
    text: str,
    author: str,
    comment: str = "",
    activate: bool = False,
    source: str = "<import>",
) -> ScriptVersion:
    """Validate ``text`` and store it as the script's next version (nothing is stored if it is invalid)."""
    doc = validate(text, source)
    return ScriptRepository(session).add_version(
        text, name=doc.name, title=doc.title, author=author, comment=comment, activate=activate
    )


def active_document(
    session: Session, name: str, catalogue: ScriptCatalogue = CATALOGUE
) -> tuple[ScriptVersion, ScriptDocument]:
    """The active version of script ``name`` and its document (NotFound if there is none)."""
    row = ScriptRepository(session).require_active(name)
    return row, catalogue.document(row)


def version_document(
    session: Session, version_id: int | None, catalogue: ScriptCatalogue = CATALOGUE
) -> ScriptDocument | None:
    """The document of a stored version (None when the id is None or unknown)."""
    row = ScriptRepository(session).version_by_id(version_id) if version_id is not None else None
    return catalogue.document(row) if row is not None else None


def version_titles(
    session: Session, version_id: int | None, language: str = "ru", catalogue: ScriptCatalogue = CATALOGUE
) -> dict[str, str]:
    """Item id → title of a stored version ({} when unknown)."""
    row = ScriptRepository(session).version_by_id(version_id) if version_id is not None else None
    return catalogue.titles(row, language) if row is not None else {}


def active_titles(
    session: Session, language: str = "ru", catalogue: ScriptCatalogue = CATALOGUE
) -> dict[str, str]:
    """Item id → title over the active version of every script (pickers, scorecards)."""
    titles: dict[str, str] = {}
    for row in ScriptRepository(session).active_versions():
        titles.update(catalogue.titles(row, language))
    return titles


class ActiveScripts:
    """For long-running servers (the IVR): ``get(name)`` → (version number, document) of the active
    version, read in its own unit of work; documents come from the catalogue."""

    def __init__(self, sessions: sessionmaker[Session], catalogue: ScriptCatalogue = CATALOGUE) -> None:
        self.sessions = sessions
        self.catalogue = catalogue

    def get(self, name: str) -> tuple[int, ScriptDocument]:
        with unit_of_work(self.sessions) as session:
            row, doc = active_document(session, name, self.catalogue)
            return row.version, doc
