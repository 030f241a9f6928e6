"""A killed `ipterm export -o` leaves its plaintext temporary file behind; the next export into that folder
removes it, but never a temporary file another process is still writing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ipterm.domain.national_id import synthetic_id
from ipterm.services import Services
from ipterm.store import files
from ipterm.store.database import Store
from ipterm.store.keys import FAST_KDF

pytestmark = [pytest.mark.fault, pytest.mark.slow]

PASS = "korrekt hest batteri stift"
NAME = "Leftover Lise"
CHILD = Path(__file__).with_name("export_child.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(db_path: Path) -> dict[str, str]:
    services = Services(Store.create(db_path, PASS, kdf=FAST_KDF))
    from datetime import date

    services.create_case(NAME, national_id=synthetic_id(date(1990, 3, 4)))
    services.store.close()
    return {**os.environ, "IPTERM_PASSPHRASE": PASS, "IPTERM_DATA_DIR": str(db_path.parent), "PYTHONPATH": str(ROOT)}


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to find the file being written")
def test_killed_export_leaves_a_temp_file_that_the_next_export_removes(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "eksport"
    folder.mkdir()
    killed = subprocess.run([sys.executable, str(CHILD), "export", "1", "--kind", "json", "-o", str(folder)],
                            env=env, capture_output=True, timeout=120)  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = [p for p in folder.iterdir()]
    assert len(left) == 1 and left[0].name.startswith(".") and left[0].name.endswith(".tmp")
    assert NAME.encode() in left[0].read_bytes()  # the plaintext a crash leaves behind

    done = subprocess.run([sys.executable, "-m", "ipterm", "export", "1", "--kind", "json", "-o", str(folder)],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 1 and not names[0].startswith("."), names
    assert NAME.encode() in (folder / names[0]).read_bytes()


def test_a_temp_file_being_written_by_another_process_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "eksport"
    folder.mkdir()
    busy = folder / ".ip-1-plan.pdf.0123abcd.tmp"
    stale = folder / ".ip-2-plan.pdf.89abcdef.tmp"
    foreign = folder / ".someone-else.pdf.11111111.tmp"
    for path in (busy, stale):
        path.write_bytes(b"plaintext")
        path.chmod(0o600)
    foreign.write_bytes(b"another program's")
    foreign.chmod(0o644)
    writer = subprocess.Popen(
        [sys.executable, "-c", "import fcntl,os,sys,time; fd=os.open(sys.argv[1], os.O_RDWR); "
         "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)", str(busy)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
        files.write_private_file(folder / "ny.pdf", b"ny")
        assert busy.exists() and foreign.exists() and not stale.exists()
    finally:
        writer.kill()
        writer.wait()
    time.sleep(0.05)
    assert files.remove_leftovers(folder) == [busy.name]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to find the file being written")
def test_the_next_start_removes_what_a_killed_export_left(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "eksport"
    folder.mkdir()
    first = subprocess.run([sys.executable, "-m", "ipterm", "export", "1", "--kind", "json", "-o", str(folder)],
                           env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert first.returncode == 0, first.stderr  # the folder is now one ipterm writes to
    killed = subprocess.run([sys.executable, str(CHILD), "export", "1", "--kind", "ics", "-o", str(folder)],
                            env=env, capture_output=True, timeout=120)  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    assert any(p.name.endswith(".tmp") for p in folder.iterdir())
    started = subprocess.run([sys.executable, "-m", "ipterm", "cases"], env=env, capture_output=True, text=True,
                             timeout=120)  # fmt: skip
    assert started.returncode == 0, started.stderr
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    assert len(list(folder.iterdir())) == 1  # the finished export is still there
