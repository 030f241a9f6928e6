"""The one atomic-write helper: binary bytes, private mode, nothing half-written, and the Windows answers
(O_BINARY descriptors, fsync only through a writable handle, renames refused while another process holds
the file)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ipterm import fileio
from ipterm.store import files

from .windows import pretend_windows, windows_error, windows_fsync

CONTENT = b"line one\nline two\r\n\x00\xff\x1a end"  # newlines, NUL, Ctrl+Z: what text mode would mangle


def test_bytes_arrive_exactly_and_private(tmp_path: Path) -> None:
    target = tmp_path / "mappe med mellomrom" / "ip 3 – plan.pdf"
    target.parent.mkdir()
    fileio.write_atomic(target, CONTENT)
    assert target.read_bytes() == CONTENT
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        fileio.write_atomic(target, CONTENT)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


@pytest.mark.parametrize("write", [fileio.write_atomic, files.write_private_file])
def test_descriptors_are_opened_binary_where_the_flag_exists(tmp_path: Path, monkeypatch, write) -> None:
    o_binary = 0x8000  # its value on Windows
    monkeypatch.setattr(os, "O_BINARY", o_binary, raising=False)
    seen: list[int] = []
    real_open = os.open

    def windows_open(path, flags, mode=0o777, **kw):
        if flags & os.O_CREAT:  # the file's own descriptor (directories are opened only on POSIX)
            seen.append(flags)
        return real_open(path, flags & ~o_binary, mode, **kw)

    monkeypatch.setattr(os, "open", windows_open)
    write(tmp_path / "a.pdf", CONTENT)
    assert seen and all(flags & o_binary for flags in seen)
    assert (tmp_path / "a.pdf").read_bytes() == CONTENT


def test_rename_is_retried_while_windows_holds_the_file(tmp_path: Path, monkeypatch) -> None:
    pretend_windows(monkeypatch)
    waits: list[float] = []
    monkeypatch.setattr(fileio, "sleep", waits.append)
    real_replace = os.replace
    refusals = iter([windows_error(32), windows_error(5), windows_error(32)])

    def held_by_antivirus(src, dst):
        exc = next(refusals, None)
        if exc is not None:
            raise exc
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", held_by_antivirus)
    files.write_private_file(tmp_path / "plan.pdf", CONTENT)
    assert (tmp_path / "plan.pdf").read_bytes() == CONTENT
    assert len(waits) == 3 and sum(waits) < 1


def test_a_file_held_for_good_gives_up_in_bounded_time(tmp_path: Path, monkeypatch) -> None:
    pretend_windows(monkeypatch)
    waits: list[float] = []
    monkeypatch.setattr(fileio, "sleep", waits.append)

    def always_held(src, dst):
        raise windows_error(32)

    monkeypatch.setattr(os, "replace", always_held)
    with pytest.raises(PermissionError):
        fileio.write_atomic(tmp_path / "plan.pdf", CONTENT)
    assert 0 < sum(waits) <= 3
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone too


def test_posix_permission_errors_are_not_retried(tmp_path: Path, monkeypatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(fileio, "sleep", waits.append)
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(PermissionError(13, "denied")))
    with pytest.raises(PermissionError):
        fileio.write_atomic(tmp_path / "plan.pdf", CONTENT)
    assert waits == []


def test_fsync_of_a_finished_file_works_on_windows(tmp_path: Path, monkeypatch) -> None:
    """backup, restore and handover flush the finished file; Windows refuses that on a read-only handle."""
    done = tmp_path / "backup.ipterm"
    done.write_bytes(CONTENT)
    pretend_windows(monkeypatch)
    monkeypatch.setattr(os, "fsync", windows_fsync(os.fsync))
    files.fsync_file_and_dir(done)  # was: OSError (bad file descriptor)
    assert done.read_bytes() == CONTENT


def test_fsync_of_a_read_only_file_works_on_posix(tmp_path: Path) -> None:
    done = tmp_path / "backup.ipterm"
    done.write_bytes(CONTENT)
    done.chmod(0o400)
    files.fsync_file_and_dir(done)
