"""Store errors with plain messages, and the translation of SQLite's exceptions into them."""

from __future__ import annotations

import errno
import logging

from ipterm.domain.errors import IptermError

log = logging.getLogger(__name__)


class StoreError(IptermError):
    """Something wrong with the database file or the disk under it."""


class DatabaseMissingError(StoreError):
    pass


class DatabaseExistsError(StoreError):
    pass


class NotIptermDatabaseError(StoreError):
    pass


class CorruptDatabaseError(StoreError):
    pass


class DiskFullError(StoreError):
    pass


class ReadOnlyError(StoreError):
    pass


class SchemaTooNewError(StoreError):
    pass


def corrupt(name: str) -> CorruptDatabaseError:
    return CorruptDatabaseError(
        "Databasen {name} er skadet eller avkortet. Filen er ikke endret; gjenopprett fra sikkerhetskopi.", name=name
    )


def not_ipterm(name: str) -> NotIptermDatabaseError:
    return NotIptermDatabaseError("{name} er ikke en ipterm-database.", name=name)


def disk_full() -> DiskFullError:
    return DiskFullError(
        "Disken er full. Endringen ble ikke lagret; det som var lagret fra "
        "før, er i behold. Frigjør plass og prøv igjen."
    )


def read_only(name: str) -> ReadOnlyError:
    return ReadOnlyError("Kan ikke skrive til {name}: filen eller mappen er skrivebeskyttet.", name=name)


def translate(exc: BaseException, name: str) -> StoreError:
    """Map a SQLite/OS exception to a StoreError the user can act on; details go to the log."""
    text = str(exc).lower()
    log.warning("database error on %s: %s: %s", name, type(exc).__name__, text)
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return disk_full()
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return read_only(name)
    if "disk is full" in text or "database or disk is full" in text:
        return disk_full()
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return read_only(name)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return corrupt(name)
    return StoreError("Databasefeil i {name}. Detaljer står i loggfilen.", name=name)
