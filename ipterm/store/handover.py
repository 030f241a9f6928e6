"""The case handover package: one case, with everything recorded on it, in its own encrypted file.

Which rows belong to a case is read from the schema itself: a table with a `case_id` column, or one whose
foreign key leads to such a table (link tables, meeting lines). A new table is therefore carried along
without changes here, and a table that cannot be placed makes the package fail loudly instead of going
quietly missing. Rows keep their ids inside the package; importing gives them new ids and rewrites every
reference (foreign keys, member id lists in meeting templates, entity ids in the audit trail).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from ipterm.domain.errors import IptermError
from ipterm.store import files
from ipterm.store.connection import APPLICATION_ID, Connection, DatabaseError
from ipterm.store.database import Store
from ipterm.store.errors import translate
from ipterm.store.schema import migrate

# Not part of a case: the sync queue, destination secrets, what-kind-of-file markers and the drafts of
# forms left open (this coordinator's own unsaved typing, never handed over).
_NOT_CASE_DATA = {"outbox", "secrets", "file_meta", "drafts"}
# Ids kept inside JSON text, and the table they point to.
_JSON_IDS = {("meeting_templates", "invitee_member_ids"): "members"}


class DuplicateCaseError(IptermError):
    pass


@dataclass(frozen=True, slots=True)
class TableScope:
    name: str
    where: str  # selects the case's rows; parameter :case
    references: dict[str, str]  # column -> referenced table
    has_id: bool


def case_tables(conn: Connection) -> list[TableScope]:
    """Every table holding case data, parents before children."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    virtual = [n for n, sql in rows.fetchall() if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    names = [
        n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if n not in _NOT_CASE_DATA and n not in virtual and not any(n.startswith(v + "_") for v in virtual)
    ]  # fmt: skip
    columns = {n: [r[1] for r in conn.execute(f"PRAGMA table_info({n})")] for n in names}
    references = {n: {r[3]: r[2] for r in conn.execute(f"PRAGMA foreign_key_list({n})")} for n in names}
    scopes: dict[str, TableScope] = {}
    for name in names:
        if name == "cases":
            where = "id = :case"
        elif "case_id" in columns[name]:
            where = "case_id = :case"
        else:
            via = next(((c, t) for c, t in references[name].items() if "case_id" in columns.get(t, [])), None)
            if via is None:
                raise RuntimeError(f"table {name} cannot be tied to a case; decide whether it belongs in a handover")
            where = f"{via[0]} IN (SELECT id FROM {via[1]} WHERE case_id = :case)"
        scopes[name] = TableScope(name, where, references[name], "id" in columns[name])
    ordered: list[TableScope] = []
    while scopes:
        ready = [s for s in scopes.values() if all(t == s.name or t not in scopes for t in s.references.values())]
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle among {sorted(scopes)}")
        for scope in ready:
            ordered.append(scopes.pop(scope.name))
    return ordered


def copy_case(source: Connection, target: Connection, case_id: int, *, keep_ids: bool) -> int:
    """Copy one case's rows from `source` to `target` (inside the caller's transaction). Returns the case's
    id in `target`."""
    new_ids: dict[str, dict[int, int]] = {}
    entity_tables: dict[str, str] = {"meeting_participant": "meetings"}
    for scope in case_tables(source):
        entity_tables["case" if scope.name == "cases" else scope.name.rstrip("s")] = scope.name
        order = " ORDER BY id" if scope.has_id else ""
        cursor = source.execute(f"SELECT * FROM {scope.name} WHERE {scope.where}{order}", {"case": case_id})
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
        mapping = new_ids.setdefault(scope.name, {})
        self_ref = [c for c, t in scope.references.items() if t == scope.name]
        while rows:
            ready = [r for r in rows if all(r[c] is None or r[c] in mapping for c in self_ref)] or rows
            for row in ready:
                values = _remap(scope, row, new_ids, entity_tables)
                if not keep_ids and scope.has_id:
                    values.pop("id")
                cols = ", ".join(values)
                marks = ", ".join("?" * len(values))
                cur = target.execute(f"INSERT INTO {scope.name} ({cols}) VALUES ({marks})", tuple(values.values()))
                if scope.has_id:
                    mapping[row["id"]] = row["id"] if keep_ids else int(cur.lastrowid)
            done = {id(r) for r in ready}
            rows = [r for r in rows if id(r) not in done]
    return new_ids["cases"][case_id]


def _remap(scope: TableScope, row: dict[str, Any], new_ids: dict, entity_tables: dict[str, str]) -> dict[str, Any]:
    values = dict(row)
    for column, table in scope.references.items():
        if values[column] is not None:
            values[column] = new_ids.get(table, {}).get(values[column])
    for (table, column), target in _JSON_IDS.items():
        if table == scope.name and values.get(column):
            ids = json.loads(values[column])
            values[column] = json.dumps([new_ids.get(target, {}).get(i, i) for i in ids])
    if scope.name == "audit_log":
        table = entity_tables.get(values["entity"])
        values["entity_id"] = new_ids.get(table or "", {}).get(values["entity_id"], values["entity_id"])
        values["case_id"] = new_ids["cases"].get(values["case_id"], values["case_id"])
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
        raise IptermError(f"{target} finnes allerede.", f"{target} already exists.")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a new folder is private; an existing one is kept
    key = files.new_file_key(passphrase, kdf=kdf)
    building = files.temporary_beside(target)
    try:
        fd = os.open(building, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        package = _new_file(building, key)
        try:
            package.execute("BEGIN IMMEDIATE")
            copy_case(store.conn, package, case_id, keep_ids=True)
            files.write_meta(package, "main", {"kind": "handover", "case_id": str(case_id),
                                               "created_at": store.now().isoformat()})  # fmt: skip
            package.execute("COMMIT")
        finally:
            package.close()
        files.fsync_file_and_dir(building)
        os.replace(building, target)
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
        WrongPassphraseError, CorruptDatabaseError, FileFormatError
    """
    info, key = files.inspect(path, passphrase, expect="handover")
    assert isinstance(key, files.FileKey)
    if info.cases != 1:
        raise files.FileFormatError(
            f"{path.name} skulle hatt én sak, men har {info.cases}.",
            f"{path.name} should hold one case, not {info.cases}.",
        )
    package = files.open_read_only(path, key.pragma)
    try:
        case = dict(zip(("id", "person_name", "national_id", "birth_date"),
                        package.execute("SELECT id, person_name, national_id, birth_date FROM cases").fetchone(),
                        strict=True))  # fmt: skip
        with store.transaction():
            _refuse_duplicate(store.conn, case)
            new_id = copy_case(package, store.conn, case["id"], keep_ids=False)
            store.audit("case", new_id, new_id, "create", {"imported_from": [None, path.name]})
    except DatabaseError as exc:
        raise translate(exc, path.name) from None
    finally:
        package.close()
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
    why_nb, why_en = ("samme fødselsnummer", "same national id") if found[1] else (
        "samme navn og fødselsdato", "same name and birth date")  # fmt: skip
    raise DuplicateCaseError(
        f"Saken finnes allerede her som sak {found[0]} ({why_nb}). Ingenting er importert.",
        f"The case already exists here as case {found[0]} ({why_en}). Nothing was imported.",
    )
