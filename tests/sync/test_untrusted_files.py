"""Handover packages and backups are data, not instructions: crafted files built here from a real export,
each refused with its message and the receiving database byte for byte as it was; a restore never swaps
the database from under a running ipterm."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlcipher3

from ipterm.config import Settings
from ipterm.services import FixedClock, Services
from ipterm.store import files, schema, untrusted
from ipterm.store.backup import restore_backup
from ipterm.store.connection import APPLICATION_ID
from ipterm.store.database import Store
from ipterm.store.files import FileFormatError
from ipterm.store.keys import FAST_KDF
from ipterm.store.lock import DatabaseInUseError
from ipterm.store.schema import LATEST_VERSION
from ipterm.store.untrusted import SchemaMismatchError, TooLargeError

from ..conftest import TODAY
from .test_backup_and_handover import rich_case

SENDER_PASS = "avsenders eget lange passord"
RECEIVER_PASS = "mottakers eget lange passord"
SCHEMA = "databaseskjemaet i filen er ikke det ipterm lager"
OUTSIDE = "viser til noe utenfor saken"


def digest(db: Path) -> str:
    """The database file's bytes; the store is closed, so its WAL is checkpointed and empty."""
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    return hashlib.sha256(db.read_bytes()).hexdigest()


@dataclass
class Handover:
    package: Path
    secret: str
    receiver: Path
    before: str  # sha256 of the receiver's database

    def tampered(self, *statements: str, name: str = "sak.ipterm") -> Path:
        """A copy of the real package, changed with its own key the way an attacker would."""
        copy = self.package.with_name(name)
        shutil.copyfile(self.package, copy)
        tamper(copy, files.file_key(copy, self.secret).pragma, statements)
        return copy

    def receiving(self) -> Services:
        return Services(Store.unlock(self.receiver, RECEIVER_PASS), FixedClock(TODAY))


def tamper(path: Path, pragma_key: str, statements: tuple[str, ...] | list[str]) -> None:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f'PRAGMA key = "{pragma_key}"')
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


@pytest.fixture
def handover(tmp_path: Path) -> Handover:
    # The sender's case is number 2, like one of the receiver's: a reference left as it is lands there.
    sender = Services(Store.create(tmp_path / "avsender" / "ipterm.db", SENDER_PASS, kdf=FAST_KDF), FixedClock(TODAY))
    sender.create_case("Annen Avsender")
    case_id = rich_case(sender)
    assert case_id == 2
    package = tmp_path / "ut" / "overlevering.ipterm"
    secret = sender.backups.export_case_package(case_id, package, kdf=FAST_KDF)
    sender.store.close()

    receiver = tmp_path / "mottaker" / "ipterm.db"
    here = Services(Store.create(receiver, RECEIVER_PASS, kdf=FAST_KDF), FixedClock(TODAY))
    for name in ("Mottaker En", "Mottaker To"):
        case = here.create_case(name)
        here.add_member(case.id, f"Nav for {name}", "NAV", organisation="NAV")
        here.add_note(case.id, f"Eget notat om {name}")
    here.store.close()
    before = digest(receiver)
    Store.unlock(receiver, RECEIVER_PASS).close()
    assert digest(receiver) == before  # opening and closing alone changes nothing
    return Handover(package, secret, receiver, before)


def refused(handover: Handover, package: Path, error: type[Exception], match: str) -> str:
    services = handover.receiving()
    try:
        with pytest.raises(error, match=match) as caught:
            services.backups.import_case_package(package, handover.secret)
    finally:
        services.store.close()
    assert digest(handover.receiver) == handover.before
    message = str(caught.value)
    assert package.name in message and "\n" not in message  # one line that names the package
    return message


