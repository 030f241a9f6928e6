"""Logging to a private rotating file. No stream handler while the TUI owns the terminal."""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from ipterm.paths import ensure_private_dir, log_dir


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
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
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
