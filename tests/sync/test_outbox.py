"""The outbox in the encrypted database: idempotent queueing, one sender per item, recovery after a crash,
the upgrade from the first outbox table, and no background connection once the database is locked."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ipterm.domain.sync import OutboxState
from ipterm.store import outbox, schema
from ipterm.store.connection import open_connection
from ipterm.store.database import Store
from ipterm.sync.worker import _is_gone

from ..conftest import TEST_KEY
from .conftest import add_exports, confirmed_sync

NOW = datetime(2026, 11, 22, 9, 0)


def test_queueing_twice_changes_nothing(services, tmp_path: Path) -> None:
    sync = confirmed_sync(services, folder(tmp_path))
    (export_id,) = add_exports(services, 1)
    assert sync.queue_export(export_id) is True  # already queued by the hook: still one row
    assert sync.queue_pending() == 0
    assert len(sync.items()) == 1 and sync.items()[0].size == 4096


def test_only_one_connection_can_claim_an_item(services, db_path: Path, tmp_path: Path) -> None:
    confirmed_sync(services, folder(tmp_path))
    add_exports(services, 1)
    (item,) = outbox.items(services.store.conn)
    other = Store.open(db_path, key=TEST_KEY)
    try:
        assert outbox.claim(services.store.conn, item.id, "host:1", ".t1", NOW)
        assert not outbox.claim(other.conn, item.id, "host:2", ".t2", NOW)
    finally:
        other.close()


def test_an_item_left_sending_by_a_dead_process_is_taken_up_at_once(services, tmp_path: Path) -> None:
    confirmed_sync(services, folder(tmp_path))
    add_exports(services, 2)
    first, second = outbox.items(services.store.conn)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = f"{socket.gethostname()}:{dead.stdout.strip()}"
    alive = f"{socket.gethostname()}:{os.getppid()}"
    outbox.claim(services.store.conn, first.id, gone, ".a", NOW)
    outbox.claim(services.store.conn, second.id, alive, ".b", NOW)
    assert outbox.recover_interrupted(services.store.conn, NOW, is_dead=_is_gone) == 1
    states = {i.id: i.state for i in outbox.items(services.store.conn)}
    assert states == {first.id: OutboxState.QUEUED, second.id: OutboxState.SENDING}
    # A live sender that has been silent too long is presumed stuck.
    assert outbox.recover_interrupted(services.store.conn, NOW + timedelta(minutes=11), is_dead=_is_gone) == 1
    assert not _is_gone(f"another-host:{dead.stdout.strip()}")  # cannot tell for other machines: wait


def test_temporary_names_of_interrupted_attempts_are_remembered(services, tmp_path: Path) -> None:
    confirmed_sync(services, folder(tmp_path))
    add_exports(services, 1)
    (item,) = outbox.items(services.store.conn)
    conn = services.store.conn
    outbox.claim(conn, item.id, "h:1", ".x.1.ipterm-upload", NOW)
    outbox.recover_interrupted(conn, NOW + timedelta(hours=1))
    outbox.claim(conn, item.id, "h:2", ".x.2.ipterm-upload", NOW)
    assert outbox.items(conn)[0].temp_name.split() == [".x.1.ipterm-upload", ".x.2.ipterm-upload"]
    outbox.mark_sent(conn, item.id, NOW)
    assert outbox.items(conn)[0].temp_name == ""


def test_the_first_outbox_table_is_upgraded_with_its_rows(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = open_connection(db_path, TEST_KEY, create=True)
    schema.migrate(conn, target=4)
    conn.execute("INSERT INTO cases (person_name) VALUES ('Gammel Kø')")
    conn.execute(
        "INSERT INTO exports (case_id, kind, filename, media_type, content_hash, content, created_at) "
        "VALUES (1, 'plan', 'ip-1-plan.pdf', 'application/pdf', 'ab', x'00112233', '2026-11-20T10:00:00')"
    )
    conn.execute(
        "INSERT INTO outbox (export_id, destination, remote_name, content_hash, state, next_attempt_at, updated_at) "
        "VALUES (1, 'folder:/x', 'ip-1-plan-ab.pdf', 'ab', 'failed', '2026-11-20T10:05:00', '2026-11-20T10:00:00')"
    )
    conn.execute("INSERT INTO secrets (name, value) VALUES ('sync.secret', 's')")
    conn.close()
    store = Store.open(db_path, key=TEST_KEY)
    (item,) = outbox.items(store.conn)
    assert (item.kind, item.size, item.state, item.remote_name) == ("plan", 4, OutboxState.FAILED, "ip-1-plan-ab.pdf")
    assert outbox.payload(store.conn, item.id) == bytes.fromhex("00112233")
    store.close()


def test_a_locked_store_cannot_be_cloned(store: Store) -> None:
    store.clone().close()
    store.close()
    with pytest.raises(ValueError):
        store.clone()


def folder(tmp_path: Path):
    from ipterm.config import Settings

    (tmp_path / "share").mkdir(exist_ok=True)
    return Settings(sync={"destination": "folder", "folder": str(tmp_path / "share")})