def outbox_as(name: str) -> list[str]:
    """Replace the outbox by a table of the same columns under another spelling of its name."""
    objects = untrusted.reference(LATEST_VERSION).schema.objects
    create = next(sql for kind, n, _t, sql in objects if kind == "table" and n == "outbox")
    return [
        "DROP TABLE outbox",
        create.replace("CREATE TABLE outbox", f"CREATE TABLE {name}", 1),
        f"INSERT INTO {name} (export_id, destination, remote_name, content_hash, next_attempt_at, created_at, "
        "updated_at) SELECT id, 'folder', '../../../.bashrc', content_hash, '2026-01-01', '2026-01-01', "
        "'2026-01-01' FROM exports",
    ]


NOTES_WITHOUT_REFERENCES = [
    "CREATE TABLE notes_x (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, written_at TEXT NOT NULL, "
    "kind TEXT NOT NULL DEFAULT 'other', text TEXT NOT NULL, info_kind TEXT)",
    "INSERT INTO notes_x SELECT * FROM notes",
    "DROP TABLE notes",
    "ALTER TABLE notes_x RENAME TO notes",
    "CREATE INDEX notes_case ON notes(case_id, written_at)",
    "INSERT INTO notes (case_id, written_at, kind, text) VALUES (2, '2026-11-22T10:00:00', 'other', 'Plantet')",
]

CRAFTED_SCHEMAS = {
    "sql in a column name": [
        'ALTER TABLE goals RENAME COLUMN text TO "text) SELECT group_concat(person_name || national_id) FROM cases --"'
    ],
    "upsert column": [
        "ALTER TABLE notes RENAME COLUMN text TO \"text) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET text = 'x' --\""
    ],
    "table without REFERENCES": NOTES_WITHOUT_REFERENCES,
    "OUTBOX in capitals": outbox_as("OUTBOX"),
    "Outbox mixed case": outbox_as("Outbox"),
    "Secrets in another case": [
        "DROP TABLE secrets",
        "CREATE TABLE Secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, case_id INTEGER)",
        "INSERT INTO Secrets VALUES ('sync:webdav', 'angriperens-passord', 2)",
    ],
    "generated column": [
        "ALTER TABLE goals ADD COLUMN fylt TEXT GENERATED ALWAYS AS (printf('%.*c', 200000, 'x')) VIRTUAL"
    ],
    "extra trigger": ["CREATE TRIGGER notes_spy AFTER INSERT ON notes BEGIN UPDATE notes SET text = 'borte'; END"],
    "view": ["CREATE VIEW alle AS SELECT person_name, national_id FROM cases"],
    "view in place of a table": [
        "DROP TABLE service_decisions",
        "CREATE VIEW service_decisions AS SELECT id, id AS case_id, person_name AS system, national_id AS "
        "reference, NULL AS decided_on, '' AS description FROM cases",
    ],
    "index on an expression": ["CREATE INDEX notes_big ON notes(printf('%.*c', 100000, text))"],
    "extra table": ["CREATE TABLE ekstra (x TEXT)"],
}


@pytest.mark.parametrize("crafted", sorted(CRAFTED_SCHEMAS))
def test_a_package_whose_schema_is_not_ipterms_is_refused_and_nothing_changes(handover: Handover, crafted) -> None:
    package = handover.tampered(*CRAFTED_SCHEMAS[crafted])
    message = refused(handover, package, SchemaMismatchError, SCHEMA)
    assert message.startswith("sak.ipterm er avvist")


def test_the_same_package_untouched_comes_in(handover: Handover) -> None:
    """The control for the crafted ones: the real package imports, with an audit row saying so."""
    services = handover.receiving()
    new_id = services.backups.import_case_package(handover.package, handover.secret)
    assert new_id == 3
    trail = services.store.audit_trail(new_id)
    assert any("overlevering.ipterm" in e.changes.get("imported_from", [None, ""])[1] for e in trail)
    assert [n.text for n in services.case_file(1).notes] == ["Eget notat om Mottaker En"]
    assert [n.text for n in services.case_file(2).notes] == ["Eget notat om Mottaker To"]
    services.store.close()


