"""Meeting mode in a real terminal (tmux), keys and pastes at full speed: what Pilot cannot reach."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from ipterm.store.database import Store
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def _lines(db: Path) -> list[str]:
    store = Store.open(db, key=TEST_KEY)
    try:
        return [r[0] for r in store.conn.execute("SELECT text FROM meeting_lines ORDER BY position")]
    finally:
        store.close()


def _wait(predicate, what: str, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_keys_and_pastes_at_full_speed_in_a_real_terminal(tmp_path: Path) -> None:
    db = tmp_path / "data" / "ipterm.db"
    session = f"ipterm-{uuid.uuid4().hex[:8]}"
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "TERM": "xterm-256color"}
    command = f"cd {root} && {sys.executable} -m tests.tui_meeting.meeting_host {db}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command], check=True, env=env)
    try:
        _wait(lambda: "Skriv referat" in _tmux("capture-pane", "-p", "-t", session), "the meeting screen")
        # one send-keys call: six lines and their Enters in one burst
        _tmux("send-keys", "-t", session, "L1", "Enter", "L2", "Enter", "L3", "Enter", "o: Ring @nora fredag",
              "Enter", "b: Ola prøver", "Enter", "L6", "Enter")  # fmt: skip
        _wait(lambda: len(_lines(db)) >= 6, "six lines")
        # a bracketed paste of three lines (tmux wraps it when the app asked for bracketed paste)
        _tmux("set-buffer", "-b", session, "P1\nP2\nP3\n")
        _tmux("paste-buffer", "-p", "-b", session, "-t", session)
        _wait(lambda: len(_lines(db)) >= 9, "nine lines")
        time.sleep(0.5)
        assert _lines(db) == ["L1", "L2", "L3", "o: Ring @nora fredag", "b: Ola prøver", "L6", "P1", "P2", "P3"]
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)
