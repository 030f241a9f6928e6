"""The case handover package: one case, with everything recorded on it, in its own encrypted file.

A package comes from outside and carries data only. Importing never lets it decide anything: the file's
schema must be exactly ipterm's for its version (`ipterm.store.untrusted`), only the tables in
`CASE_TABLES` are read, with the column lists of ipterm's own migrations, and every id and every
reference is given anew from what ipterm's schema says the columns point to, never from the file's
foreign keys. A reference to anything outside the package's one case refuses the package.

The case is first copied as it is into an in-memory database built by ipterm's migrations at the
package's version, which is then migrated to the current schema; from there it is copied into the
working database with new ids in one transaction. A refused package leaves the working database as it was.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from ipterm import fileio
from ipterm.domain.errors import IptermError
from ipterm.domain.messages import Message, message
from ipterm.store import files, untrusted
from ipterm.store.connection import APPLICATION_ID, Connection, DatabaseError
from ipterm.store.database import Store
from ipterm.store.errors import translate
from ipterm.store.schema import LATEST_VERSION, migrate
from ipterm.store.untrusted import quote

log = logging.getLogger(__name__)

# What a handover carries, parents before children (SQLite's names are compared without regard to case).
CASE_TABLES = (
    "cases", "related_persons", "members", "goals", "measures", "measure_goals", "evaluations", "consents",
    "consent_recipients", "consent_related_recipients", "meetings", "meeting_participants", "meeting_lines",
    "decisions", "action_items", "notes", "coordinator_history", "assessments", "service_decisions", "audit_log",
    "exports", "meeting_templates",
)  # fmt: skip
# Never part of a case: the sync queue, destination secrets and binding, what-kind-of-file markers, and the
# drafts of forms left open. The full-text index is rebuilt by the receiver's own triggers.
NOT_CASE_DATA = frozenset({"outbox", "secrets", "file_meta", "sync_binding", "drafts"})
# Ids kept inside JSON text, and the table they point to.
_JSON_IDS = {("meeting_templates", "invitee_member_ids"): "members"}
# audit_log.entity -> the table its entity_id points into
_ENTITY_TABLES = {"case": "cases", "meeting_participant": "meetings", "coordinator_history": "coordinator_history"}
_TYPES = {"INTEGER": int, "TEXT": str, "BLOB": bytes}


class DuplicateCaseError(IptermError):
    pass


def _refused(name: str, why: str | Message) -> files.FileFormatError:
    return files.FileFormatError("{name} er avvist: {why}. Ingenting er importert.", name=name, why=why)


@dataclass(frozen=True, slots=True)
class TableScope:
    name: str
    where: str  # selects the case's rows; parameter :case
    references: dict[str, str]  # column -> referenced table
    columns: tuple[str, ...]
    has_id: bool


def case_tables(version: int = LATEST_VERSION) -> list[TableScope]:
    """Every table holding case data at schema `version`, parents before children, from ipterm's own
    migrations. A table in the schema that is neither carried nor excluded is a programming error."""
    ref = untrusted.reference(version)
    known = {t.lower() for t in CASE_TABLES} | NOT_CASE_DATA
    names = [t for t in ref.schema.tables() if t not in ref.virtual]
    unplaced = [t for t in names if t.lower() not in known]
    if unplaced:
        raise RuntimeError(f"tables {unplaced} are not placed; decide whether they belong in a handover")
    carried = {t.lower() for t in CASE_TABLES}
    present = [t for t in names if t.lower() in carried]
    columns = {t: ref.column_names(t) for t in present}
    scopes: dict[str, TableScope] = {}
    for name in present:
        refs = ref.foreign_keys[name]
        if name == "cases":
            where = "id = :case"
        elif "case_id" in columns[name]:
            where = "case_id = :case"
        else:
            # A link row belongs to the case if either end does; the other end must then be the case's too.
            via = [(c, t) for c, t in sorted(refs.items()) if "case_id" in columns.get(t, [])]
            if not via:
                raise RuntimeError(f"table {name} cannot be tied to a case; decide whether it belongs in a handover")
            where = " OR ".join(f"{quote(c)} IN (SELECT id FROM {quote(t)} WHERE case_id = :case)" for c, t in via)
        scopes[name] = TableScope(name, where, refs, tuple(columns[name]), "id" in columns[name])
    ordered: list[TableScope] = []
    while scopes:
        ready = [s for s in scopes.values() if all(t == s.name or t not in scopes for t in _needs(s, scopes))]
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle among {sorted(scopes)}")
        for scope in sorted(ready, key=lambda s: s.name):
            ordered.append(scopes.pop(scope.name))
    return ordered


def _needs(scope: TableScope, others: Iterable[str]) -> set[str]:
    """The tables whose new ids `scope` needs first: its foreign keys, ids inside its JSON, and for the
    audit trail (which points into every table, without foreign keys) all the others."""
    if scope.name == "audit_log":
        return set(others) - {scope.name}
    return set(scope.references.values()) | {t for (table, _c), t in _JSON_IDS.items() if table == scope.name}


def _select(scope: TableScope) -> str:
    order = " ORDER BY id" if scope.has_id else ""
    return f"SELECT {', '.join(map(quote, scope.columns))} FROM {quote(scope.name)} WHERE {scope.where}{order}"


def _insert(scope: TableScope, columns: Iterable[str]) -> str:
    names = list(columns)
    return f"INSERT INTO {quote(scope.name)} ({', '.join(map(quote, names))}) VALUES ({', '.join('?' * len(names))})"


def copy_as_is(source: Connection, target: Connection, case_id: int, *, version: int, name: str,
               capped: bool) -> None:  # fmt: skip
    """Copy one case's rows with their ids, reading only ipterm's columns at `version` (within the caps
    for a file from outside)."""
    for scope in case_tables(version):
        rows = source.execute(_select(scope), {"case": case_id})
        target.executemany(_insert(scope, scope.columns), untrusted.capped(rows, scope.name, name) if capped else rows)


def copy_case(source: Connection, target: Connection, case_id: int, *, name: str) -> tuple[int, dict[str, int]]:
    """Copy one case (current schema) from `source` into `target` with new ids, inside the caller's
    transaction. Returns the case's new id and the number of rows per table.

    Raises:
        FileFormatError: a value of the wrong kind, or a reference to a row outside the case.
    """
    new_ids: dict[str, dict[int, int]] = {}
    counts: dict[str, int] = {}
    for scope in case_tables():
        cursor = source.execute(_select(scope), {"case": case_id})
        rows = [dict(zip(scope.columns, r, strict=True)) for r in cursor.fetchall()]
        _check_types(scope, rows, name)
        mapping = new_ids.setdefault(scope.name, {})
        self_ref = [c for c, t in scope.references.items() if t == scope.name]
        pending = rows
        while pending:
            ready = [r for r in pending if all(r[c] is None or r[c] in mapping for c in self_ref)]
            if not ready:  # a parent outside the case, or a loop of parents
                raise _refused(name, message("en rad viser til noe utenfor saken"))
            for row in ready:
                values = _remap(scope, row, new_ids, name)
                if scope.has_id:
                    values.pop("id")
                cur = target.execute(_insert(scope, values), tuple(values.values()))
                if scope.has_id:
                    mapping[row["id"]] = int(cur.lastrowid)
            done = {id(r) for r in ready}
            pending = [r for r in pending if id(r) not in done]
        counts[scope.name] = len(rows)
    if case_id not in new_ids.get("cases", {}):
        raise _refused(name, message("saken mangler"))
    return new_ids["cases"][case_id], counts


def _check_types(scope: TableScope, rows: list[dict[str, Any]], name: str) -> None:
    ref = untrusted.reference(LATEST_VERSION)
    for column in scope.columns:
        expected = _TYPES.get(ref.declared_type(scope.name, column))
        if expected is None:
            continue
        for row in rows:
            value = row[column]
            if value is not None and (type(value) is not expected):
                raise _refused(
                    name, message("en verdi er av feil slag ({name}.{column})", name=scope.name, column=column)
                )


def _remap(scope: TableScope, row: dict[str, Any], new_ids: dict[str, dict[int, int]], name: str) -> dict[str, Any]:
    values = dict(row)
    for column, table in scope.references.items():
        if values[column] is None:
            continue
        mapped = new_ids.get(table, {}).get(values[column])
        if mapped is None:
            raise _refused(
                name, message("en rad viser til noe utenfor saken ({name}.{column})", name=scope.name, column=column)
            )
        values[column] = mapped
    for (table, column), target in _JSON_IDS.items():
        if table == scope.name and values.get(column):
            try:
                ids = json.loads(values[column])
            except ValueError:
                ids = None
            if not isinstance(ids, list) or not all(type(i) is int for i in ids):
                raise _refused(
                    name, message("en liste med id-er er skadet ({table}.{column})", table=table, column=column)
                )
            known = new_ids.get(target, {})
            # An id that is not the package's (a removed member, or a crafted one) is left out.
            values[column] = json.dumps(list(dict.fromkeys(known[i] for i in ids if i in known)))
    if scope.name == "audit_log":
        # No foreign keys here by design (history outlives rows); the entity names say where ids point.
        entity = values["entity"]
        table = _ENTITY_TABLES.get(entity, f"{entity}s") if isinstance(entity, str) else ""
        values["entity_id"] = new_ids.get(table, {}).get(values["entity_id"], 0)  # 0: not in this case any more
        values["case_id"] = new_ids["cases"][values["case_id"]]
    return values


def _new_file(path: Path, key: files.FileKey) -> Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f'PRAGMA key = "{key.pragma}"')
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def write_package(
    store: Store, case_id: int, target: Path, passphrase: str, *, kdf: dict[str, int] | None = None
) -> None:
    """Put one case in a new encrypted file at `target`, keyed by `passphrase` (see `ipterm.store.files`)."""
    if target.exists():
        raise IptermError("{target} finnes allerede.", target=target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new folder is private; an existing one is kept
    key = files.new_file_key(passphrase, kdf=kdf)
    building = files.temporary_beside(target)
    try:
        fd = os.open(building, os.O_WRONLY | os.O_CREAT | os.O_EXCL | fileio.binary_flag(), 0o600)
        os.close(fd)
        package = _new_file(building, key)
        try:
            package.execute("BEGIN IMMEDIATE")
            copy_as_is(store.conn, package, case_id, version=LATEST_VERSION, name=target.name, capped=False)
            files.write_meta(package, "main", {"kind": "handover", "case_id": str(case_id),
                                               "created_at": store.now().isoformat()})  # fmt: skip
            package.execute("COMMIT")
        finally:
            package.close()
        files.fsync_file_and_dir(building)
        fileio.replace(building, target)
    except (DatabaseError, OSError) as exc:
        building.unlink(missing_ok=True)
        raise translate(exc, target.name) from None
    except BaseException:
        building.unlink(missing_ok=True)
        raise


def import_package(store: Store, path: Path, passphrase: str) -> int:
    """Bring a handed-over case in with new ids; returns its id here.

    Raises:
        DuplicateCaseError: the person is here already (same fødselsnummer, or same name and birth date).
        WrongPassphraseError, CorruptDatabaseError, FileFormatError (a schema that is not ipterm's, a table
        over the caps, a reference outside the case)
    """
    info, key = files.inspect(path, passphrase, expect="handover")  # includes the exact-schema check
    assert isinstance(key, files.FileKey)
    if info.cases != 1:
        raise files.FileFormatError("{name} skulle hatt én sak, men har {cases}.", name=path.name, cases=info.cases)
    staging = sqlcipher3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        staging.execute("PRAGMA temp_store = MEMORY")
        migrate(staging, target=info.schema_version)
        package = files.open_read_only(path, key.pragma)
        try:
            # The file may have changed since it was inspected: check its schema again on this connection.
            untrusted.require_exact_schema(package, info.schema_version, path.name)
            untrusted.allow_reading(package, CASE_TABLES, info.schema_version)
            found = package.execute("SELECT id FROM cases").fetchall()
            if len(found) != 1 or type(found[0][0]) is not int:
                raise _refused(path.name, message("pakken skal ha nøyaktig én sak"))
            old_id = found[0][0]
            staging.execute("BEGIN")
            copy_as_is(package, staging, old_id, version=info.schema_version, name=path.name, capped=True)
            staging.execute("COMMIT")
        finally:
            package.close()
        migrate(staging)
        case = dict(zip(("id", "person_name", "national_id", "birth_date"),
                        staging.execute("SELECT id, person_name, national_id, birth_date FROM cases").fetchone(),
                        strict=True))  # fmt: skip
        with store.transaction():
            _refuse_duplicate(store.conn, case)
            new_id, counts = copy_case(staging, store.conn, old_id, name=path.name)
            store.audit("case", new_id, new_id, "create", {"imported_from": [None, path.name],
                                                            "rows": [None, counts]})  # fmt: skip
    except DatabaseError as exc:
        raise translate(exc, path.name) from None
    finally:
        staging.close()
    log.info("imported a handover package as case %d (%d rows)", new_id, sum(counts.values()))
    return new_id


def _refuse_duplicate(conn: Connection, case: dict[str, Any]) -> None:
    found = conn.execute(
        "SELECT id, national_id IS NOT NULL AND national_id = :national_id FROM cases "
        "WHERE (national_id IS NOT NULL AND national_id = :national_id) "
        "OR (lower(trim(person_name)) = lower(trim(:person_name)) AND birth_date IS :birth_date) LIMIT 1",
        case,
    ).fetchone()
    if found is None:
        return
    why = message("samme fødselsnummer") if found[1] else message("samme navn og fødselsdato")
    raise DuplicateCaseError(
        "Saken finnes allerede her som sak {number} ({why}). Ingenting er importert.", number=found[0], why=why
    )