def as_older_version(handover: Handover, version: int, name: str) -> Path:
    """The real package rebuilt as an ipterm of schema `version` would have written it: that version's
    migrations run in a new file with the package's key, and the rows copied over column by column."""
    older = handover.package.with_name(name)
    key = files.file_key(handover.package, handover.secret).pragma
    conn = sqlcipher3.connect(str(older), isolation_level=None)
    try:
        conn.execute(f'PRAGMA key = "{key}"')
        conn.execute("PRAGMA foreign_keys = OFF")
        schema.migrate(conn, target=version)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f'ATTACH DATABASE ? AS pkg KEY "{key}"', (str(handover.package),))
        reference = untrusted.reference(version)
        for table in reference.schema.tables():
            if table in reference.virtual or table.startswith("sqlite_"):
                continue
            columns = ", ".join(untrusted.quote(c) for c in reference.column_names(table))
            conn.execute(f"INSERT OR REPLACE INTO main.{table} ({columns}) SELECT {columns} FROM pkg.{table}")
        conn.execute("DETACH DATABASE pkg")
    finally:
        conn.close()
    return older


def test_a_package_from_an_older_ipterm_comes_in_through_its_own_schema(handover: Handover) -> None:
    """A package of schema 5 (before the due-list indexes) is checked against schema 5, then migrated."""
    package = as_older_version(handover, 5, "eldre.ipterm")
    services = handover.receiving()
    new_id = services.backups.import_case_package(package, handover.secret)
    assert services.get_case(new_id).person_name == "Backup Berit"
    assert len(services.case_file(new_id).goals) == 2
    services.store.close()
    handover.before = digest(handover.receiver)
    older = handover.tampered("PRAGMA user_version = 5", name="feil-versjon.ipterm")  # says 5, has 6's indexes
    refused(handover, older, SchemaMismatchError, SCHEMA)


