"""Stand-alone encrypted files (backups, case handover packages): one SQLCipher file each, nothing beside it.

The key comes from the passphrase through Argon2id, as for the working database, but the parameters do
not live in a `.kdf` file: the file's 16-byte SQLCipher salt (the only plaintext in a SQLCipher file) is

    10 random bytes | b"iP" | format version | cost preset | 2-byte check of the derived key

Argon2id runs over the first 14 bytes; the raw key and the whole salt key the file
(`PRAGMA key = "x'<key><salt>'"`). So a backup or a package is a single file that can be mailed, copied to a
USB stick or uploaded, and the check bytes tell a wrong passphrase from a damaged file. Guessing against
the check costs one Argon2id run per guess, the same as guessing against the file itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from ipterm import fileio
from ipterm.store import keys, untrusted
from ipterm.store.connection import APPLICATION_ID, Connection, DatabaseError
from ipterm.store.errors import corrupt, not_ipterm, translate
from ipterm.store.schema import LATEST_VERSION, current_version

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

_MAGIC = b"iP"
_VERSION = 1
PRESETS: dict[int, dict[str, int]] = {0: {}, 1: dict(keys.FAST_KDF)}  # 0: the full cost, 1: tests and demo


FileFormatError = untrusted.FileFormatError


@dataclass(frozen=True, slots=True)
class FileKey:
    key: bytes
    salt: bytes  # all 16 bytes, as in the file header

    @property
    def pragma(self) -> str:
        return f"x'{self.key.hex()}{self.salt.hex()}'"

    def kdf_params(self) -> keys.KdfParams:
        """Parameters for a `.kdf` sidecar, when this file becomes the working database (restore)."""
        return keys.KdfParams(salt=self.salt[:14], **PRESETS[self.salt[13]])


@dataclass(frozen=True, slots=True)
class FileInfo:
    kind: str  # "backup", "handover" or "database"
    schema_version: int
    cases: int
    created_at: str


def _check(key: bytes) -> bytes:
    return hmac.new(key, b"ipterm file key check v1", hashlib.sha256).digest()[:2]


def new_file_key(passphrase: str, *, kdf: dict[str, int] | None = None) -> FileKey:
    # The low-cost preset only where `keys.cost_for_new_key` allows it (tests): a backup or package leaves the
    # laptop, and its passphrase is the only thing between it and whoever finds it.
    preset = 1 if kdf == keys.FAST_KDF and keys.cost_for_new_key(kdf) == {**keys.FULL_KDF, **kdf} else 0
    head = secrets.token_bytes(10) + _MAGIC + bytes([_VERSION, preset])
    key = keys.derive_key(passphrase, keys.KdfParams(salt=head, **PRESETS[preset]))
    return FileKey(key, head + _check(key))


def file_key(path: Path, passphrase: str) -> FileKey:
    """The key of an existing file, checked against its header.

    Raises:
        WrongPassphraseError, FileFormatError, StoreError
    """
    try:
        with path.open("rb") as handle:
            salt = handle.read(16)
        size = path.stat().st_size
    except OSError as exc:
        raise translate(exc, path.name) from None
    if salt.startswith(b"SQLite format 3"):
        raise not_ipterm(path.name)
    if len(salt) < 16 or size % 1024:
        raise corrupt(path.name)
    if salt[10:12] != _MAGIC:
        raise FileFormatError(
            "{name} er ikke en sikkerhetskopi eller overføringspakke fra ipterm (eller starten av filen er skadet).",
            name=path.name,
        )
    if salt[12] != _VERSION or salt[13] not in PRESETS:
        raise FileFormatError("{name} er laget av en nyere ipterm. Oppdater ipterm.", name=path.name)
    key = keys.derive_key(passphrase, keys.KdfParams(salt=salt[:14], **PRESETS[salt[13]]))
    if not hmac.compare_digest(_check(key), salt[14:16]):
        raise keys.WrongPassphraseError()
    return FileKey(key, salt)


def open_read_only(path: Path, pragma_key: str) -> Connection:
    """A hardened connection that cannot change the file (see `ipterm.store.untrusted`)."""
    return untrusted.open_read_only(path, pragma_key)


def inspect(path: Path, passphrase: str, *, expect: str) -> tuple[FileInfo, FileKey | bytes]:
    """Check a backup or package without changing it: passphrase, every page's HMAC, SQLite's integrity
    check, that it is ipterm's, and that its schema is not newer than this ipterm.

    The file's own header decides how its key is made. Only a file written before the single-file format
    (whose header is SQLCipher's random salt, without ipterm's mark) opens through a `.kdf` sidecar beside
    it, so a `.kdf` dropped next to a backup cannot change how the backup is read.

    Raises:
        WrongPassphraseError, CorruptDatabaseError, NotIptermDatabaseError, FileFormatError, KeyFileError
    """
    found: FileKey | bytes
    try:
        found = file_key(path, passphrase)
    except (FileFormatError, keys.WrongPassphraseError):
        sidecar = keys.sidecar_path(path)
        if not sidecar.exists() or _has_header(path):
            raise
        found = keys.file_key_from_sidecar(path, passphrase)
    return check(path, pragma_for(found), expect=expect), found


def _has_header(path: Path) -> bool:
    """Whether the file starts with ipterm's single-file header (see the module docstring)."""
    try:
        with path.open("rb") as handle:
            salt = handle.read(16)
    except OSError:
        return False
    return len(salt) == 16 and salt[10:12] == _MAGIC and salt[12] == _VERSION and salt[13] in PRESETS


