"""Default data that `sapa init` (and `sapa demo`) put in a fresh database. Idempotent."""

from __future__ import annotations

import logging

from sapa.wiring import App
from storage.repositories.org import QueueRepository

log = logging.getLogger(__name__)

DEFAULT_QUEUES = {"support": "Первая линия поддержки / Бірінші желі"}


def load_default_data(app: App) -> None:
    """Queues and the default dialogue script; safe to run again."""
    with app.uow() as session:
        for name, title in DEFAULT_QUEUES.items():
            QueueRepository(session).get_or_create(name, title)
    log.info("default data loaded")
