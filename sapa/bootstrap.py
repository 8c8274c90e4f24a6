"""Default data that `sapa init` (and `sapa demo`) put in a fresh database. Idempotent."""

from __future__ import annotations

import logging

from dialogue import ScriptValidationError, default_script_path
from qa.catalogue import import_script
from sapa.wiring import App
from storage.repositories.org import QueueRepository
from storage.repositories.scripts import ScriptRepository

log = logging.getLogger(__name__)

DEFAULT_QUEUES = {"support": "Первая линия поддержки / Бірінші желі"}


def load_default_data(app: App) -> None:
    """Queues and the default dialogue script; safe to run again."""
    with app.uow() as session:
        for name, title in DEFAULT_QUEUES.items():
            QueueRepository(session).get_or_create(name, title)
    load_default_script(app)
    log.info("default data loaded")


def load_default_script(app: App) -> None:
    """Import the shipped script (a changed file becomes a new version; equal content adds nothing)
    and activate it only when the script has no active version yet (an admin's choice is kept)."""
    path = default_script_path()
    try:
        with app.uow() as session:
            repo = ScriptRepository(session)
            row = import_script(
                session,
                path.read_text(encoding="utf-8"),
                "sapa init",
                "default script shipped with Sapa",
                source=str(path),
            )
            if repo.active_version(row.script.name) is None:
                repo.activate(row.script.name, row.version, "sapa init")
    except ScriptValidationError as exc:
        log.error("the shipped default script is invalid, not loaded:\n%s", exc)
