"""Composition root: builds engine, session factory and services from Settings, lazily."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sapa.settings import Settings
from storage import migrate
from storage.db import check_connection, make_engine, make_session_factory, unit_of_work


@dataclass
class App:
    """Everything a command or server needs; nothing is opened until first used."""

    settings: Settings
    _closed: bool = field(default=False, repr=False)

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database.url, echo=self.settings.database.echo)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    @contextmanager
    def uow(self) -> Iterator[Session]:
        """One session per unit of work (commit on success, roll back on error)."""
        with unit_of_work(self.sessions) as session:
            yield session

    def migrate(self) -> None:
        """Wait-for-DB then `alembic upgrade head` (the prestart step)."""
        check_connection(self.engine)
        migrate.upgrade(self.settings.database.url)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
        self._closed = True


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
