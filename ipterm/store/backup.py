"""Encrypted backups (sqlcipher_export into a new SQLCipher file) and single-case copies for handover."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import datetime
from pathlib import Path

from ipterm.domain.errors import IptermError
from ipterm.domain.models import CaseFile
from ipterm.store import keys
from ipterm.store.connection import APPLICATION_ID, DatabaseError, restrict_file_modes
from ipterm.store.database import Store
from ipterm.store.errors import translate
from ipterm.store.schema import LATEST_VERSION, current_version


class BackupError(IptermError):
    pass


def write_backup(store: Store, target: Path, passphrase: str, *, kdf: dict[str, int] | None = None) -> Path:
    """Copy the whole database into a new encrypted file (with its own `.kdf`), never in plaintext."""
    if target.exists():
        raise BackupError(f"{target} finnes allerede.", f"{target} already exists.")
    target.parent.mkdir(parents=True, exist_ok=True)
    params = keys.KdfParams.new(**(kdf or {}))
    key = keys.derive_key(passphrase, params)
    try:
        store.conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{key.hex()}'\"", (str(target),))
        try:
            store.conn.execute("SELECT sqlcipher_export('backup')")
            store.conn.execute(f"PRAGMA backup.user_version = {current_version(store.conn)}")
            store.conn.execute(f"PRAGMA backup.application_id = {APPLICATION_ID}")
        finally:
            store.conn.execute("DETACH DATABASE backup")
    except (DatabaseError, OSError) as exc:
        target.unlink(missing_ok=True)
        raise translate(exc, target.name) from None
    keys.write_sidecar(keys.sidecar_path(target), params, key)
    restrict_file_modes(target)
    return target


def check_backup(path: Path, passphrase: str) -> int:
    """Open a backup read-only in spirit: passphrase, integrity and schema version. Returns its case count.

    Raises:
        WrongPassphraseError, KeyFileError, StoreError, BackupError
    """
    key = keys.unlock_key(path, passphrase)
    from ipterm.store.connection import open_connection

    conn = open_connection(path, key)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        version = current_version(conn)
        cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    except (DatabaseError, OSError) as exc:
        raise translate(exc, path.name) from None
    finally:
        conn.close()
    if result != "ok":
        raise BackupError(
            "Sikkerhetskopien er skadet (integritetssjekk feilet).", "The backup is damaged (integrity check failed)."
        )
    if version > LATEST_VERSION:
        raise BackupError("Sikkerhetskopien er fra en nyere ipterm.", "The backup is from a newer ipterm.")
    return int(cases)


def restore_backup(db_path: Path, backup: Path, passphrase: str) -> Path:
    """Check the backup, move the current database aside, put the backup in its place.

    Returns where the old database was kept. Nothing is touched if the check fails.
    """
    check_backup(backup, passphrase)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
    moved = []
    try:
        for suffix in ("", "-wal", "-shm", ".kdf"):
            source = db_path.with_name(db_path.name + suffix)
            if source.exists():
                source.replace(aside.with_name(aside.name + suffix))
                moved.append(suffix)
        shutil.copyfile(backup, db_path)
        shutil.copyfile(keys.sidecar_path(backup), keys.sidecar_path(db_path))
        restrict_file_modes(db_path)
    except OSError as exc:
        for suffix in moved:  # put everything back as it was
            aside.with_name(aside.name + suffix).replace(db_path.with_name(db_path.name + suffix))
        raise translate(exc, db_path.name) from None
    return aside


def copy_case(case_file: CaseFile, target: Store) -> int:
    """Insert a whole case into `target` with new ids; returns the new case id."""
    with target.transaction():
        case = target.cases.add(dataclasses.replace(case_file.case, id=None))
        cid = case.id
        members = {m.id: target.members.add(dataclasses.replace(m, id=None, case_id=cid)).id
                   for m in case_file.members}  # fmt: skip
        goals: dict[int, int] = {}
        for g in case_file.goals:  # main goals come before their sub-goals
            goals[g.id] = target.goals.add(dataclasses.replace(g, id=None, case_id=cid,
                                                               parent_id=goals.get(g.parent_id))).id  # fmt: skip
        measures = {
            m.id: target.measures.add(dataclasses.replace(
                m, id=None, case_id=cid, goal_ids=tuple(goals[x] for x in m.goal_ids if x in goals),
                responsible_member_id=members.get(m.responsible_member_id))).id
            for m in case_file.measures
        }  # fmt: skip
        meetings = {mt.id: target.meetings.add(dataclasses.replace(mt, id=None, case_id=cid)).id
                    for mt in case_file.meetings}  # fmt: skip
        for p in case_file.participants:
            target.set_participant(dataclasses.replace(p, meeting_id=meetings[p.meeting_id],
                                                       member_id=members[p.member_id]))  # fmt: skip
        for line in case_file.meeting_lines:
            target.meeting_lines.add(dataclasses.replace(line, id=None, meeting_id=meetings[line.meeting_id]))
        for e in case_file.evaluations:
            target.evaluations.add(dataclasses.replace(
                e, id=None, case_id=cid, goal_id=goals.get(e.goal_id), measure_id=measures.get(e.measure_id),
                meeting_id=meetings.get(e.meeting_id)))  # fmt: skip
        for c in case_file.consents:
            target.consents.add(
                dataclasses.replace(
                    c, id=None, case_id=cid, recipient_member_ids=tuple(members[r] for r in c.recipient_member_ids)
                )
            )
        for d in case_file.decisions:
            target.decisions.add(dataclasses.replace(d, id=None, case_id=cid, meeting_id=meetings.get(d.meeting_id)))
        for a in case_file.action_items:
            target.action_items.add(
                dataclasses.replace(
                    a,
                    id=None,
                    case_id=cid,
                    meeting_id=meetings.get(a.meeting_id),
                    owner_member_id=members.get(a.owner_member_id),
                    measure_id=measures.get(a.measure_id),
                )
            )
        simple: list[tuple[object, tuple]] = [
            (target.related, case_file.related), (target.notes, case_file.notes),
            (target.coordinators, case_file.coordinators), (target.assessments, case_file.assessments),
            (target.service_decisions, case_file.service_decisions),
        ]  # fmt: skip
        for repository, rows in simple:
            for row in rows:
                repository.add(dataclasses.replace(row, id=None, case_id=cid))  # type: ignore[attr-defined]
    return int(cid)
