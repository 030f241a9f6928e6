"""The Store: one open, keyed SQLCipher database and the repositories over it."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ipterm import fileio
from ipterm.domain.models import (
    ActionItem,
    Assessment,
    Attendance,
    AuditEntry,
    Case,
    CaseFile,
    Consent,
    CoordinatorAssignment,
    Decision,
    Evaluation,
    Goal,
    Measure,
    Meeting,
    MeetingLine,
    MeetingParticipant,
    MeetingTemplate,
    Member,
    Note,
    RelatedPerson,
    ServiceDecisionRef,
)
from ipterm.paths import ensure_private_dir
from ipterm.store import keys
from ipterm.store.connection import Connection, DatabaseError, key_opens, open_connection, restrict_file_modes
from ipterm.store.errors import StoreError, translate
from ipterm.store.lock import DatabaseLock
from ipterm.store.mapping import from_row, row_dict
from ipterm.store.repository import Link, Repository, audit_json
from ipterm.store.schema import migrate

# Audit-log entities whose rows a plan document shows.
PLAN_ENTITIES = ("case", "related_person", "member", "goal", "measure", "evaluation", "consent",
                 "coordinator_history", "assessment", "service_decision")  # fmt: skip

log = logging.getLogger(__name__)


def _no_step(step: str) -> None:
    """Where `change_passphrase` stands; a test process replaces this to die at each step."""


PASSWD_STEP: Callable[[str], None] = _no_step


class Store:
    """An unlocked database. Create with `Store.create`, `Store.unlock` or `Store.open` (raw key)."""

    def __init__(self, conn: Connection, path: Path, *, now: Callable[[], datetime] | None = None) -> None:
        self.conn = conn
        self.path = path
        self.now = now or (lambda: datetime.now().replace(microsecond=0))
        self._depth = 0
        self._key = bytearray()
        self._lock: DatabaseLock | None = None
        self.cases = Repository(self, Case, "cases", order_by="person_name COLLATE NOCASE, id", case_column="id")
        self.related = Repository(self, RelatedPerson, "related_persons")
        self.members = Repository(self, Member, "members", order_by="is_coordinator DESC, kind = 'service', id")
        self.goals = Repository(
            self, Goal, "goals", order_by="coalesce(parent_id, id), parent_id IS NOT NULL, position, id"
        )
        self.measures = Repository(
            self, Measure, "measures", links={"goal_ids": Link("measure_goals", "measure_id", "goal_id")}
        )
        self.evaluations = Repository(self, Evaluation, "evaluations", order_by="evaluated_on, id")
        self.consents = Repository(
            self,
            Consent,
            "consents",
            links={
                "recipient_member_ids": Link("consent_recipients", "consent_id", "member_id"),
                "recipient_related_ids": Link("consent_related_recipients", "consent_id", "related_id"),
            },
        )
        self.meetings = Repository(self, Meeting, "meetings", order_by="starts_at, id")
        self.decisions = Repository(self, Decision, "decisions", order_by="decided_on, id")
        self.action_items = Repository(self, ActionItem, "action_items", order_by="coalesce(due_on, '9999'), id")
        self.notes = Repository(self, Note, "notes", order_by="written_at DESC, id DESC")
        self.coordinators = Repository(self, CoordinatorAssignment, "coordinator_history", order_by="from_date, id")
        self.assessments = Repository(self, Assessment, "assessments", order_by="assessed_on, id")
        self.service_decisions = Repository(self, ServiceDecisionRef, "service_decisions", order_by="decided_on, id")
        self.meeting_templates = Repository(self, MeetingTemplate, "meeting_templates", order_by="name, id")
        self.meeting_lines = Repository(
            self, MeetingLine, "meeting_lines", order_by="position, id", case_column="meeting_id"
        )

    # -- opening and closing -------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, key: bytes | bytearray, create: bool = False, **kwargs: Any) -> Store:
        """Open with a raw 256-bit key (tests, benchmarks); migrate to the latest schema."""
        if create:
            ensure_private_dir(path.parent)
        # Held while the database is open, so a restore cannot swap the file under this process.
        lock = DatabaseLock.shared(path) if create or path.exists() else None
        try:
            conn = open_connection(path, bytes(key), create=create)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        try:
            migrate(conn)
        except BaseException as exc:
            conn.close()
            if lock is not None:
                lock.release()
            if isinstance(exc, DatabaseError | OSError):
                raise translate(exc, path.name) from None
            raise
        restrict_file_modes(path)
        store = cls(conn, path, **kwargs)
        store._key = bytearray(key)  # zeroed in place on close (lock, quit)
        store._lock = lock
        return store

    def clone(self) -> Store:
        """A second connection to the same database, for a background thread (a connection is not shared
        between threads while one of them is inside a transaction)."""
        if not any(self._key):  # closed (locked): the key was wiped
            raise ValueError("the store is closed")
        return Store.open(self.path, key=self._key, now=self.now)

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        kdf: dict[str, int] | None = None,
        public_passphrase: bool = False,
        **kwargs: Any,
    ) -> Store:
        """A new database protected by `passphrase` (strength is the caller's check).

        A low `kdf` cost is honoured only for a public passphrase (the demo) or in tests (`keys.cost_for_new_key`).
        """
        params = keys.KdfParams.new(**keys.cost_for_new_key(kdf, public_passphrase=public_passphrase))
        key = keys.derive_key(passphrase, params)
        store = cls.open(path, key=key, create=True, **kwargs)
        keys.write_sidecar(keys.sidecar_path(path), params, key)
        return store

    @classmethod
    def unlock(cls, path: Path, passphrase: str, **kwargs: Any) -> Store:
        """Open an existing database with its passphrase; finishes an interrupted passphrase change.

        Raises:
            WrongPassphraseError, PassphraseChangedError, KeyFileError, StoreError subclasses.
        """
        if not path.exists():
            open_connection(path, bytes(32))  # raises the "no database here" message
        key, params = keys.unlock_key(path, passphrase, lambda candidate: key_opens(path, candidate))
        # A WAL or shared-memory file beside the database means another connection has it open (SQLite
        # removes both when the last one closes): re-keying now would leave that one with a stale key.
        alone = not any(path.with_name(path.name + s).exists() for s in ("-wal", "-shm"))
        store = cls.open(path, key=key, **kwargs)
        if alone and params.below_full_cost() and not path.name.endswith("-demo.db") and not keys.low_cost_allowed():
            store._strengthen(passphrase)
        return store

    def _strengthen(self, passphrase: str) -> None:
        """Re-key a real database that an earlier ipterm made with the low test cost (the hidden
        `--kdf-cost low`) under the full cost, with the same passphrase. It runs through the crash-safe
        passphrase change, so a kill at any step leaves the passphrase working; a failure (read-only folder,
        full disk) leaves the database as it was and is tried again at the next unlock. Only done when no
        other connection has the database open."""
        try:
            self.change_passphrase(passphrase)
        except (StoreError, OSError) as exc:
            log.warning("key derivation cost not raised: %s", type(exc).__name__)
            return
        log.info("key derivation cost raised to the full cost")

    def change_passphrase(self, new_passphrase: str, *, kdf: dict[str, int] | None = None) -> None:
        """Re-encrypt the database under a key from `new_passphrase` (PRAGMA rekey).

        The steps, and what unlocking does if the process dies after each (`keys.unlock_key`):
        1. the new parameter file is written as `.kdf.new` (old passphrase works; `.kdf.new` is removed);
        2. PRAGMA rekey re-encrypts every page in one transaction (before its commit: the old passphrase;
           after: the new one, through `.kdf.new`, which then replaces `.kdf`);
        3. `.kdf.new` replaces `.kdf`.
        """
        params = keys.KdfParams.new(**keys.cost_for_new_key(kdf))
        key = keys.derive_key(new_passphrase, params)
        sidecar = keys.sidecar_path(self.path)
        pending = keys.pending_path(self.path)
        keys.write_sidecar(pending, params, key)
        PASSWD_STEP("new-key-file-written")
        try:
            self.conn.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
            PASSWD_STEP("rekeyed")
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except (DatabaseError, OSError) as exc:
            pending.unlink(missing_ok=True)
            raise translate(exc, self.path.name) from None
        PASSWD_STEP("checked")
        pending.replace(sidecar)
        fileio.fsync_dir(self.path.parent)
        self._key[:] = bytes(len(self._key))
        self._key = bytearray(key)
        PASSWD_STEP("renamed")

    def close(self) -> None:
        # A closed (locked) store cannot be cloned into a new connection, and its key is no longer in memory
        # as far as Python allows: the bytearray is overwritten in place (copies made by the SQLCipher
        # binding and the pragma strings are wiped by cipher_memory_security or left to the allocator).
        self._key[:] = bytes(len(self._key))
        with contextlib.suppress(DatabaseError):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()
        restrict_file_modes(self.path)
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- transactions and audit ----------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work. A nested call is a SAVEPOINT inside the outer transaction: when it fails
        and the caller catches the failure, what the inner unit wrote is undone, never committed by the outer."""
        if self._depth:
            savepoint = f"ipterm_{self._depth}"
            try:
                self.conn.execute(f"SAVEPOINT {savepoint}")
            except (DatabaseError, OSError) as exc:
                raise translate(exc, self.path.name) from None
            self._depth += 1
            try:
                yield
            except BaseException as exc:
                self._depth -= 1
                with contextlib.suppress(DatabaseError):
                    self.conn.execute(f"ROLLBACK TO {savepoint}")
                    self.conn.execute(f"RELEASE {savepoint}")
                if isinstance(exc, DatabaseError | OSError):
                    raise translate(exc, self.path.name) from None
                raise
            self._depth -= 1
            try:
                self.conn.execute(f"RELEASE {savepoint}")
            except (DatabaseError, OSError) as exc:
                raise translate(exc, self.path.name) from None
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except (DatabaseError, OSError) as exc:
            raise translate(exc, self.path.name) from None
        self._depth = 1
        try:
            yield
        except BaseException as exc:
            self._depth = 0
            with contextlib.suppress(DatabaseError):
                self.conn.execute("ROLLBACK")
            if isinstance(exc, DatabaseError | OSError):
                raise translate(exc, self.path.name) from None
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except (DatabaseError, OSError) as exc:
            with contextlib.suppress(DatabaseError):
                self.conn.execute("ROLLBACK")
            raise translate(exc, self.path.name) from None

    def audit(self, entity: str, entity_id: int, case_id: int | None, action: str, changes: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO audit_log (at, entity, entity_id, case_id, action, changes) VALUES (?, ?, ?, ?, ?, ?)",
            (self.now().isoformat(timespec="seconds"), entity, entity_id, case_id, action, audit_json(changes)),
        )

    def audit_trail(self, case_id: int, *, limit: int = 500) -> list[AuditEntry]:
        rows = self.conn.execute(
            "SELECT * FROM audit_log WHERE case_id = ? ORDER BY id DESC LIMIT ?", (case_id, limit)
        ).fetchall()
        return [from_row(AuditEntry, row) for row in rows]

    def audit_of(self, case_id: int, entities: tuple[str, ...]) -> list[AuditEntry]:
        """The whole trail of some kinds of rows in a case, oldest first (no limit: minutes read it back)."""
        marks = ", ".join("?" * len(entities))
        rows = self.conn.execute(
            f"SELECT * FROM audit_log WHERE case_id = ? AND entity IN ({marks}) ORDER BY id", (case_id, *entities)
        ).fetchall()
        return [from_row(AuditEntry, row) for row in rows]

    # -- meeting participants (keyed by meeting and member) ------------------------------------
    def participants(self, meeting_id: int) -> list[MeetingParticipant]:
        rows = self.conn.execute(
            "SELECT * FROM meeting_participants WHERE meeting_id = ? ORDER BY member_id", (meeting_id,)
        ).fetchall()
        return [from_row(MeetingParticipant, row) for row in rows]

    def set_participant(self, participant: MeetingParticipant) -> None:
        values = row_dict(participant)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO meeting_participants (meeting_id, member_id, attendance, why_invited, written_input) "
                "VALUES (:meeting_id, :member_id, :attendance, :why_invited, :written_input) "
                "ON CONFLICT (meeting_id, member_id) DO UPDATE SET attendance = excluded.attendance, "
                "why_invited = excluded.why_invited, written_input = excluded.written_input",
                values,
            )
            case_id = self.conn.execute("SELECT case_id FROM meetings WHERE id = ?", (participant.meeting_id,))
            row = case_id.fetchone()
            self.audit(
                "meeting_participant",
                participant.meeting_id,
                row[0] if row else None,
                "update",
                {"member_id": [None, participant.member_id], "attendance": [None, values["attendance"]]}
                | ({"written_input": [None, values["written_input"]]} if participant.written_input else {}),
            )

    def attendance(self, meeting_id: int) -> dict[int, Attendance]:
        return {p.member_id: p.attendance for p in self.participants(meeting_id)}

    # -- whole case ----------------------------------------------------------------------------
    def load_case_file(self, case_id: int) -> CaseFile:
        case = self.cases.get(case_id)
        return CaseFile(
            case=case,
            related=tuple(self.related.for_case(case_id)),
            members=tuple(self.members.for_case(case_id)),
            goals=tuple(self.goals.for_case(case_id)),
            measures=tuple(self.measures.for_case(case_id)),
            evaluations=tuple(self.evaluations.for_case(case_id)),
            consents=tuple(self.consents.for_case(case_id)),
            meetings=tuple(self.meetings.for_case(case_id)),
            decisions=tuple(self.decisions.for_case(case_id)),
            action_items=tuple(self.action_items.for_case(case_id)),
            notes=tuple(self.notes.for_case(case_id)),
            coordinators=tuple(self.coordinators.for_case(case_id)),
            assessments=tuple(self.assessments.for_case(case_id)),
            service_decisions=tuple(self.service_decisions.for_case(case_id)),
            participants=tuple(self._participants_for_case(case_id)),
            meeting_lines=tuple(
                self.meeting_lines.where("meeting_id IN (SELECT id FROM meetings WHERE case_id = ?)", (case_id,))
            ),
            plan_changed_at=self.plan_changed_at(case_id),
        )

    def plan_changed_at(self, case_id: int) -> datetime | None:
        """The last audited change to what a plan shows (case, people, goals, measures, consents and the
        like); notes, meetings and exports do not count."""
        marks = ",".join("?" * len(PLAN_ENTITIES))
        row = self.conn.execute(
            f"SELECT max(at) FROM audit_log WHERE case_id = ? AND entity IN ({marks})", (case_id, *PLAN_ENTITIES)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def _participants_for_case(self, case_id: int) -> list[MeetingParticipant]:
        rows = self.conn.execute(
            "SELECT p.* FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id "
            "WHERE m.case_id = ? ORDER BY p.meeting_id, p.member_id",
            (case_id,),
        ).fetchall()
        return [from_row(MeetingParticipant, row) for row in rows]

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])