@pytest.mark.slow
def test_ipterm_import_of_a_crafted_package_prints_one_line_and_changes_nothing(handover: Handover) -> None:
    package = handover.tampered(*CRAFTED_SCHEMAS["OUTBOX in capitals"])
    env = {**os.environ, "IPTERM_DATA_DIR": str(handover.receiver.parent), "IPTERM_PASSPHRASE": RECEIVER_PASS,
           "IPTERM_PACKAGE_PASSPHRASE": handover.secret}  # fmt: skip
    for lang, line in (
        ("nb", "sak.ipterm er avvist: databaseskjemaet i filen er ikke det ipterm lager"),
        ("en", "sak.ipterm was refused: the database schema in the file is not the one ipterm makes"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "ipterm", "--lang", lang, "import", str(package)],
            env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith(line), result.stderr
        assert "Traceback" not in result.stderr + result.stdout
    assert digest(handover.receiver) == handover.before


def test_a_link_to_a_row_outside_the_case_is_refused(handover: Handover) -> None:
    # measure -> a goal that is not in the package; the package's own foreign keys are off.
    package = handover.tampered("INSERT INTO measure_goals (measure_id, goal_id) SELECT id, 999 FROM measures")
    refused(handover, package, FileFormatError, OUTSIDE + r" \(measure_goals\.goal_id\)")


def test_a_reference_to_a_member_outside_the_package_is_refused(handover: Handover) -> None:
    package = handover.tampered("UPDATE measures SET responsible_member_id = 999")
    refused(handover, package, FileFormatError, OUTSIDE + r" \(measures\.responsible_member_id\)")


def test_a_sub_goal_under_a_goal_elsewhere_is_refused(handover: Handover) -> None:
    package = handover.tampered("UPDATE goals SET parent_id = 9999 WHERE parent_id IS NOT NULL")
    refused(handover, package, FileFormatError, OUTSIDE)


def test_a_value_of_the_wrong_kind_is_refused(handover: Handover) -> None:
    package = handover.tampered("UPDATE goals SET position = 'tre'")
    refused(handover, package, FileFormatError, r"en verdi er av feil slag \(goals\.position\)")


def test_rows_of_other_cases_and_foreign_ids_are_never_carried(handover: Handover) -> None:
    """With ipterm's schema intact, rows filed under another case are not read, invitee ids that are not the
    package's members are dropped, and audit entries point only at the imported rows."""
    package = handover.tampered(
        "INSERT INTO notes (case_id, written_at, kind, text) VALUES (1, '2026-11-22T10:00:00', 'other', 'Plantet')",
        "UPDATE meeting_templates SET invitee_member_ids = json_insert(invitee_member_ids, '$[#]', 1, '$[#]', 999)",
        "INSERT INTO audit_log (at, entity, entity_id, case_id, action) VALUES ('2026-11-22', 'note', 1, 2, 'update')",
    )
    services = handover.receiving()
    new_id = services.backups.import_case_package(package, handover.secret)
    assert [n.text for n in services.case_file(1).notes] == ["Eget notat om Mottaker En"]
    assert [n.text for n in services.case_file(2).notes] == ["Eget notat om Mottaker To"]
    everywhere = services.store.conn.execute("SELECT count(*) FROM notes WHERE text = 'Plantet'").fetchone()[0]
    assert everywhere == 0
    moved = services.case_file(new_id)
    template = services.meetings.templates(new_id)[0]
    berit, nora = (next(m.id for m in moved.members if m.name == n) for n in ("Backup Berit", "Nora"))
    assert template.invitee_member_ids == (berit, nora)  # the package's members 1 and 2, now here; not 999
    own = {n.id for n in moved.notes}
    note_ids = [e.entity_id for e in services.store.audit_trail(new_id) if e.entity == "note"]
    assert note_ids and all(i in own or i == 0 for i in note_ids)
    services.store.close()


def test_a_table_with_too_many_rows_is_refused(handover: Handover) -> None:
    package = handover.tampered(
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT {untrusted.MAX_ROWS_PER_TABLE}) "
        "INSERT INTO coordinator_history (case_id, coordinator, from_date) SELECT 2, 'K', '2026-01-01' FROM n"
    )
    refused(handover, package, TooLargeError, "tabellen «coordinator_history» er større enn ipterm tar imot")


def test_a_table_with_too_many_bytes_is_refused(handover: Handover) -> None:
    rows = untrusted.MAX_BYTES_PER_TABLE // 2**20 + 1
    package = handover.tampered(
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT {rows}) "
        "INSERT INTO assessments (case_id, assessed_on, area, summary) "
        "SELECT 2, '2026-01-01', 'arbeid', printf('%.*c', 1048576, 'x') FROM n"
    )
    refused(handover, package, TooLargeError, "tabellen «assessments» er større enn ipterm tar imot")


def test_the_package_is_checked_again_on_the_connection_that_reads_it(handover: Handover, monkeypatch) -> None:
    """A package swapped between the check and the read (on a share, say) is refused all the same."""
    package = handover.tampered("CREATE VIEW alle AS SELECT person_name FROM cases")
    real_inspect = files.inspect

    def inspect_the_clean_one(path, passphrase, *, expect):
        return real_inspect(handover.package, passphrase, expect=expect)

    monkeypatch.setattr(files, "inspect", inspect_the_clean_one)
    refused(handover, package, SchemaMismatchError, SCHEMA)


