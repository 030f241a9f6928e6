"""Backups, restore, and the case handover package for a colleague taking over.

Backups and packages are single SQLCipher files keyed through Argon2id, with the cost and salt in the
file's own header (`ipterm.store.files`): nothing has to travel beside them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ipterm.domain.passphrase import normalise, one_time_passphrase
from ipterm.store import backup, handover
from ipterm.store.handover import DuplicateCaseError
from ipterm.store.keys import FAST_KDF, WrongPassphraseError
from ipterm.store.lock import DatabaseLock

if TYPE_CHECKING:
    from ipterm.services.case_services import Services

__all__ = ["BackupServices", "DuplicateCaseError", "one_time_passphrase"]


class BackupServices:
    """Reached as `services.backups`.

    Public API:
        backup(target, passphrase)            write an encrypted copy of the whole database
        check(path, passphrase)               verify a backup without changing it; returns its case count
        ensure_closed(db_path)                (static) refuse while an ipterm process has it open
        restore(db_path, backup, passphrase)  (static) verify, move the current database aside, restore
        export_case_package(case_id, target)  one case in its own encrypted file; returns the one-time
                                              passphrase (show it once, never store it)
        import_case_package(source, phrase)   bring a handed-over case in; returns its new id
    """

    def __init__(self, services: Services) -> None:
        self._s = services

    def _kdf(self, kdf: dict[str, int] | None) -> dict[str, int] | None:
        # The demo database has a public passphrase; its packages need no expensive key either.
        return FAST_KDF if kdf is None and self._s.store.path.name.endswith("-demo.db") else kdf

    def backup(self, target: Path, passphrase: str, *, kdf: dict[str, int] | None = None) -> Path:
        """Raises BackupError (target exists) or StoreError (disk)."""
        return backup.write_backup(self._s.store, target, passphrase, kdf=self._kdf(kdf))

    @staticmethod
    def check(path: Path, passphrase: str) -> int:
        """Raises WrongPassphraseError, CorruptDatabaseError, FileFormatError."""
        return backup.check_backup(path, passphrase)

    @staticmethod
    def ensure_closed(db_path: Path) -> None:
        """Raises DatabaseInUseError when an ipterm process has the database open (asked before the
        passphrase, so nobody types it for nothing; `restore` checks again)."""
        DatabaseLock.exclusive(db_path).release()

    @staticmethod
    def restore(db_path: Path, source: Path, passphrase: str) -> Path:
        """Replace the (closed) database at `db_path` by a checked backup; returns where the old one is.

        Raises DatabaseInUseError (the app or another command has it open), WrongPassphraseError,
        CorruptDatabaseError, FileFormatError (incl. a schema that is not ipterm's); nothing is changed then.
        """
        return backup.restore_backup(db_path, source, passphrase)

    def export_case_package(self, case_id: int, target: Path, *, kdf: dict[str, int] | None = None) -> str:
        """Write one case into its own encrypted file; returns the one-time passphrase (shown once)."""
        self._s.require_case(case_id)
        passphrase = one_time_passphrase()
        handover.write_package(self._s.store, case_id, target, passphrase, kdf=self._kdf(kdf))
        return passphrase

    def import_case_package(self, source: Path, passphrase: str) -> int:
        """Bring a handed-over case in; refuses a case that is already here (same fødselsnummer, or the same
        name and birth date). Raises DuplicateCaseError, WrongPassphraseError, FileFormatError."""
        try:
            return handover.import_package(self._s.store, source, passphrase)
        except WrongPassphraseError:
            if normalise(passphrase) == passphrase:
                raise
        return handover.import_package(self._s.store, source, normalise(passphrase))  # read out: spaces, capitals
