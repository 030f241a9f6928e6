"""Backup -> restore keeps every table; bad backups are refused untouched; a case travels to a colleague."""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

import pytest

from ipterm.cli import main
from ipterm.domain.models import MemberKind
from ipterm.domain.national_id import synthetic_id
from ipterm.services import Services
from ipterm.services.backup_services import DuplicateCaseError
from ipterm.store.backup import check_backup, restore_backup
from ipterm.store.database import Store
from ipterm.store.errors import CorruptDatabaseError
from ipterm.store.keys import FAST_KDF, WrongPassphraseError

PASS = "korrekt hest batteri stift"
TABLES = ("cases", "members", "goals", "measures", "measure_goals", "consents", "consent_recipients", "meetings",
          "meeting_participants", "meeting_lines", "decisions", "action_items", "notes", "evaluations",
          "coordinator_history", "audit_log", "exports")  # fmt: skip


def rich_case(services: Services) -> int:
    c = services.create_case("Backup Berit", national_id=synthetic_id(datetime(1970, 5, 6).date()),
                             coordinator="Kari")
    services.add_member(c.id, "Backup Berit", "Planeier", kind=MemberKind.PERSON)
    nav = services.add_member(c.id, "Nora", "NAV", organisation="NAV")
    goal = services.add_goal(c.id, "Jobbe igjen")
    services.add_measure(c.id, "Arbeidstrening", goal_ids=[goal.id], responsible_member_id=nav.id)
    services.add_note(c.id, "Ringte NAV")
    meeting = services.meetings.plan_meeting(c.id, datetime(2026, 11, 22, 10))
    services.meetings.add_line(meeting.id, "b: Starter i januar")
    services.meetings.add_line(meeting.id, "o: Avtale oppstart @nora +1u")
    services.meetings.close(meeting.id)
    services.exports.export(c.id, "json")
    return c.id


def counts(store: Store) -> dict[str, int]:
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_backup_restore_round_trips_every_table(db_path: Path, tmp_path: Path) -> None:
    store = Store.create(db_path, PASS, kdf=FAST_KDF)
    services = Services(store)
    rich_case(services)
    before = counts(store)
    backup = services.backups.backup(tmp_path / "kopi" / "ipterm-kopi.db", "eget passord for kopien", kdf=FAST_KDF)
    assert b"Backup Berit" not in backup.read_bytes()
    services.add_note(1, "skrevet etter kopien")
    store.close()

    aside = restore_backup(db_path, backup, "eget passord for kopien")
    assert aside.exists()
    restored = Store.unlock(db_path, "eget passord for kopien")
    assert counts(restored) == before and restored.integrity_check() == "ok"
    assert not any(n.text == "skrevet etter kopien" for n in restored.notes.where())
    restored.close()


def test_corrupt_or_wrong_passphrase_backup_is_refused_and_current_untouched(db_path, tmp_path) -> None:
    store = Store.create(db_path, PASS, kdf=FAST_KDF)
    services = Services(store)
    rich_case(services)
    backup = services.backups.backup(tmp_path / "kopi.db", PASS, kdf=FAST_KDF)
    store.close()
    current = db_path.read_bytes()
    with pytest.raises(WrongPassphraseError):
        restore_backup(db_path, backup, "feil passord her")
    data = bytearray(backup.read_bytes())
    data[5000:9000] = bytes(4000)
    backup.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError):
        restore_backup(db_path, backup, PASS)
    assert db_path.read_bytes() == current
    assert not list(db_path.parent.glob("*.before-restore-*"))


def test_handover_package_moves_a_complete_case_to_another_data_dir(db_path, tmp_path) -> None:
    store = Store.create(db_path, PASS, kdf=FAST_KDF)
    services = Services(store)
    case_id = rich_case(services)
    package = tmp_path / "overlevering.ipterm"
    secret = services.backups.export_case_package(case_id, package)
    original = services.case_file(case_id)
    store.close()
    assert b"Backup Berit" not in package.read_bytes()

    other = Store.create(tmp_path / "kollega" / "ipterm.db", "kollegas eget passord", kdf=FAST_KDF)
    colleague = Services(other)
    colleague.create_case("Noen Andre")
    new_id = colleague.backups.import_case_package(package, secret)
    moved = colleague.case_file(new_id)
    for name in ("members", "goals", "measures", "consents", "meetings", "decisions", "action_items", "notes",
                 "meeting_lines", "participants"):
        assert len(getattr(moved, name)) == len(getattr(original, name)), name
    assert moved.measures[0].responsible_member_id == next(m.id for m in moved.members if m.name == "Nora")
    assert moved.action_items[0].owner_member_id == moved.measures[0].responsible_member_id
    with pytest.raises(DuplicateCaseError, match="finnes allerede"):
        colleague.backups.import_case_package(package, secret)
    with pytest.raises(WrongPassphraseError):
        colleague.backups.import_case_package(package, "feil")
    other.close()


def test_cli_backup_and_check(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASS}\n{PASS}\n"))
    assert main(["init", "--kdf-cost", "low"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASS}\n"))
    target = tmp_path / "kopi.db"
    assert main(["backup", str(target), "--kdf-cost", "low"]) == 0
    assert check_backup(target, PASS) == 0
    assert "Kryptert sikkerhetskopi skrevet" in capsys.readouterr().out
