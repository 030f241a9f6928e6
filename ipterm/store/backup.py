"""Encrypted backups (sqlcipher_export into a new single SQLCipher file) and restoring one.

A backup is never in plaintext, not even for a moment: SQLCipher encrypts each page as it is exported.
It is built under a temporary name and renamed when complete. Restoring checks the backup first and only
then moves the current database (with its -wal, -shm and .kdf) aside and puts the backup in its place.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from datetime import datetime
from pathlib import Path

from ipterm import fileio
from ipterm.domain.errors import IptermError
from ipterm.store import files, keys
from ipterm.store.connection import APPLICATION_ID, DatabaseError, open_connection, restrict_file_modes
from ipterm.store.database import Store
from ipterm.store.errors import translate
from ipterm.store.lock import DatabaseLock
from ipterm.store.schema import current_version, migrate

log = logging.getLogger(__name__)

_DB_SUFFIXES = ("", "-wal", "-shm", "-journal", ".kdf")


class BackupError(IptermError):
    pass


def write_backup(store: Store, target: Path, passphrase: str, *, kdf: dict[str, int] | None = None) -> Path:
    """Copy the whole database into one new encrypted file at `target` (see `ipterm.store.files`).

    Backups waiting in the outbox are left out: a copy inside each later copy would only grow.
    """
    if target.exists():
        raise BackupError("{target} finnes allerede.", target=target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new folder is private; an existing one is kept
    key = files.new_file_key(passphrase, kdf=kdf)
    building = files.temporary_beside(target)
    conn = store.conn
    try:
        conn.execute("ATTACH DATABASE ? AS backup KEY ?", (str(building), key.pragma))
        try:
            conn.execute("SELECT sqlcipher_export('backup')")
            conn.execute(f"PRAGMA backup.user_version = {current_version(conn)}")
            conn.execute(f"PRAGMA backup.application_id = {APPLICATION_ID}")
            if conn.execute("DELETE FROM backup.outbox WHERE payload IS NOT NULL").rowcount:
                conn.execute("VACUUM backup")
            files.write_meta(conn, "backup", {"kind": "backup", "created_at": store.now().isoformat()})
        finally:
            conn.execute("DETACH DATABASE backup")
        os.chmod(building, 0o600)
        files.fsync_file_and_dir(building)
        fileio.replace(building, target)
    except (DatabaseError, OSError) as exc:
        building.unlink(missing_ok=True)
        raise translate(exc, target.name) from None
    return target


def check_backup(path: Path, passphrase: str) -> int:
    """Check a backup without changing it. Returns its number of cases.

    Raises:
        WrongPassphraseError, CorruptDatabaseError, FileFormatError, StoreError
    """
    info, _key = files.inspect(path, passphrase, expect="backup")
    return info.cases


def restore_backup(db_path: Path, backup: Path, passphrase: str, *, now: datetime | None = None) -> Path:
    """Check the backup, move the current database aside, put the backup in its place.

    Refused while any other ipterm (or another open `Store` in this process) has the database open.

    Afterwards the database opens with the backup's passphrase. Returns where the old database was kept
    (`ipterm.db.before-restore-<time>`, with its -wal/-shm/.kdf beside it). Nothing is touched when the
    check fails, and everything is moved back if the swap itself fails.
    """
    # First, before the passphrase is even tried: no other ipterm may have the database open.
    lock = DatabaseLock.exclusive(db_path)
    try:
        return _restore_locked(db_path, backup, passphrase, now=now)
    finally:
        lock.release()


def _restore_locked(db_path: Path, backup: Path, passphrase: str, *, now: datetime | None) -> Path:
    _info, found = files.inspect(backup, passphrase, expect="backup")
    if isinstance(found, files.FileKey):
        params, key = found.kdf_params(), found.key
    else:  # an older backup with its own .kdf file
        params, key = keys.read_sidecar(keys.sidecar_path(backup))[0], found
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
    incoming = db_path.with_name(f".{db_path.name}.restoring")
    db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    moved: list[str] = []
    wrote_sidecar = placed = False
    try:
        shutil.copyfile(backup, incoming)
        os.chmod(incoming, 0o600)
        files.fsync_file_and_dir(incoming)
        files.check(incoming, files.pragma_for(found), expect="backup")  # the copy is what will be used
        for suffix in _DB_SUFFIXES:
            source = db_path.with_name(db_path.name + suffix)
            if source.exists():
                source.replace(aside.with_name(aside.name + suffix))
                moved.append(suffix)
        keys.write_sidecar(keys.sidecar_path(db_path), params, key)
        wrote_sidecar = True
        fileio.replace(incoming, db_path)
        placed = True
        files.fsync_file_and_dir(db_path)
    except (OSError, IptermError) as exc:
        incoming.unlink(missing_ok=True)
        if placed:
            db_path.unlink(missing_ok=True)
        if wrote_sidecar:
            keys.sidecar_path(db_path).unlink(missing_ok=True)
        for suffix in moved:  # put everything back as it was
            with contextlib.suppress(OSError):
                aside.with_name(aside.name + suffix).replace(db_path.with_name(db_path.name + suffix))
        if isinstance(exc, IptermError):
            raise
        raise translate(exc, db_path.name) from None
    restrict_file_modes(db_path)
    # The restored file may be of an older schema: bring it up to date now, while the old one is aside.
    # It is the working database again, no longer "a backup".
    # (On this connection, not a Store: the restore holds the lock a Store would share.)
    try:
        conn = open_connection(db_path, key)
        try:
            migrate(conn)
            conn.execute("DELETE FROM file_meta")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except (DatabaseError, OSError) as exc:
        raise translate(exc, db_path.name) from None
    restrict_file_modes(db_path)
    return aside
