"""Whether the process that claimed an outbox item still runs: stale and foreign pids, and the Windows
behaviour of `os.kill(pid, 0)` that made every sync pass after a crash fail there."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from ipterm import host
from ipterm.config import Settings
from ipterm.domain.sync import OutboxState, temp_name
from ipterm.store import outbox
from ipterm.sync.worker import _is_gone
from tests.sync.conftest import confirmed_sync

from ..sync.conftest import add_exports
from .windows import WindowsKill

NOW = datetime(2026, 11, 22, 9, 0)


def stale_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


@pytest.fixture
def foreign_process():
    """A running process of another user: `nobody`'s when the tests run as root, else init's."""
    if getattr(os, "geteuid", lambda: 0)() != 0:
        yield 1
        return
    sleeper = shutil.which("sleep")
    if sleeper is None:
        pytest.skip("no sleep command")
    proc = subprocess.Popen([sleeper, "30"], user="nobody")
    try:
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


def test_own_process_is_alive_and_an_ended_one_is_not() -> None:
    assert host.process_alive(os.getpid())
    assert not host.process_alive(stale_pid())
    assert not host.process_alive(0) and not host.process_alive(-5)


def test_a_process_of_another_user_counts_as_alive(foreign_process: int) -> None:
    assert host.process_alive(foreign_process)


@pytest.mark.skipif(sys.platform == "win32", reason="no zombies on Windows")
def test_a_zombie_counts_as_ended() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # ended, not reaped
        assert not host.process_alive(child.pid)
    finally:
        child.wait()


def test_worker_never_signals_and_survives_windows_answers(monkeypatch, foreign_process: int) -> None:
    fake = WindowsKill()
    here = socket.gethostname()
    with monkeypatch.context() as patch:  # undone before the fixture ends the foreign process
        patch.setattr(os, "kill", fake)
        assert _is_gone(f"{here}:{stale_pid()}")  # was: OSError (WinError 87) out of the pass
        assert not _is_gone(f"{here}:{foreign_process}")
    assert fake.interrupted == []  # was: a Ctrl+C to the other process's group


def test_a_pass_after_a_crash_on_windows_takes_the_item_up(monkeypatch, services, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    sync = confirmed_sync(services, Settings(sync={"destination": "folder", "folder": str(share)}))
    add_exports(services, 1)
    (item,) = outbox.items(services.store.conn)
    left = temp_name(item.remote_name, "0badc0de")
    outbox.claim(services.store.conn, item.id, f"{socket.gethostname()}:{stale_pid()}", left, NOW)
    monkeypatch.setattr(os, "kill", WindowsKill())
    result = sync.run_once(force=True)
    assert result.sent == 1, result.error
    (after,) = outbox.items(services.store.conn)
    assert after.state == OutboxState.SENT
    assert [p.name for p in share.iterdir()] == [after.remote_name]
