"""Opening the SQLCipher database: keying, checks before anything is written, pragmas, file modes."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import sqlcipher3

from ipterm.store.errors import (
    DatabaseExistsError,
    DatabaseMissingError,
    StoreError,
    corrupt,
    not_ipterm,
    translate,
)

log = logging.getLogger(__name__)

APPLICATION_ID = 0x69505452  # "iPTR": marks a database as ipterm's
_PLAIN_SQLITE_MAGIC = b"SQLite format 3\x00"
_PAGE = 1024  # SQLCipher pages are multiples of this; anything else is a truncated file

DatabaseError = sqlcipher3.dbapi2.DatabaseError
Connection = sqlcipher3.dbapi2.Connection


def restrict_file_modes(db_path: Path) -> None:
    """Database, WAL, shared-memory and key files are for the owner only."""
    for suffix in ("", "-wal", "-shm", "-journal", ".kdf"):
        candidate = db_path.with_name(db_path.name + suffix)
        try:
            if candidate.exists() and (candidate.stat().st_mode & 0o777) != 0o600:
                os.chmod(candidate, 0o600)
        except OSError:
            log.warning("could not restrict mode of %s", candidate.name)


def _precheck(db_path: Path) -> None:
    """Refuse files that cannot be an ipterm database, before SQLCipher touches them."""
    name = db_path.name
    try:
        size = db_path.stat().st_size
        with db_path.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        raise DatabaseMissingError(
            "Fant ingen database i {parent}. Opprett en med «ipterm init».", parent=db_path.parent
        ) from None
    except OSError as exc:
        raise translate(exc, name) from None
    if head == _PLAIN_SQLITE_MAGIC:
        raise not_ipterm(name)
    if size == 0 or size % _PAGE:
        raise corrupt(name)


def _connect(db_path: Path, key: bytes) -> Connection:
    conn = sqlcipher3.connect(str(db_path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlcipher3.dbapi2.Row
    # SQLCipher writes "hmac check failed" to stderr on a wrong key, which would corrupt a TUI screen.
    conn.execute("PRAGMA cipher_log_level = NONE")
    # Wipe SQLCipher's buffers (keys, decrypted pages) when they are freed and keep them out of swap.
    conn.execute("PRAGMA cipher_memory_security = ON")
    # PRAGMA key must be the first statement that touches the file, or SQLCipher treats it as plain.
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def key_opens(db_path: Path, key: bytes) -> bool:
    """Whether `key` opens the database, without writing anything to it (no journal switch, no schema
    change). Used to settle what a key file alone cannot: a wrong passphrase, or a key file altered."""
    if len(key) != 32 or not db_path.exists():
        return False
    conn = None
    try:
        conn = _connect(db_path, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return bool(conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID)
    except (DatabaseError, OSError):
        return False
    finally:
        if conn is not None:
            conn.close()


def open_connection(db_path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open (or create) the encrypted database with a raw 256-bit key.

    Nothing is written to an existing file until the key and the file have been verified.

    Raises:
        StoreError subclasses with a message for the user.
    """
    if len(key) != 32:
        raise ValueError("key must be 32 bytes")
    name = db_path.name
    if create:
        if db_path.exists():
            raise DatabaseExistsError("Det finnes allerede en database i {parent}.", parent=db_path.parent)
    else:
        _precheck(db_path)
    conn = None
    try:
        conn = _connect(db_path, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if not create and app_id != APPLICATION_ID:
            conn.close()
            raise not_ipterm(name)
        if create:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a note typed before a power cut should still be there afterwards.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -32000")
    except StoreError:
        raise
    except (DatabaseError, OSError) as exc:
        if conn is not None:
            conn.close()
        error = translate(exc, name)
        raise error from None
    restrict_file_modes(db_path)
    return conn
