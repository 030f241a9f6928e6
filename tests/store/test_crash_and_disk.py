"""A killed writer, a read-only folder and a full disk never cost committed data."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ipterm.domain.models import Case, Note
from ipterm.store.database import Store
from ipterm.store.errors import DiskFullError, ReadOnlyError

KEY = bytes(range(32))

WRITER = r"""
import sys
from pathlib import Path
from ipterm.domain.models import Case, Note
from ipterm.store.database import Store

store = Store.open(Path(sys.argv[1]), key=bytes(range(32)))
case_id = store.cases.where()[0].id
n = 0
while True:
    with store.transaction():
        for _ in range(25):
            n += 1
            store.notes.add(Note(case_id=case_id, text=f"note {n}", written_at=store.now()))
    print(n, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_mid_transaction_keeps_every_committed_row(db_path: Path, seed: int) -> None:
    store = Store.open(db_path, key=KEY, create=True)
    store.cases.add(Case(person_name="Krasj Test"))
    store.close()
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    committed = 0
    deadline = time.monotonic() + 30
    target = random.Random(seed).randint(3, 12)
    while committed < target * 25 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        committed = int(line)
    time.sleep(random.Random(seed).random() * 0.05)  # land somewhere inside the next transaction
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert committed >= 25, "writer never committed"

    again = Store.open(db_path, key=KEY)
    assert again.integrity_check() == "ok"
    texts = {n.text for n in again.notes.where()}
    assert {f"note {i}" for i in range(1, committed + 1)} <= texts
    assert len(texts) % 25 == 0  # whole transactions or nothing
    again.close()


@pytest.mark.skipif(
    getattr(os, "geteuid", lambda: 0)() == 0, reason="root ignores file permissions; Windows has no permission bits"
)
def test_read_only_folder_gives_a_clear_message(db_path: Path) -> None:  # pragma: no cover - non-root only
    store = Store.open(db_path, key=KEY, create=True)
    store.close()
    os.chmod(db_path, 0o400)
    os.chmod(db_path.parent, 0o500)
    try:
        with pytest.raises(ReadOnlyError):
            s = Store.open(db_path, key=KEY)
            s.cases.add(Case(person_name="x"))
    finally:
        os.chmod(db_path.parent, 0o700)
        os.chmod(db_path, 0o600)


def test_read_only_database_refuses_writes_and_keeps_data(db_path: Path) -> None:
    store = Store.open(db_path, key=KEY, create=True)
    store.cases.add(Case(person_name="Lagret Før"))
    # A read-only connection stands in for a read-only medium: SQLite itself refuses the write.
    store.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(ReadOnlyError) as info:
        store.cases.add(Case(person_name="Ny"))
    assert "skrivebeskyttet" in info.value.message("nb")
    store.conn.execute("PRAGMA query_only = OFF")
    assert [c.person_name for c in store.cases.where()] == ["Lagret Før"]
    store.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Path:
    """A real 2 MiB tmpfs, so the disk really fills (needs root: skipped elsewhere)."""
    mount = tmp_path / "small"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)], capture_output=True
    )
    if result.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.fault
def test_read_only_filesystem_gives_a_clear_message_and_keeps_the_file(small_disk: Path) -> None:
    path = small_disk / "ipterm.db"
    store = Store.open(path, key=KEY, create=True)
    store.cases.add(Case(person_name="Lagret Før"))
    store.close()
    before = path.read_bytes()
    remount = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True)
    if remount.returncode != 0:
        pytest.skip("cannot remount read-only here")
    with pytest.raises(ReadOnlyError) as info:
        opened = Store.open(path, key=KEY)
        opened.cases.add(Case(person_name="Ny"))
    assert "skrivebeskyttet" in info.value.message("nb")
    assert path.read_bytes() == before


@pytest.mark.fault
def test_full_disk_during_save_loses_nothing_already_saved(small_disk: Path) -> None:
    path = small_disk / "ipterm.db"
    store = Store.open(path, key=KEY, create=True)
    case = store.cases.add(Case(person_name="Full Disk"))
    saved = []
    with pytest.raises(DiskFullError) as info:
        for n in range(100_000):
            store.notes.add(Note(case_id=case.id, text=f"{n:06d} " + "x" * 2000, written_at=store.now()))
            saved.append(n)
    assert "Disken er full" in info.value.message("nb")
    store.close()
    # Free space elsewhere is not needed to read back: every note that was reported saved is there.
    again = Store.open(path, key=KEY)
    assert again.integrity_check() == "ok"
    assert again.notes.count() == len(saved) > 10
    again.close()