def test_an_outside_file_is_read_on_a_hardened_connection_that_reads_only_what_it_is_allowed(handover) -> None:
    from ipterm.store.handover import CASE_TABLES

    conn = files.open_read_only(handover.package, files.file_key(handover.package, handover.secret).pragma)
    try:
        pragmas = {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("trusted_schema", "cell_size_check",
                                                                            "query_only")}  # fmt: skip
        assert pragmas == {"trusted_schema": 0, "cell_size_check": 1, "query_only": 1}
        untrusted.allow_reading(conn, [t.upper() for t in CASE_TABLES], LATEST_VERSION)  # names in any case
        assert conn.execute("SELECT count(*) FROM Notes").fetchone()[0] >= 1
        for forbidden in ("SELECT * FROM secrets", "SELECT * FROM OUTBOX", "SELECT * FROM file_meta",
                          "SELECT zeroblob(10)", "PRAGMA writable_schema = ON"):  # fmt: skip
            with pytest.raises(sqlcipher3.dbapi2.DatabaseError, match=r"not authorized|prohibited|denied"):
                conn.execute(forbidden).fetchall()
        with pytest.raises(sqlcipher3.dbapi2.DatabaseError):
            conn.execute("DELETE FROM notes")
    finally:
        conn.close()


def test_every_table_of_the_schema_is_either_carried_or_kept_home() -> None:
    """A new table must be placed on purpose: in a handover, or never."""
    from ipterm.store.handover import CASE_TABLES, NOT_CASE_DATA, case_tables

    reference = untrusted.reference(LATEST_VERSION)
    plain = {t for t in reference.schema.tables() if t not in reference.virtual}
    assert plain == set(CASE_TABLES) | NOT_CASE_DATA
    assert {s.name for s in case_tables()} == set(CASE_TABLES)
    assert not {s.name for s in case_tables()} & {"outbox", "secrets", "file_meta"}


# -- restore -----------------------------------------------------------------------------------------
@dataclass
class Restore:
    db: Path
    backup: Path

    def state(self) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(self.db.parent.iterdir())}


@pytest.fixture
def restore(tmp_path: Path) -> Restore:
    db = tmp_path / "data" / "ipterm.db"
    services = Services(Store.create(db, RECEIVER_PASS, kdf=FAST_KDF), FixedClock(TODAY))
    rich_case(services)
    backup = services.backups.backup(tmp_path / "kopi" / "ipterm-kopi.db", RECEIVER_PASS, kdf=FAST_KDF)
    services.store.close()
    return Restore(db, backup)


QUEUE_TRIGGER = (
    "CREATE TRIGGER notes_queue AFTER INSERT ON notes BEGIN "
    "INSERT INTO outbox (export_id, destination, remote_name, content_hash, next_attempt_at, created_at, updated_at) "
    "SELECT id, 'folder', '../../.ssh/authorized_keys', content_hash, '2026-01-01', '2026-01-01', '2026-01-01' "
    "FROM exports LIMIT 1; END"
)
CRAFTED_BACKUPS = {
    "trigger that queues outbox rows": [QUEUE_TRIGGER],
    "view": ["CREATE VIEW alle AS SELECT person_name, national_id FROM cases"],
    "generated column": [
        "ALTER TABLE notes ADD COLUMN fylt TEXT GENERATED ALWAYS AS (printf('%.*c', 200000, 'x')) VIRTUAL"
    ],
    "OUTBOX in capitals": outbox_as("OUTBOX"),
    "trigger replaced by a lookalike": [
        "DROP TRIGGER notes_fts_insert",
        "CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN DELETE FROM notes; END",
    ],
}


@pytest.mark.parametrize("crafted", sorted(CRAFTED_BACKUPS))
def test_a_backup_with_extra_schema_is_refused_and_nothing_is_moved(restore: Restore, crafted) -> None:
    tamper(restore.backup, files.file_key(restore.backup, RECEIVER_PASS).pragma, CRAFTED_BACKUPS[crafted])
    before = restore.state()
    with pytest.raises(SchemaMismatchError, match=r"ipterm-kopi\.db er avvist: databaseskjemaet"):
        restore_backup(restore.db, restore.backup, RECEIVER_PASS)
    assert restore.state() == before
    assert not list(restore.db.parent.glob("*before-restore*")) and not list(restore.db.parent.glob(".*restoring"))


HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ipterm.store.database import Store

    store = Store.unlock(Path(sys.argv[1]), sys.argv[2])
    print("open", flush=True)
    sys.stdin.readline()
    store.close()
    """
)


@pytest.mark.slow
def test_restore_is_refused_while_another_process_has_the_database_open(restore: Restore) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(restore.db), RECEIVER_PASS],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = restore.state()
        with pytest.raises(DatabaseInUseError, match="Lukk appen først"):
            restore_backup(restore.db, restore.backup, RECEIVER_PASS)
        assert restore.state() == before
        assert not list(restore.db.parent.glob("*before-restore*"))
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    assert holder.returncode == 0
    aside = restore_backup(restore.db, restore.backup, RECEIVER_PASS)  # closed: now it goes
    assert aside.exists()


def test_restore_is_refused_while_this_process_has_a_store_open(restore: Restore) -> None:
    store = Store.unlock(restore.db, RECEIVER_PASS)
    try:
        with pytest.raises(DatabaseInUseError):
            restore_backup(restore.db, restore.backup, RECEIVER_PASS)
    finally:
        store.close()


@pytest.mark.slow
async def test_restore_from_the_cli_while_the_tui_is_open_loses_nothing(restore: Restore, tmp_path: Path) -> None:
    from ipterm.tui.app import IptermApp
    from ipterm.tui.screens.case_screen import CaseScreen
    from ipterm.tui.screens.dashboard_screen import DashboardScreen

    from ..tui.test_app_flows import wait_for

    services = Services(Store.unlock(restore.db, RECEIVER_PASS), FixedClock(TODAY))
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    env = {**os.environ, "IPTERM_DATA_DIR": str(restore.db.parent), "IPTERM_BACKUP_PASSPHRASE": RECEIVER_PASS}
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        result = subprocess.run(
            [sys.executable, "-m", "ipterm", "restore", str(restore.backup)],
            env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            "Databasen ipterm.db er åpen i ipterm (appen eller en annen ipterm-kommando). Lukk appen først, og "
            "prøv igjen. Ingenting er endret."
        ]
        await pilot.press("s", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case screen")
        await pilot.press("n", *"Skrevet etter forsøket", "enter")
        await pilot.pause()
    app.services.store.close()
    assert not list(restore.db.parent.glob("*before-restore*"))
    reopened = Services(Store.unlock(restore.db, RECEIVER_PASS), FixedClock(TODAY))
    texts = [n.text for c in reopened.store.cases.where() for n in reopened.case_file(c.id).notes]
    assert "Skrevet etter forsøket" in texts
    reopened.store.close()


async def test_restore_is_refused_while_the_app_shows_its_lock_screen(restore: Restore, tmp_path: Path) -> None:
    """Locked is still open: the app keeps the database marked as its own until it is unlocked or quits,
    so a restore cannot swap the file under a form kept across the lock."""
    from ipterm.tui.app import IptermApp
    from ipterm.tui.screens.dashboard_screen import DashboardScreen
    from ipterm.tui.screens.unlock_screen import UnlockScreen

    from ..tui.test_app_flows import wait_for

    services = Services(Store.unlock(restore.db, RECEIVER_PASS), FixedClock(TODAY))
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    env = {**os.environ, "IPTERM_DATA_DIR": str(restore.db.parent), "IPTERM_BACKUP_PASSPHRASE": RECEIVER_PASS}
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "lock screen")
        result = subprocess.run(
            [sys.executable, "-m", "ipterm", "restore", str(restore.backup)],
            env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert result.returncode == 1, result.stdout
        assert "Lukk appen først" in result.stderr
        app.exit()
    assert not list(restore.db.parent.glob("*before-restore*"))
    # Once the app has quit, the same restore goes through.
    done = subprocess.run(
        [sys.executable, "-m", "ipterm", "restore", str(restore.backup)],
        env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
