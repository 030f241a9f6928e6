"""The `.kdf` key file is untrusted input: bounded, authenticated, upgraded from the first format, and never
preferred over a backup's own header; a low key cost is only for tests and the demo."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ipterm.domain.models import Case
from ipterm.services import Services
from ipterm.store import files, keys
from ipterm.store.backup import check_backup, restore_backup
from ipterm.store.database import Store
from ipterm.store.keys import FAST_KDF, KeyFileTamperedError, WrongPassphraseError

PASS = "korrekt hest batteri stift"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _body(db_path: Path) -> dict:
    return json.loads(keys.sidecar_path(db_path).read_text())


def _rewrite(db_path: Path, *, recompute: bool, **changes: object) -> None:
    """Edit the key file; with `recompute`, as an attacker who knows the format fixes up the digest."""
    body = {**_body(db_path), **changes}
    if recompute:
        params = keys.KdfParams(
            salt=bytes.fromhex(body["salt"]),
            memory_kib=body["memory_kib"],
            iterations=body["iterations"],
            lanes=body["lanes"],
        )
        body["digest"] = keys._digest(params, body["mac"])
    keys.sidecar_path(db_path).write_text(json.dumps(body))


def _write_first_format(db_path: Path, params: keys.KdfParams, key: bytes, **changes: object) -> None:
    """A key file as the first ipterm wrote it: no MAC over the parameters, a 64-bit check of the key."""
    body = {
        "format": "ipterm-kdf",
        "version": 1,
        "algorithm": "argon2id",
        "salt": params.salt.hex(),
        "memory_kib": params.memory_kib,
        "iterations": params.iterations,
        "lanes": params.lanes,
        "check": keys._legacy_check(key),
        **changes,
    }
    keys.sidecar_path(db_path).write_text(json.dumps(body))


@pytest.fixture
def unlocked_once(passphrase_store: tuple[Path, str]) -> Path:
    path, passphrase = passphrase_store
    store = Store.unlock(path, passphrase)
    store.cases.add(Case(person_name="Åse Fjellheim"))
    store.close()
    return path


OUT_OF_BOUNDS = [
    ("memory_kib", 8 * 1024 - 1),
    ("memory_kib", 1024 * 1024 + 1),
    ("memory_kib", 2**31),
    ("iterations", 0),
    ("iterations", 21),
    ("iterations", 3000),
    ("lanes", 0),
    ("lanes", 17),
    ("lanes", -1),
    ("salt", "00" * 8),
    ("salt", "00" * 15),
    ("salt", "00" * 65),
    ("memory_kib", True),  # JSON true is not a number of KiB
    ("iterations", 1.5),
]


@pytest.mark.parametrize(("field", "value"), OUT_OF_BOUNDS, ids=[f"{f}={v!r}"[:40] for f, v in OUT_OF_BOUNDS])
@pytest.mark.parametrize("first_format", [False, True], ids=["current", "first-format"])
def test_out_of_bounds_values_are_refused_before_the_kdf_runs(
    unlocked_once: Path, field: str, value: object, first_format: bool
) -> None:
    path = unlocked_once
    if first_format:
        params, _ = keys.read_sidecar(keys.sidecar_path(path))
        _write_first_format(path, params, keys.derive_key(PASS, params), **{field: value})
    else:
        _rewrite(path, recompute=True, **{field: value})
    before = _digest(path), keys.sidecar_path(path).read_bytes()
    started = time.monotonic()
    with pytest.raises(keys.KeyFileError) as info:
        Store.unlock(path, PASS)
    assert time.monotonic() - started < 2  # refused at once; 3000 iterations or 2 TiB would hang or crash
    assert not isinstance(info.value, WrongPassphraseError)
    assert "er endret eller skadet" in info.value.message("nb") or "skadet eller ikke fra ipterm" in info.value.message(
        "nb"
    )
    if (isinstance(value, int) and not isinstance(value, bool)) or field == "salt":
        assert isinstance(info.value, KeyFileTamperedError)
        assert f"Nøkkelfilen {path.name}.kdf er endret eller skadet" in info.value.message("nb")
        assert "has been changed or is damaged" in info.value.message("en")
    assert (_digest(path), keys.sidecar_path(path).read_bytes()) == before


def test_hand_edited_cost_says_changed_not_wrong_passphrase(unlocked_once: Path) -> None:
    _rewrite(unlocked_once, recompute=False, iterations=2)  # in bounds, digest not fixed up
    with pytest.raises(KeyFileTamperedError):
        Store.unlock(unlocked_once, PASS)


def test_tampered_mac_with_the_right_passphrase_says_changed(unlocked_once: Path) -> None:
    body = _body(unlocked_once)
    _rewrite(unlocked_once, recompute=True, mac=("0" if body["mac"][0] != "0" else "1") + body["mac"][1:])
    with pytest.raises(KeyFileTamperedError):
        Store.unlock(unlocked_once, PASS)
    with pytest.raises(WrongPassphraseError):  # a wrong passphrase is still told as such
        Store.unlock(unlocked_once, "et helt annet passord")


def test_changed_parameters_with_a_fixed_up_digest_derive_a_key_that_opens_nothing(unlocked_once: Path) -> None:
    # What no key file can tell apart from a wrong passphrase: the parameters are inputs to the key, so the
    # key is simply another one. Nothing opens and nothing is written.
    before = _digest(unlocked_once)
    _rewrite(unlocked_once, recompute=True, iterations=2)
    with pytest.raises(WrongPassphraseError):
        Store.unlock(unlocked_once, PASS)
    assert _digest(unlocked_once) == before


def test_first_format_key_file_is_accepted_once_and_rewritten_with_a_mac(unlocked_once: Path) -> None:
    path = unlocked_once
    params, _ = keys.read_sidecar(keys.sidecar_path(path))
    _write_first_format(path, params, keys.derive_key(PASS, params))
    with pytest.raises(WrongPassphraseError):
        Store.unlock(path, "et helt annet passord")
    assert _body(path)["version"] == 1  # a wrong passphrase rewrites nothing
    store = Store.unlock(path, PASS)
    assert [c.person_name for c in store.cases.where()] == ["Åse Fjellheim"]
    store.close()
    body = _body(path)
    assert body["version"] == 2 and len(body["mac"]) == 64 and "check" not in body
    assert (keys.sidecar_path(path).stat().st_mode & 0o777) == 0o600
    assert Store.unlock(path, PASS).cases.count() == 1


def test_cli_says_the_key_file_changed_in_the_users_language(unlocked_once: Path, tmp_path: Path) -> None:
    _rewrite(unlocked_once, recompute=False, lanes=2)
    env = {**os.environ, "IPTERM_PASSPHRASE": PASS, "IPTERM_DATA_DIR": str(unlocked_once.parent)}
    for lang, words in (("nb", "er endret eller skadet"), ("en", "has been changed or is damaged")):
        done = subprocess.run(
            [sys.executable, "-m", "ipterm", "--lang", lang, "cases"], env=env, capture_output=True, text=True,
            timeout=60,
        )  # fmt: skip
        assert done.returncode == 1
        assert words in done.stderr and "Feil passord" not in done.stderr and "Wrong passphrase" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_a_key_file_dropped_beside_a_backup_is_not_preferred_over_its_header(
    passphrase_store: tuple[Path, str], tmp_path: Path
) -> None:
    path, passphrase = passphrase_store
    services = Services(Store.unlock(path, passphrase))
    services.create_case("Backup Berit")
    backup = services.backups.backup(tmp_path / "kopi" / "ipterm-kopi.db", passphrase, kdf=FAST_KDF)
    services.store.close()
    # Someone puts a first-format key file beside it, made for another passphrase.
    params = keys.KdfParams.new(**FAST_KDF)
    _write_first_format(backup, params, keys.derive_key("noe helt annet her", params))
    assert check_backup(backup, passphrase) == 1
    with pytest.raises(WrongPassphraseError):
        check_backup(backup, "noe helt annet her")
    restore_backup(path, backup, passphrase)
    restored = Store.unlock(path, passphrase)
    assert [c.person_name for c in restored.cases.where()] == ["Backup Berit"]
    restored.close()


def test_low_cost_is_ignored_outside_tests(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keys.LOW_COST_ENV)
    store = Store.create(db_path, PASS, kdf=FAST_KDF)
    store.close()
    body = _body(db_path)
    assert (body["memory_kib"], body["iterations"], body["lanes"]) == (64 * 1024, 3, 4)
    assert files.new_file_key(PASS, kdf=FAST_KDF).salt[13] == 0  # a backup or package at the full cost
    # The hidden CLI flag does not lower it either.
    env = {k: v for k, v in os.environ.items() if k != keys.LOW_COST_ENV}
    env.update(IPTERM_DATA_DIR=str(tmp_path / "cli"), IPTERM_PASSPHRASE=PASS)
    done = subprocess.run([sys.executable, "-m", "ipterm", "init", "--kdf-cost", "low"], env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    body = _body(tmp_path / "cli" / "ipterm.db")
    assert (body["memory_kib"], body["iterations"]) == (64 * 1024, 3)


def test_the_demo_keeps_its_low_cost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ipterm.services.demo import open_demo

    monkeypatch.delenv(keys.LOW_COST_ENV)
    store = open_demo(tmp_path / "demo")
    body = json.loads(keys.sidecar_path(store.path).read_text())
    store.close()
    assert (body["memory_kib"], body["iterations"]) == (FAST_KDF["memory_kib"], FAST_KDF["iterations"])


def test_key_is_wiped_on_close_and_sqlcipher_wipes_its_memory(passphrase_store: tuple[Path, str]) -> None:
    path, passphrase = passphrase_store
    store = Store.unlock(path, passphrase)
    assert store.conn.execute("PRAGMA cipher_memory_security").fetchone()[0] == "1"
    held = store._key
    assert isinstance(held, bytearray) and any(held)
    store.close()
    assert held == bytearray(32)


def test_a_real_database_made_with_the_low_cost_is_strengthened_at_unlock(
    passphrase_store: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An earlier ipterm honoured the hidden `--kdf-cost low` anywhere; such a database is re-keyed under the
    # full cost (same passphrase) the first time it is unlocked outside the test suite.
    path, passphrase = passphrase_store
    store = Store.unlock(path, passphrase)
    store.cases.add(Case(person_name="Åse Fjellheim"))
    store.close()
    assert _body(path)["memory_kib"] == FAST_KDF["memory_kib"]
    monkeypatch.delenv(keys.LOW_COST_ENV)
    store = Store.unlock(path, passphrase)
    assert [c.person_name for c in store.cases.where()] == ["Åse Fjellheim"]
    store.close()
    body = _body(path)
    assert (body["memory_kib"], body["iterations"], body["lanes"]) == (64 * 1024, 3, 4)
    assert not keys.pending_path(path).exists()
    again = Store.unlock(path, passphrase)
    assert again.cases.count() == 1 and again.integrity_check() == "ok"
    again.close()


def test_no_strengthening_while_another_connection_has_the_database_open(
    passphrase_store: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, passphrase = passphrase_store
    first = Store.unlock(path, passphrase)  # e.g. the TUI, still running
    monkeypatch.delenv(keys.LOW_COST_ENV)
    second = Store.unlock(path, passphrase)  # e.g. a CLI command in another terminal
    second.close()
    assert _body(path)["memory_kib"] == FAST_KDF["memory_kib"]  # not re-keyed under the first one's feet
    first.cases.add(Case(person_name="Fortsatt her"))
    assert first.cases.count() == 1
    first.close()


def test_doctor_reports_a_changed_key_file(
    unlocked_once: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ipterm.cli import main

    monkeypatch.setenv("IPTERM_DATA_DIR", str(unlocked_once.parent))
    monkeypatch.delenv(keys.LOW_COST_ENV)  # outside the test suite, a low cost is worth a warning
    main(["doctor"])
    out = capsys.readouterr().out
    assert "Nøkkelfil: Argon2id 8 MiB, 1 runder, 1 baner" in out and "lav kostnad" in out
    _rewrite(unlocked_once, recompute=False, iterations=3000)
    assert main(["doctor"]) == 1
    assert "er endret eller skadet" in capsys.readouterr().out
