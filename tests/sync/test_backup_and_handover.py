"""Backup -> restore keeps every table; bad backups are refused with the current database untouched;
a case travels complete to a colleague's laptop in a single encrypted file."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlcipher3

from ipterm.domain.models import Assessment, ConsentMethod, EvaluationOutcome, MemberKind, ServiceDecisionRef
from ipterm.domain.national_id import synthetic_id
from ipterm.services import FixedClock, Services
from ipterm.services.backup_services import DuplicateCaseError
from ipterm.services.demo import load_demo
from ipterm.store import files
from ipterm.store.backup import restore_backup
from ipterm.store.database import Store
from ipterm.store.errors import CorruptDatabaseError
from ipterm.store.files import FileFormatError
from ipterm.store.handover import case_tables
from ipterm.store.keys import FAST_KDF, WrongPassphraseError
from ipterm.store.schema import LATEST_VERSION

from ..conftest import TODAY
from .conftest import confirmed_sync

PASS = "korrekt hest batteri stift"
OWN = "eget passord for kopien"


def tables(store: Store) -> list[str]:
    rows = store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(n for n, sql in rows if not sql.upper().startswith("CREATE VIRTUAL") and "search_index" not in n)


def everything(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table (the full-text index through a query), in a stable order."""
    dump = {t: sorted(map(tuple, store.conn.execute(f"SELECT * FROM {t}")), key=repr) for t in tables(store)}
    dump["search_index"] = sorted(map(tuple, store.conn.execute("SELECT rowid, title, body FROM search_index")))
    return dump


def rich_store(db_path: Path) -> Services:
    """The demo cases, plus what the demo does not make: sub-goals, a meeting held, a template, exports."""
    services = Services(Store.create(db_path, PASS, kdf=FAST_KDF), FixedClock(TODAY))
    load_demo(services.store, TODAY)
    rich_case(services)
    return services


def rich_case(services: Services, name: str = "Backup Berit", birth: date = date(1970, 5, 6)) -> int:
    c = services.create_case(name, national_id=synthetic_id(birth), birth_date=birth, coordinator="Kari")
    services.add_member(c.id, name, "Planeier", kind=MemberKind.PERSON)
    nav = services.add_member(c.id, "Nora", "NAV", organisation="NAV")
    goal = services.add_goal(c.id, "Jobbe igjen")
    services.add_goal(c.id, "Søke arbeidstrening", parent_id=goal.id)
    measure = services.add_measure(c.id, "Arbeidstrening", goal_ids=[goal.id], responsible_member_id=nav.id)
    services.add_evaluation(outcome=EvaluationOutcome.CONTINUE, measure_id=measure.id, comment="Går fint")
    brother = services.add_related(c.id, "Bror Berit", "bror")
    services.store.assessments.add(Assessment(case_id=c.id, assessed_on=TODAY, area="arbeid"))
    services.store.service_decisions.add(ServiceDecisionRef(case_id=c.id, system="NAV", reference="V-1"))
    services.add_consent(c.id, given_on=TODAY, method=ConsentMethod.WRITTEN, recipient_member_ids=[nav.id],
                         recipient_related_ids=[brother.id])  # fmt: skip
    services.add_note(c.id, "Ringte NAV om oppstart")
    meeting = services.meetings.plan_meeting(c.id, datetime(2026, 11, 22, 10))
    services.meetings.add_line(meeting.id, "b: Starter i januar")
    services.meetings.add_line(meeting.id, "o: Avtale oppstart @nora +1u")
    services.meetings.close(meeting.id)
    services.meetings.template_from_meeting(meeting.id, "Vanlig møte")
    # The next one, with what its summons says and what Nora sends because she cannot come.
    summoned = services.meetings.plan_meeting(
        c.id, datetime(2027, 1, 12, 10), video_link="https://meet.example/berit", person_points=["Ferien"],
        decisions_needed=["Full stilling?"],
    )  # fmt: skip
    services.meetings.set_written_input(summoned.id, nav.id, "Jeg er på kurs; søknaden er sendt.")
    services.exports.export(c.id, "json")
    return c.id


