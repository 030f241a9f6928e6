"""`ipterm passwd` killed at every step never locks the user out: the old passphrase works until the
database has been re-encrypted, the new one from then on, and unlocking finishes what was left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ipterm.domain.models import Case, Note
from ipterm.store import keys
from ipterm.store.database import Store
from ipterm.store.keys import PassphraseChangedError, WrongPassphraseError

OLD = "korrekt hest batteri stift"
NEW = "et helt nytt langt passord"
CHILD = Path(__file__).with_name("passwd_child.py")

# (step the process dies after, passphrase that must work afterwards)
STEPS = [
    ("half-new-key-file", OLD),
    ("new-key-file-written", OLD),
    ("rekeyed", NEW),
    ("checked", NEW),
    ("renamed", NEW),
    ("never", NEW),  # not killed: the change completes
]


def _make(db_path: Path, notes: int = 40) -> None:
    store = Store.create(db_path, OLD, kdf=keys.FAST_KDF)
    case = store.cases.add(Case(person_name="Åse Fjellheim"))
    store.notes.add(Note(case_id=case.id, text="Notat 0", written_at=store.now()))
    with store.transaction():  # the rest in one statement: only the size matters here
        store.conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO notes (case_id, written_at, text) SELECT ?, '2026-11-22T10:00:00', "
            "'Notat ' || i || ' ' || hex(randomblob(150)) FROM n",
            (notes - 1, case.id),
        )
    store.close()


def _env(db_path: Path) -> dict[str, str]:
    root = Path(__file__).resolve().parents[2]
    return {
        **os.environ,
        "IPTERM_DATA_DIR": str(db_path.parent),
        "IPTERM_PASSPHRASE": OLD,
        "IPTERM_NEW_PASSPHRASE": NEW,
        "PYTHONPATH": str(root),
    }


def _assert_not_locked_out(db_path: Path, notes: int, must_work: str | None = None) -> str:
    """Exactly one passphrase opens the database with all its data; the other is told plainly."""
    working = []
    for passphrase in (OLD, NEW):
        try:
            store = Store.unlock(db_path, passphrase)
        except (WrongPassphraseError, PassphraseChangedError):
            continue
        assert store.cases.count() == 1 and store.notes.count() == notes
        assert store.integrity_check() == "ok"
        store.close()
        working.append(passphrase)
    assert len(working) == 1, working
    if must_work is not None:
        assert working == [must_work]
    # Whatever was interrupted is settled now: no pending key file, and it opens again the same way.
    assert not keys.pending_path(db_path).exists()
    assert sorted(p.name for p in db_path.parent.iterdir() if ".kdf" in p.name) == ["ipterm.db.kdf"]
    Store.unlock(db_path, working[0]).close()
    return working[0]


@pytest.mark.slow
@pytest.mark.parametrize(("step", "works"), STEPS, ids=[s for s, _ in STEPS])
def test_passwd_killed_at_each_step_leaves_one_working_passphrase(db_path: Path, step: str, works: str) -> None:
    _make(db_path)
    done = subprocess.run([sys.executable, str(CHILD), step], env=_env(db_path), capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == (0 if step == "never" else 99), done.stderr
    _assert_not_locked_out(db_path, 40, works)


@pytest.mark.slow
def test_old_passphrase_after_the_re_encryption_says_to_use_the_new_one(db_path: Path) -> None:
    _make(db_path)
    subprocess.run([sys.executable, str(CHILD), "rekeyed"], env=_env(db_path), capture_output=True, timeout=120)
    with pytest.raises(PassphraseChangedError) as info:
        Store.unlock(db_path, OLD)
    assert "Lås opp med det nye passordet" in info.value.message("nb")
    assert "Unlock with the new passphrase" in info.value.message("en")


@pytest.mark.slow
@pytest.mark.parametrize("step", ["new-key-file-written", "rekeyed", "checked"])
def test_a_re_key_under_the_same_passphrase_killed_at_each_step_still_opens(db_path: Path, step: str) -> None:
    # What raising the cost of an old low-cost database does: the passphrase stays, the key changes.
    _make(db_path)
    env = {**_env(db_path), "IPTERM_NEW_PASSPHRASE": OLD}
    done = subprocess.run([sys.executable, str(CHILD), step], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 99, done.stderr
    store = Store.unlock(db_path, OLD)
    assert store.cases.count() == 1 and store.notes.count() == 40
    store.close()
    assert not keys.pending_path(db_path).exists()


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2])
def test_passwd_killed_during_the_re_encryption_leaves_one_working_passphrase(db_path: Path, delay: float) -> None:
    # SIGKILL from outside, a moment after the re-encryption of 25 MB has begun.
    _make(db_path, notes=20000)
    child = subprocess.Popen([sys.executable, str(CHILD), "report"], env=_env(db_path), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "new-key-file-written"
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    works = _assert_not_locked_out(db_path, 20000)
    if delay <= 0.05:  # re-encrypting 25 MB takes far longer: it never committed, and rolled back whole
        assert works == OLD
