"""Active dialogue script documents for the IVR, parsed once per version (thread-safe cache)."""

from __future__ import annotations

import threading

from sqlalchemy.orm import Session, sessionmaker

from dialogue import ScriptDocument, load_script
from storage.db import unit_of_work
from storage.repositories.scripts import ScriptRepository


class ActiveScripts:
    """``get(name)`` → (version number, document) of the script's active version."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self._cache: dict[tuple[str, str], ScriptDocument] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> tuple[int, ScriptDocument]:
        with unit_of_work(self.sessions) as session:
            repo = ScriptRepository(session)
            row = repo.active_version(name)
            if row is None:  # raises NotFound with a clear message
                repo.active_document(name)
            assert row is not None
            version, key, content = row.version, (name, row.content_hash), row.content
        with self._lock:
            if key not in self._cache:
                self._cache[key] = load_script(content, f"{name} v{version}")
            return version, self._cache[key]