# -- backup and restore ------------------------------------------------------------------------------
def test_backup_restore_round_trips_every_table(db_path: Path, tmp_path: Path) -> None:
    services = rich_store(db_path)
    store = services.store
    before = everything(store)
    assert all(before[t] for t in ("cases", "goals", "measure_goals", "consent_recipients", "meeting_participants",
                                   "meeting_lines", "exports", "audit_log", "meeting_templates"))  # fmt: skip
    backup = services.backups.backup(tmp_path / "kopi" / "ipterm-kopi.db", OWN, kdf=FAST_KDF)
    assert sorted(p.name for p in backup.parent.iterdir()) == ["ipterm-kopi.db"]  # one file, nothing beside it
    assert backup.stat().st_mode & 0o777 == 0o600
    assert b"Backup Berit" not in backup.read_bytes() and b"SQLite format" not in backup.read_bytes()
    services.add_note(1, "skrevet etter kopien")
    store.close()

    aside = restore_backup(db_path, backup, OWN)
    assert aside.exists() and aside.with_name(aside.name + ".kdf").exists()
    restored = Store.unlock(db_path, OWN)  # the restored database opens with the backup's passphrase
    assert everything(restored) == before and restored.integrity_check() == "ok"
    assert restored.conn.execute("SELECT count(*) FROM search_index WHERE search_index MATCH 'oppstart'").fetchone()
    restored.close()
    Store.unlock(aside, PASS).close()  # the old database is intact beside it, with its own passphrase


