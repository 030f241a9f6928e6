"""An advisory lock beside the database (`ipterm.db.lock`), so a restore never swaps the file from under
a running ipterm.

Every ipterm process holds the lock shared for as long as it has the database open (the TUI, each CLI
command, the sync worker's second connection); several may do so at once. A restore takes it exclusively
and is refused while anyone else holds it: an app that kept writing into a file that had been moved
aside would lose every later change without a word. The kernel drops the lock when a process dies, so a
crash never leaves the database "in use". The lock file itself holds nothing and is never removed
(removing it would let two processes lock two different files).

POSIX uses `flock`. Windows has no shared byte locks in `msvcrt`, so there byte 0 is the restore's and
each process that opens the database takes one of the following bytes; a restore must get them all.
"""

from __future__ import annotations

import logging
import os
import random
import time
from pathlib import Path

from ipterm.store.errors import StoreError, translate

log = logging.getLogger(__name__)


class DatabaseInUseError(StoreError):
    pass


def in_use(name: str) -> DatabaseInUseError:
    return DatabaseInUseError(
        "Databasen {name} er åpen i ipterm (appen eller en annen ipterm-kommando). Lukk appen først, og prøv "
        "igjen. Ingenting er endret.",
        name=name,
    )


def being_restored(name: str) -> DatabaseInUseError:
    return DatabaseInUseError(
        "Databasen {name} gjenopprettes fra en sikkerhetskopi akkurat nå. Vent til det er ferdig, og prøv igjen.",
        name=name,
    )


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    _SLOTS = 64

    def _region(fd: int, offset: int, length: int, mode: int) -> bool:
        os.lseek(fd, offset, os.SEEK_SET)
        try:
            msvcrt.locking(fd, mode, length)
        except OSError:
            return False
        return True

    def _acquire(fd: int, exclusive: bool) -> object | None:
        if not _region(fd, 0, 1, msvcrt.LK_NBLCK):
            return None
        if exclusive:
            if _region(fd, 1, _SLOTS, msvcrt.LK_NBLCK):
                return (0, _SLOTS + 1)
            _region(fd, 0, 1, msvcrt.LK_UNLCK)
            return None
        try:
            for slot in random.sample(range(1, _SLOTS + 1), _SLOTS):
                if _region(fd, slot, 1, msvcrt.LK_NBLCK):
                    return (slot, 1)
            return None
        finally:
            _region(fd, 0, 1, msvcrt.LK_UNLCK)

    def _release(fd: int, held: object) -> None:
        offset, length = held  # type: ignore[misc]
        if length > 1:
            _region(fd, 1, length - 1, msvcrt.LK_UNLCK)
            _region(fd, 0, 1, msvcrt.LK_UNLCK)
        else:
            _region(fd, offset, 1, msvcrt.LK_UNLCK)

else:
    import fcntl

    def _acquire(fd: int, exclusive: bool) -> object | None:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        return True

    def _release(fd: int, held: object) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _open(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o600)


class DatabaseLock:
    """A held lock; `release()` (or process exit) lets it go."""

    def __init__(self, fd: int, held: object) -> None:
        self._fd: int | None = fd
        self._held = held

    @classmethod
    def shared(cls, db_path: Path, *, wait: float = 5.0) -> DatabaseLock | None:
        """Hold the database open. Waits up to `wait` seconds for a restore to finish.

        Returns None when the lock file cannot be made (a read-only folder): opening goes on, and the
        database's own checks give the message.

        Raises:
            DatabaseInUseError: a restore holds the database.
        """
        try:
            fd = _open(lock_path(db_path))
        except OSError as exc:
            log.warning("no lock file beside %s: %s", db_path.name, type(exc).__name__)
            return None
        deadline = time.monotonic() + wait
        while (held := _acquire(fd, exclusive=False)) is None:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise being_restored(db_path.name)
            time.sleep(0.05)
        return cls(fd, held)

    @classmethod
    def exclusive(cls, db_path: Path) -> DatabaseLock:
        """The database for this process alone (a restore). Never waits.

        Raises:
            DatabaseInUseError: another process (or another open `Store` here) has it open.
            StoreError: the lock file cannot be made.
        """
        db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = _open(lock_path(db_path))
        except OSError as exc:
            raise translate(exc, db_path.name) from None
        held = _acquire(fd, exclusive=True)
        if held is None:
            os.close(fd)
            raise in_use(db_path.name)
        return cls(fd, held)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _release(fd, self._held)
        finally:
            os.close(fd)
