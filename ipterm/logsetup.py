"""Logging to a private rotating file. No stream handler while the TUI owns the terminal.

The TUI and a CLI command (or two CLI commands) often run at once and share `ipterm.log`. A plain
RotatingFileHandler breaks there: on Windows the rename at rotation fails while the other process has the
file open, and the handler then prints a traceback on the terminal and drops every later line; on POSIX
the other process keeps writing into the renamed file. `SharedRotatingFileHandler` tolerates both.
"""

from __future__ import annotations

import io
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from ipterm.paths import ensure_private_dir, log_dir

MAX_BYTES = 1_000_000
BACKUPS = 3


class SharedRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler for a file that other processes write to as well.

    - A rotation that the platform refuses (Windows: another process holds the file) is skipped; lines go
      on into the current file, and the next one past the size limit tries again.
    - When another process has rotated the file, this one reopens the path, so its lines land in the new
      file and not in `ipterm.log.1`.
    - Nothing is ever written to the terminal about a logging failure: in the TUI that would corrupt the
      screen, and a log line is never worth that.
    - Every file it creates is readable by the owner only.
    """

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:
                self.stream = self._open()

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is not None and self._rotated_elsewhere():
            self.stream.close()
            self.stream = None
        super().emit(record)

    def _rotated_elsewhere(self) -> bool:
        if self.stream is None:
            return False
        try:
            on_disk = os.stat(self.baseFilename)
            mine = os.fstat(self.stream.fileno())
        except (OSError, ValueError):
            return True
        # On Windows st_ino is 0 for some file systems; then the size check cannot help either, so keep writing.
        return bool(on_disk.st_ino) and (on_disk.st_ino, on_disk.st_dev) != (mine.st_ino, mine.st_dev)

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def setup_logging(*, to_stderr: bool = False, level: int = logging.INFO) -> Path | None:
    """Log to `ipterm.log` (0600) in the log directory; returns its path, or None if it cannot be made."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    path: Path | None = None
    try:
        directory = ensure_private_dir(log_dir())
        path = directory / "ipterm.log"
        handler = SharedRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError:
        path = None
    if to_stderr:
        stream = logging.StreamHandler()
        stream.setLevel(logging.ERROR)
        stream.setFormatter(logging.Formatter("%(message)s"))
        root.addHandler(stream)
    if path is None and not to_stderr:
        root.addHandler(logging.NullHandler())
    return path


def describe_exception(error: BaseException) -> str:
    """An unexpected error for the log without personal data: the exception types and where they were raised
    (file, line, function), never the message or the values of variables, which may hold names, national
    ids or note text."""
    import traceback

    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen and len(parts) < 5:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__)[-12:]
        where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
        parts.append(f"{type(current).__module__}.{type(current).__qualname__} at {where or '?'}")
        current = current.__cause__ or current.__context__
    return " | caused by: ".join(parts)


def disable_core_dumps() -> bool:
    """No core file for this process (it holds the database key and decrypted pages in memory). Returns
    whether the limit could be set (not on Windows)."""
    try:
        import resource
    except ImportError:
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):
        return False
    return True