def test_wrong_passphrase_corrupt_or_truncated_backup_is_refused_and_current_untouched(db_path, tmp_path) -> None:
    services = rich_store(db_path)
    backup = services.backups.backup(tmp_path / "kopi.db", PASS, kdf=FAST_KDF)
    services.store.close()
    current = {p.name: p.read_bytes() for p in db_path.parent.iterdir()}

    with pytest.raises(WrongPassphraseError):
        restore_backup(db_path, backup, "feil passord her")
    good = backup.read_bytes()
    damaged = bytearray(good)
    damaged[len(good) // 2 : len(good) // 2 + 64] = bytes(64)
    backup.write_bytes(bytes(damaged))
    with pytest.raises(CorruptDatabaseError, match="skadet"):
        restore_backup(db_path, backup, PASS)
    backup.write_bytes(good[: len(good) - 4096])
    with pytest.raises(CorruptDatabaseError):
        restore_backup(db_path, backup, PASS)
    backup.write_bytes(b"\0" * 16 + good[16:])  # the header with the salt is gone
    with pytest.raises(FileFormatError):
        restore_backup(db_path, backup, PASS)
    assert {p.name: p.read_bytes() for p in db_path.parent.iterdir()} == current  # nothing moved, nothing changed


def test_a_backup_from_a_newer_ipterm_is_refused(db_path, tmp_path) -> None:
    services = rich_store(db_path)
    backup = services.backups.backup(tmp_path / "kopi.db", PASS, kdf=FAST_KDF)
    services.store.close()
    key = files.file_key(backup, PASS)
    conn = sqlcipher3.connect(str(backup))
    conn.execute(f'PRAGMA key = "{key.pragma}"')
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(FileFormatError, match="nyere ipterm"):
        restore_backup(db_path, backup, PASS)
    assert not list(db_path.parent.glob("*before-restore*"))


def test_queued_backups_are_not_copied_into_the_next_backup(db_path, tmp_path) -> None:
    services = rich_store(db_path)
    share = tmp_path / "share"
    share.mkdir()
    from ipterm.config import Settings

    sync = confirmed_sync(services, Settings(sync={"destination": "folder", "folder": str(share)}))
    first = services.backups.backup(tmp_path / "a.db", PASS, kdf=FAST_KDF)
    sync.queue_backup(first)
    second = services.backups.backup(tmp_path / "b.db", PASS, kdf=FAST_KDF)
    assert second.stat().st_size < first.stat().st_size * 1.5  # not a copy inside a copy
    sync.queue_backup(second)
    assert [i.kind for i in sync.items()].count("backup") == 1  # the newer one replaced the older
    assert sync.run_once().sent >= 1
    assert [p.name for p in share.iterdir() if p.name.startswith("ipterm-sikkerhetskopi")]
    assert services.store.conn.execute("SELECT count(*) FROM outbox WHERE payload IS NOT NULL").fetchone()[0] == 0
    services.store.close()


# -- case handover package ---------------------------------------------------------------------------
def case_rows(store: Store, case_id: int) -> dict[str, int]:
    return {
        s.name: store.conn.execute(f"SELECT count(*) FROM {s.name} WHERE {s.where}", {"case": case_id}).fetchone()[0]
        for s in case_tables()
    }


def test_handover_package_moves_a_complete_case_to_another_data_dir(db_path, tmp_path) -> None:
    services = rich_store(db_path)
    case_id = services.store.conn.execute("SELECT id FROM cases WHERE person_name = 'Backup Berit'").fetchone()[0]
    package = tmp_path / "ut" / "overlevering.ipterm"
    secret = services.backups.export_case_package(case_id, package, kdf=FAST_KDF)
    assert re.fullmatch(r"[a-zæøå]+(-[a-zæøå]+){5}", secret)
    assert [p.name for p in package.parent.iterdir()] == ["overlevering.ipterm"]  # one file to hand over
    assert b"Backup Berit" not in package.read_bytes()
    original, sent = services.case_file(case_id), case_rows(services.store, case_id)
    assert all(sent.values()), sent  # every table of the case has rows in this example
    services.store.close()

    other = Services(Store.create(tmp_path / "kollega" / "ipterm.db", "kollegas eget passord", kdf=FAST_KDF),
                     FixedClock(TODAY))  # fmt: skip
    other.create_case("Noen Andre")
    other.create_case("Noen Tredje")
    new_id = other.backups.import_case_package(package, secret.upper().replace("-", " "))  # read out loud
    assert new_id != case_id
    arrived = case_rows(other.store, new_id)
    assert arrived == {**sent, "audit_log": sent["audit_log"] + 1}  # plus one entry saying it was imported
    moved = other.case_file(new_id)
    for name in ("related", "members", "goals", "measures", "evaluations", "consents", "meetings", "decisions",
                 "action_items", "notes", "coordinators", "assessments", "service_decisions", "participants",
                 "meeting_lines"):  # fmt: skip
        assert len(getattr(moved, name)) == len(getattr(original, name)), name
    nora = next(m.id for m in moved.members if m.name == "Nora")
    summoned = next(m for m in moved.meetings if m.video_link)
    assert (summoned.video_link, summoned.person_points, summoned.decisions_needed) == (
        "https://meet.example/berit", ("Ferien",), ("Full stilling?",),
    )  # fmt: skip
    assert [p.written_input for p in moved.participants_of(summoned.id) if p.member_id == nora] == [
        "Jeg er på kurs; søknaden er sendt."
    ]
    assert moved.measures[0].responsible_member_id == nora
    assert moved.consents[0].recipient_member_ids == (nora,)
    sub = next(g for g in moved.goals if g.parent_id is not None)
    assert sub.parent_id in {g.id for g in moved.goals if g.parent_id is None}
    template = other.meetings.templates(new_id)[0]
    assert len(template.invitee_member_ids) == len(original.members)  # the whole group, none lost on the way
    assert set(template.invitee_member_ids) <= {m.id for m in moved.members}
    assert other.search("oppstart", case_id=new_id)
    assert [e.case_id for e in other.exports.history(new_id)] == [new_id]
    assert other.store.integrity_check() == "ok"
    assert other.store.conn.execute("PRAGMA foreign_key_check").fetchall() == []

    with pytest.raises(DuplicateCaseError, match=r"finnes allerede her som sak \d+ \(samme fødselsnummer\)"):
        other.backups.import_case_package(package, secret)
    with pytest.raises(WrongPassphraseError):
        other.backups.import_case_package(package, "feil-ord-her")
    other.store.close()


def test_same_name_and_birth_date_without_national_id_is_a_duplicate(db_path, tmp_path) -> None:
    services = Services(Store.open(db_path, key=bytes(range(32)), create=True), FixedClock(TODAY))
    case = services.create_case("Ola Nordmann", birth_date=date(1980, 1, 2))
    package = tmp_path / "p.ipterm"
    secret = services.backups.export_case_package(case.id, package, kdf=FAST_KDF)
    with pytest.raises(DuplicateCaseError, match="samme navn og fødselsdato"):
        services.backups.import_case_package(package, secret)
    assert services.store.cases.count() == 1
    services.store.close()


def test_backups_and_packages_are_not_mixed_up(db_path, tmp_path) -> None:
    services = rich_store(db_path)
    backup = services.backups.backup(tmp_path / "kopi.db", PASS, kdf=FAST_KDF)
    package = tmp_path / "sak.ipterm"
    secret = services.backups.export_case_package(1, package, kdf=FAST_KDF)
    with pytest.raises(FileFormatError, match="ipterm restore"):
        services.backups.import_case_package(backup, PASS)
    services.store.close()
    with pytest.raises(FileFormatError, match="ipterm import"):
        restore_backup(db_path, package, secret)


def test_a_backup_in_the_first_format_with_a_kdf_file_still_restores(db_path, tmp_path) -> None:
    from ipterm.store import keys
    from ipterm.store.connection import APPLICATION_ID
    from ipterm.store.schema import current_version

    services = rich_store(db_path)
    before = everything(services.store)
    old = tmp_path / "gammel.db"  # as the first version wrote it: raw key, parameters in old.db.kdf
    params = keys.KdfParams.new(**FAST_KDF)
    key = keys.derive_key(OWN, params)
    conn = services.store.conn
    conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{key.hex()}'\"", (str(old),))
    conn.execute("SELECT sqlcipher_export('backup')")
    conn.execute(f"PRAGMA backup.user_version = {current_version(conn)}")
    conn.execute(f"PRAGMA backup.application_id = {APPLICATION_ID}")
    conn.execute("DETACH DATABASE backup")
    keys.write_sidecar(keys.sidecar_path(old), params, key)
    services.store.close()
    restore_backup(db_path, old, OWN)
    restored = Store.unlock(db_path, OWN)
    assert everything(restored) == before
    restored.close()
