"""Fakes that make the Windows branches run on Linux: the calls ipterm makes behave as Windows answers them."""

from __future__ import annotations

import errno
import os

import pytest

from ipterm import host


def pretend_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(host, "is_windows", lambda: True)


def windows_error(winerror: int, cls: type[OSError] = PermissionError) -> OSError:
    """An OSError as Windows raises it (the `winerror` attribute exists only there, so it is set by hand)."""
    exc = cls(errno.EACCES if cls is PermissionError else errno.EINVAL, f"[WinError {winerror}]")
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


class WindowsKill:
    """`os.kill` as on Windows: signal 0 is CTRL_C_EVENT to a live process, and an unknown pid raises a
    plain OSError (WinError 87, "The parameter is incorrect") instead of ProcessLookupError."""

    def __init__(self) -> None:
        self.interrupted: list[int] = []

    def __call__(self, pid: int, sig: int) -> None:
        if not os.path.exists(f"/proc/{pid}"):
            raise windows_error(87, OSError)
        self.interrupted.append(pid)


def windows_fsync(real_fsync):
    """`os.fsync` as on Windows: FlushFileBuffers needs a handle with write access."""

    import fcntl  # POSIX only: these fakes run on Linux and macOS

    def fsync(fd: int) -> None:
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Bad file descriptor")
        real_fsync(fd)

    return fsync
