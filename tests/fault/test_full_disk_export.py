"""A disk that really fills up during an export (a small tmpfs, so it needs root; skipped elsewhere).

Two places can be full: the folder the export is written to (`-o`), and the data folder holding the
database the export is logged in. Either way the command says so in the user's language, leaves no
partial file under the final name, and the database still opens with everything saved before.
"""

from __future__ import annotations

import os
import random
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from ipterm.cli import main
from ipterm.domain.models import MemberKind
from ipterm.services import Services
from ipterm.store.database import Store
from ipterm.store.keys import FAST_KDF

from ..conftest import TODAY

pytestmark = pytest.mark.fault

PASS = "full disk under eksporten"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MiB tmpfs: writes past its size fail with ENOSPC, as on a full laptop disk."""
    mount = tmp_path / "small"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {result.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, *, leave: int = 0) -> Path:
    """Fill the disk to the last byte, then give back `leave` bytes so a write starts and fails midway."""
    filler = disk / "filler.bin"
    chunk = b"\xa5" * 65536
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(chunk)
                handle.flush()
        except OSError:
            pass
    while True:  # the buffered tail may not have fitted: shrink until the file is exactly what is on disk
        try:
            os.truncate(filler, max(0, filler.stat().st_size - leave))
            break
        except OSError:  # pragma: no cover - tmpfs truncates without allocating
            leave += 4096
    with pytest.raises(OSError):
        (disk / "probe").write_bytes(b"x" * (leave + 65536))
    (disk / "probe").unlink(missing_ok=True)
    return filler


def _make_case(db: Path, *, big_note: int = 0) -> tuple[int, set[str]]:
    services = Services(Store.unlock(db, PASS))
    case = services.create_case(
        "Frida Fylt",
        coordinator="Kari Koordinator",
        plan_start=TODAY - timedelta(days=30),
        plan_end=TODAY + timedelta(days=300),
        next_revision=TODAY + timedelta(days=100),
        needs="Hjelp til å komme i arbeid",
    )
    services.add_member(case.id, "Frida Fylt", "Planeier", kind=MemberKind.PERSON)
    goal = services.add_goal(case.id, "Jeg vil jobbe to dager i uka")
    services.add_measure(case.id, "Arbeidstrening", goal_ids=[goal.id])
    notes = {f"Lagret notat {n}" for n in range(20)}
    for text in notes:
        services.add_note(case.id, text)
    if big_note:
        services.add_note(case.id, "Stort notat " + "x" * big_note)
    services.store.close()
    return case.id, notes


def _grow_plan(db: Path, case_id: int) -> None:
    rng = random.Random(7)
    words = ("arbeid", "skole", "bolig", "helse", "fritid", "trening", "lager", "buss", "lege", "nav", "plan")
    services = Services(Store.unlock(db, PASS))
    for n in range(60):
        text = " ".join(f"{rng.choice(words)}{rng.randint(0, 999)}" for _ in range(300))
        services.add_goal(case_id, f"Mål {n}: {text}")
    services.store.close()


def _check_database(db: Path, notes: set[str]) -> int:
    """The database opens, passes both integrity checks and holds every note saved before; returns the
    number of exports in its log."""
    store = Store.unlock(db, PASS)
    try:
        assert store.integrity_check() == "ok"
        assert store.conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert notes <= {n.text for n in store.notes.where()}
        return int(store.conn.execute("SELECT count(*) FROM exports").fetchone()[0])
    finally:
        store.close()


def _export(monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("IPTERM_PASSPHRASE", PASS)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_full_export_folder(small_disk: Path, db_path: Path, monkeypatch, capsys) -> None:
    Store.create(db_path, PASS, kdf=FAST_KDF).close()
    case_id, notes = _make_case(db_path)
    args = ["export", str(case_id), "--allow-incomplete", "--force", "-o", str(small_disk)]

    code, _, err = _export(monkeypatch, capsys, *args)
    assert code == 0, err
    (earlier,) = small_disk.iterdir()  # a complete export from before the disk filled up
    earlier_bytes = earlier.read_bytes()
    assert earlier_bytes.startswith(b"%PDF") and len(earlier_bytes) > 32 * 1024

    _grow_plan(db_path, case_id)  # the new export is bigger than the old file and the free space together
    filler = _fill(small_disk, leave=16 * 1024)  # room for the start of the new file, not for all of it
    for lang, expected in (("nb", "Disken er full"), ("en", "The disk is full")):
        code, _, err = _export(monkeypatch, capsys, "--lang", lang, *args)
        assert code == 1
        assert expected in err and str(earlier) in err, err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
        # Nothing half-written anywhere: the earlier file is whole, no temporary file is left behind.
        assert sorted(p.name for p in small_disk.iterdir()) == sorted([earlier.name, filler.name])
        assert earlier.read_bytes() == earlier_bytes

    # The failed exports are kept in the encrypted log (they can be written again once there is room).
    assert _check_database(db_path, notes) == 3
    filler.unlink()
    assert _export(monkeypatch, capsys, *args)[0] == 0
    assert [p.name for p in small_disk.iterdir()] == [earlier.name]
    assert len(earlier.read_bytes()) > len(earlier_bytes) + 32 * 1024
    assert (earlier.stat().st_mode & 0o777) == 0o600


def test_full_data_folder(small_disk: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    data = small_disk / "data"
    monkeypatch.setenv("IPTERM_DATA_DIR", str(data))
    db = data / "ipterm.db"
    Store.create(db, PASS, kdf=FAST_KDF).close()
    case_id, notes = _make_case(db, big_note=200_000)  # the JSON export carries it: ~200 kB to log
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = _check_database(db, notes)
    filler = _fill(small_disk, leave=64 * 1024)

    for lang, expected in (("nb", "Disken er full"), ("en", "The disk is full")):
        code, _, err = _export(monkeypatch, capsys, "--lang", lang, "export", str(case_id), "--kind", "json",
                                 "-o", str(out_dir))  # fmt: skip
        assert code == 1
        assert expected in err, err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert list(out_dir.iterdir()) == []  # nothing written when the export could not be logged

    # Opens on the still full disk, with everything saved before and no trace of the failed exports.
    assert _check_database(db, notes) == before
    assert {p.name for p in data.iterdir()} <= {"ipterm.db", "ipterm.db.kdf", "ipterm.db-wal", "ipterm.db-shm",
                                                  "ipterm.db.lock"}  # fmt: skip
    filler.unlink()
    code, _, err = _export(monkeypatch, capsys, "export", str(case_id), "--kind", "json", "-o", str(out_dir))
    assert code == 0, err
    assert len(list(out_dir.iterdir())) == 1