def pragma_for(found: FileKey | bytes) -> str:
    return found.pragma if isinstance(found, FileKey) else f"x'{found.hex()}'"


def check(path: Path, pragma_key: str, *, expect: str) -> FileInfo:
    """The checks of `inspect`, for a file whose key is known. Raises as `inspect`, and
    SchemaMismatchError when the file's schema is not exactly ipterm's for its version."""
    try:
        conn = open_read_only(path, pragma_key)
    except (DatabaseError, OSError) as exc:
        raise translate(exc, path.name) from None
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise not_ipterm(path.name)
        if conn.execute("PRAGMA cipher_integrity_check").fetchall():
            raise corrupt(path.name)
        version = current_version(conn)
        if version > LATEST_VERSION:
            raise FileFormatError(
                "{name} er fra en nyere ipterm (skjema {version}). Oppdater ipterm først.",
                name=path.name,
                version=version,
            )
        if version < 1:
            raise not_ipterm(path.name)
        # Before SQLite reads a single row through it, the schema must be ipterm's own.
        untrusted.require_exact_schema(conn, version, path.name)
        untrusted.allow_reading(conn, ("file_meta", "cases"), version)
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise corrupt(path.name)
        meta = _meta(conn)
        cases = int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    except DatabaseError as exc:
        raise translate(exc, path.name) from None
    finally:
        conn.close()
    info = FileInfo(meta.get("kind", "backup"), version, cases, meta.get("created_at", ""))
    if info.kind != expect:
        raise _wrong_kind(path, info.kind, expect)
    return info


def _meta(conn: Connection) -> dict[str, str]:
    has = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'file_meta'").fetchone()
    return dict(conn.execute("SELECT key, value FROM file_meta").fetchall()) if has else {}


def _wrong_kind(path: Path, kind: str, expect: str) -> FileFormatError:
    if kind == "handover":
        return FileFormatError("{name} er en overføringspakke med én sak. Bruk «ipterm import».", name=path.name)
    if kind == "backup":
        return FileFormatError("{name} er en sikkerhetskopi av en hel database. Bruk «ipterm restore».", name=path.name)
    return FileFormatError("{name} er ikke en {expect}-fil.", name=path.name, expect=expect)


def write_meta(conn: Connection, schema: str, values: dict[str, str]) -> None:
    conn.executemany(f"INSERT OR REPLACE INTO {schema}.file_meta (key, value) VALUES (?, ?)", list(values.items()))


def temporary_beside(target: Path) -> Path:
    """Where a file is built before it is renamed into place, so no half file ever has the final name."""
    return fileio.temporary_beside(target)


_LEFTOVER = re.compile(r"\.[^/]+\.[0-9a-f]{8}\.tmp")


def write_private_file(target: Path, content: bytes, *, overwrite: bool = True) -> None:
    """Write `content` to `target`, readable by the owner only, so that `target` is either as it was or
    complete: built under a temporary name beside it, flushed to disk, then renamed over it. The temporary
    file is removed when anything fails (a full disk, a read-only folder, an interrupt); when the process is
    killed instead, the next write into the same folder removes it (`remove_leftovers`).

    With `overwrite=False` an existing `target` is never replaced, not even one that appears while the
    file is built: the finished file is hard-linked into place, which fails if the name is taken.

    Raises:
        OSError (FileExistsError when `overwrite=False` and `target` exists)
    """
    remove_leftovers(target.parent)
    building = temporary_beside(target)
    try:
        fd = os.open(building, os.O_WRONLY | os.O_CREAT | os.O_EXCL | fileio.binary_flag(), 0o600)
        if fcntl is not None:  # held until closed: tells `remove_leftovers` in another process that it is alive
            fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            fileio.replace(building, target)
        else:
            os.link(building, target)
            building.unlink()
    except BaseException:
        with contextlib.suppress(OSError):
            building.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):
        fsync_file_and_dir(target)


def remove_leftovers(folder: Path) -> list[str]:
    """Remove temporary files (`.<name>.<8 hex>.tmp`) that a killed ipterm left in `folder`: half or whole
    plaintext exports, unfinished backups. Returns the names removed.

    A file is only removed when nobody is writing it: an export being written holds a `flock` on it, and a
    backup being built is locked by SQLite (POSIX locks). Symlinks, anything not a plain file and files not
    made as ipterm makes them (0600, the user's own) are left alone. Where the platform has no such locks
    (Windows) only files older than a day are removed.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _LEFTOVER.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            # ipterm makes them as plain files, 0600, owned by the user: anything else is another program's.
            if not entry.is_file(follow_symlinks=False) or info.st_mode & 0o777 != 0o600:
                continue
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                continue
            if fcntl is None:
                if time.time() - info.st_mtime > 86400:
                    os.unlink(entry.path)
                    removed.append(entry.name)
                continue
            fd = os.open(entry.path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # someone is writing it
        try:
            os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            pass
        finally:
            os.close(fd)
    if removed:
        log.info("removed %d temporary file(s) left by an interrupted write", len(removed))
    return removed


def fsync_file_and_dir(path: Path) -> None:
    """Flush a finished file and, where the platform allows, its directory entry."""
    fileio.fsync_file(path)
    fileio.fsync_dir(path.parent)
