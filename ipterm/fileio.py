"""Writing a file so that it is either as it was or complete, on Linux, macOS and Windows.

- Bytes go through an `os.open` descriptor with `O_BINARY` where it exists (on Windows a descriptor is in
  text mode otherwise, and the C runtime would turn every `\\n` into `\\r\\n`).
- The new content is written under a temporary name beside the target, flushed to disk, then renamed over
  the target; on POSIX the directory is flushed too, so the rename survives a power cut.
- On Windows a rename fails while antivirus, OneDrive or the search indexer holds the fresh file for a
  moment (a sharing violation); the rename is tried again for about two seconds before giving up.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from ipterm import host

# ERROR_ACCESS_DENIED and ERROR_SHARING_VIOLATION: what Windows says while another process holds the file.
_SHARING_ERRORS = (5, 32)
_RETRY_DELAYS = (0.01, 0.02, 0.05, 0.1, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5)
sleep: Callable[[float], None] = time.sleep  # replaced by tests that count the waits


def binary_flag() -> int:
    return getattr(os, "O_BINARY", 0)


def temporary_beside(target: Path) -> Path:
    """Where a file is built before it is renamed into place, so no half file ever has the final name."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


def _is_sharing_violation(exc: OSError) -> bool:
    return isinstance(exc, PermissionError) and getattr(exc, "winerror", None) in _SHARING_ERRORS


def replace(source: Path, target: Path) -> None:
    """`os.replace`, tried again on Windows while another process briefly holds either file.

    Raises:
        OSError: the last error, when the file stayed held or the failure is of another kind.
    """
    delays = _RETRY_DELAYS if host.is_windows() else ()
    for delay in (*delays, None):
        try:
            os.replace(source, target)
            return
        except OSError as exc:
            if delay is None or not _is_sharing_violation(exc):
                raise
            sleep(delay)


def fsync_file(path: Path) -> None:
    """Flush a file that is already written to disk.

    Windows flushes only through a handle with write access (FlushFileBuffers), so the file is opened
    read-write there; elsewhere read-only is enough and works on files without write permission.
    """
    flags = (os.O_RDWR if host.is_windows() else os.O_RDONLY) | binary_flag()
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    """Flush a directory entry (a rename) on POSIX. Windows cannot open a directory this way, and NTFS
    journals its metadata, so there is nothing to do there. Errors are ignored: some file systems
    (network shares) refuse it, and the data itself is already on disk."""
    if host.is_windows():
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(target: Path, content: bytes, *, mode: int = 0o600) -> None:
    """Write `content` to `target` (created with `mode`, owner-only by default) so that `target` is either
    as it was or complete. The temporary file is removed when anything fails (a full disk, a read-only
    folder, an interrupt).

    Raises:
        OSError
    """
    building = temporary_beside(target)
    try:
        fd = os.open(building, os.O_WRONLY | os.O_CREAT | os.O_EXCL | binary_flag(), mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        replace(building, target)
    except BaseException:
        with contextlib.suppress(OSError):
            building.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
