"""Killing ipterm in the middle of an upload loses nothing and sends nothing twice: after a restart every
export is on the destination exactly once, complete, and no temporary file is left behind."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ipterm.domain.sync import OutboxState
from ipterm.services import Services
from ipterm.store import outbox
from ipterm.store.database import Store

from ..conftest import TEST_KEY
from .conftest import add_exports, confirmed_sync, expected_files, webdav_sync
from .davserver import DavServer

pytestmark = pytest.mark.slow

CHILD = Path(__file__).with_name("child_worker.py")
REPO = Path(__file__).resolve().parents[2]


def start_child(db_path: Path, sync_table: dict, passes: int = 1) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(db_path), json.dumps(sync_table), str(passes)],
        stdout=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    assert child.stdout is not None and child.stdout.readline().strip() == "start"
    return child


def kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL


def reopen(db_path: Path, clock) -> Services:
    return Services(Store.open(db_path, key=TEST_KEY), clock)


def test_killed_mid_upload_then_restarted_delivers_everything_exactly_once(services, clock, dav: DavServer, db_path):
    sync = webdav_sync(services, dav.url, timeout=30)
    add_exports(services, 12, size=200_000)
    key = sync.destination().key
    expected = expected_files(services.store, key)
    table = dict(sync.settings.sync)
    services.store.close()

    dav.faults.slow_body = 0.05  # 200 kB takes ~0.6 s to arrive
    child = start_child(db_path, table)
    assert dav.faults.put_started.wait(10)
    time.sleep(0.3)  # several uploads are half-way through
    kill(child)
    in_flight = len(dav.faults.puts)
    assert in_flight >= 1 and not dav.final_files()  # killed before any upload could finish

    dav.faults.slow_body = 0.0
    time.sleep(0.2)  # the server notices the closed connections
    again = reopen(db_path, clock)
    stuck = [i for i in outbox.items(again.store.conn, key) if i.state is OutboxState.SENDING]
    assert stuck  # the killed process left items marked as being sent …
    result = again.sync(sync.settings).run_once()  # … and they are taken up again at once (the process is gone)
    assert result.sent == 12
    assert dav.files() == expected  # exactly one complete file per export, nothing temporary or partial
    assert all(n == 1 for n in dav.faults.moves.values())
    assert {i.state for i in outbox.items(again.store.conn, key)} == {OutboxState.SENT}
    again.store.close()


def test_killed_at_random_moments_while_writing_to_a_folder(services, clock, db_path, tmp_path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    sync = confirmed_sync(services, folder_settings(share))
    add_exports(services, 60, size=500_000)
    key = sync.destination().key
    expected = expected_files(services.store, key)
    services.store.close()

    rng = random.Random(7)
    kills = mid_pass = 0
    for _ in range(15):
        child = start_child(db_path, {"destination": "folder", "folder": str(share)})
        time.sleep(rng.uniform(0.005, 0.06))
        if child.poll() is not None:
            child.wait()
            break
        kill(child)
        kills += 1
        peek = Store.open(db_path, key=TEST_KEY)
        states = {i.state for i in outbox.items(peek.conn, key)}
        peek.close()
        mid_pass += OutboxState.SENDING in states
        if states == {OutboxState.SENT}:
            break
    assert kills >= 2 and mid_pass >= 1  # at least one kill landed while files were being written

    again = reopen(db_path, clock)
    again.sync(folder_settings(share)).run_once()
    on_disk = {p.name: p.read_bytes() for p in share.iterdir()}
    assert sorted(on_disk) == sorted(expected), set(on_disk) ^ set(expected)
    assert on_disk == expected  # one complete copy of each, no temporary files
    assert {i.state for i in outbox.items(again.store.conn, key)} == {OutboxState.SENT}
    again.store.close()


def folder_settings(share: Path):
    from ipterm.config import Settings

    return Settings(sync={"destination": "folder", "folder": str(share)})
