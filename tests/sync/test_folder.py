"""The folder destination (a mounted share or a synced cloud folder): written under a temporary name,
fsynced, renamed; a missing share means waiting, a read-only one a clear failure and a retry."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipterm.config import Settings
from ipterm.domain.sync import OutboxState

from .conftest import MovingClock, add_exports, confirmed_sync, expected_files


def folder_sync(services, folder: Path):
    return confirmed_sync(services, Settings(sync={"destination": "folder", "folder": str(folder)}))


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` refuse new files, also for root (who ignores permission bits)."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a read-only folder")
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("running as root on a filesystem without the immutable flag")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_exports_land_complete_and_private(services, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    sync = folder_sync(services, share)
    add_exports(services, 5)
    assert sync.run_once().sent == 5
    files = {p.name: p.read_bytes() for p in share.iterdir()}
    assert files == expected_files(services.store, sync.destination().key)
    assert all((share / name).stat().st_mode & 0o777 == 0o600 for name in files)
    assert sync.run_once().sent == 0  # nothing due any more


def test_a_share_that_is_not_mounted_means_waiting(services, clock: MovingClock, tmp_path: Path) -> None:
    share = tmp_path / "mnt" / "felles"
    sync = folder_sync(services, share)
    add_exports(services, 2)
    result = sync.run_once()
    assert result.offline and not share.exists()  # the mount point is not created on the laptop
    assert sync.status().label() == "Synk: frakoblet – 2 i kø"
    assert "finnes ikke" in str(sync.status().last_error)
    share.mkdir(parents=True)  # the share is mounted again
    assert sync.run_once().sent == 2


@pytest.mark.slow
def test_a_read_only_folder_fails_clearly_then_delivers_once_writable(services, clock, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    sync = folder_sync(services, share)
    add_exports(services, 3)
    with read_only(share):
        result = sync.run_once()
        assert result.error == "Mappen er skrivebeskyttet." and result.sent == 0
        status = sync.status()
        assert status.label() == "Synk: 3 i kø – feilet: Mappen er skrivebeskyttet."
        assert status.label().render("en") == "Sync: 3 queued – failed: The folder is read-only."
        assert not list(share.iterdir())  # not even a temporary file
        clock.advance(10)
        assert sync.run_once().sent == 0
    clock.advance(30)
    assert sync.run_once().sent == 3
    assert {p.name: p.read_bytes() for p in share.iterdir()} == expected_files(services.store, sync.destination().key)
    assert {i.state for i in sync.items()} == {OutboxState.SENT}
