"""Storage errors. The CLI prints them as one line; the web maps them to HTTP statuses."""


class StorageError(Exception):
    """Base class of everything storage raises on purpose."""


class DatabaseUnreachable(StorageError):
    """The database URL is valid but nothing answers there."""


class NotFound(StorageError):
    """A looked-up row does not exist."""


class AlreadyExists(StorageError):
    """A unique key (extension, username, call id ...) is taken."""


class ImmutableRow(StorageError):
    """Somebody tried to change a row that must never change (a script version)."""
