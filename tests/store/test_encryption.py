"""The database on disk is encrypted, private, and refuses wrong keys without being touched."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from ipterm.domain.models import Case, Note
from ipterm.store.database import Store
from ipterm.store.errors import CorruptDatabaseError, DatabaseMissingError, NotIptermDatabaseError
from ipterm.store.keys import FAST_KDF, KeyFileError, WrongPassphraseError

MARKER = "PLAINTEXT-MARKER-Kjøttkake-7731"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_written_data_survives_close_and_reopen(passphrase_store: tuple[Path, str]) -> None:
    path, passphrase = passphrase_store
    store = Store.unlock(path, passphrase)
    case = store.cases.add(Case(person_name="Åse Fjellheim"))
    store.notes.add(Note(case_id=case.id, text="Ringte skolen", written_at=store.now()))
    store.close()

    again = Store.unlock(path, passphrase)
    assert [c.person_name for c in again.cases.where()] == ["Åse Fjellheim"]
    assert [n.text for n in again.notes.for_case(case.id)] == ["Ringte skolen"]
    again.close()


def test_no_plaintext_in_database_wal_or_shm(db_path: Path) -> None:
    store = Store.open(db_path, key=bytes(range(32)), create=True)
    case = store.cases.add(Case(person_name=MARKER))
    for n in range(50):
        store.notes.add(Note(case_id=case.id, text=f"{MARKER} note {n}", written_at=store.now()))
    files = [db_path.with_name(db_path.name + s) for s in ("", "-wal", "-shm")]
    existing = [f for f in files if f.exists()]
    assert db_path.with_name(db_path.name + "-wal") in existing  # checked while the WAL is live
    for f in existing:
        data = f.read_bytes()
        assert MARKER.encode() not in data, f.name
        assert MARKER.encode("utf-16-le") not in data, f.name
    store.close()
    assert MARKER.encode() not in db_path.read_bytes()


def test_file_is_not_readable_by_plain_sqlite(passphrase_store: tuple[Path, str]) -> None:
    path, _ = passphrase_store
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("select * from sqlite_master").fetchall()


def test_files_are_private(passphrase_store: tuple[Path, str]) -> None:
    path, passphrase = passphrase_store
    store = Store.unlock(path, passphrase)
    store.cases.add(Case(person_name="Test"))
    for f in path.parent.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f.name
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    store.close()


def test_wrong_passphrase_is_refused_and_file_untouched(passphrase_store: tuple[Path, str]) -> None:
    path, _ = passphrase_store
    before = _digest(path)
    with pytest.raises(WrongPassphraseError) as info:
        Store.unlock(path, "feil passord her")
    assert info.value.message("nb") == "Feil passord. Prøv igjen."
    assert info.value.message("en") == "Wrong passphrase. Try again."
    assert _digest(path) == before
    assert not path.with_name(path.name + "-wal").exists()


def test_truncated_file_is_reported_as_damaged_and_untouched(passphrase_store: tuple[Path, str]) -> None:
    path, passphrase = passphrase_store
    store = Store.unlock(path, passphrase)
    for n in range(200):
        store.cases.add(Case(person_name=f"Person {n}"))
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    before = _digest(path)
    with pytest.raises(CorruptDatabaseError) as info:
        Store.unlock(path, passphrase)
    assert "skadet" in info.value.message("nb")
    assert _digest(path) == before


def test_garbled_pages_are_reported_as_damaged(passphrase_store: tuple[Path, str]) -> None:
    path, passphrase = passphrase_store
    data = bytearray(path.read_bytes())
    data[100:4000] = bytes(3900)  # overwrite most of the first page, keeping the size
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError):
        Store.unlock(path, passphrase)


def test_plain_sqlite_file_is_not_an_ipterm_database(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("create table t(x)")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    with pytest.raises(NotIptermDatabaseError) as info:
        Store.open(db_path, key=bytes(32))
    assert "ikke en ipterm-database" in info.value.message("nb")
    assert _digest(db_path) == before


def test_foreign_sqlcipher_file_is_not_an_ipterm_database(db_path: Path) -> None:
    import sqlcipher3

    db_path.parent.mkdir(parents=True)
    key = bytes(range(32))
    conn = sqlcipher3.connect(str(db_path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("create table t(x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotIptermDatabaseError):
        Store.open(db_path, key=key)


def test_missing_database_and_missing_key_file(db_path: Path) -> None:
    with pytest.raises(DatabaseMissingError) as info:
        Store.unlock(db_path, "whatever passphrase")
    assert "ipterm init" in info.value.message("nb")
    Store.create(db_path, "korrekt hest batteri stift", kdf=FAST_KDF).close()
    db_path.with_name(db_path.name + ".kdf").unlink()
    with pytest.raises(KeyFileError):
        Store.unlock(db_path, "korrekt hest batteri stift")


def test_change_passphrase_keeps_all_data(passphrase_store: tuple[Path, str]) -> None:
    path, old = passphrase_store
    store = Store.unlock(path, old)
    for n in range(30):
        store.cases.add(Case(person_name=f"Person {n}"))
    store.change_passphrase("et helt nytt langt passord", kdf=FAST_KDF)
    store.close()
    with pytest.raises(WrongPassphraseError):
        Store.unlock(path, old)
    again = Store.unlock(path, "et helt nytt langt passord")
    assert again.cases.count() == 30
    assert again.integrity_check() == "ok"
    again.close()
    assert not path.with_name(path.name + ".kdf.new").exists()
