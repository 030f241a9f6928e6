"""Erasing one case from the database, so that nothing of it can be read back from the file.

What goes, in one transaction: every row the case owns (the tables `handover.case_tables` ties to a case,
so a new table is covered as soon as it is placed there), its stored exports and their outbox items, stored
status reports made while the case existed, queued backups not yet sent (they hold the whole database), its
full-text index entries (the index is rebuilt, since FTS5 keeps deleted words in old segments until a merge)
and its audit trail. One tombstone row stays in the audit log: the case number, when it was created, closed
and erased, the number of rows removed and a SHA-256 over what was removed (it proves what was erased
without keeping it; the content is long and varied enough that the hash cannot be reversed by guessing).

The audit log is append-only by triggers. Erasure is the one path allowed to remove its rows: inside the
erasure's own write transaction the two triggers are dropped, the case's audit rows removed, the tombstone
written and the triggers created again from their stored text, and checked, before the commit. A failure at
any step rolls all of it back, triggers included (SQLite's schema changes are transactional), and no other
connection can write between the drop and the re-creation because the transaction holds the write lock. A
migration with a trigger exception (a "permit" row) would have done the same at the price of a permanent
hole in the trigger; this keeps the trigger absolute for every other code path.

Afterwards `secure_delete` has already zeroed freed cells, `VACUUM` rewrites the file without free pages,
and a TRUNCATE checkpoint empties the write-ahead log, so no old page image of the case stays in the
-wal file either.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ipterm.store.connection import DatabaseError
from ipterm.store.untrusted import quote

if TYPE_CHECKING:
    from ipterm.store.database import Store

log = logging.getLogger(__name__)

_AUDIT_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")
STATUS_KINDS = ("status", "status_csv")


@dataclass(frozen=True, slots=True)
class RemoteCopy:
    """A file that left the laptop (or is a backup) and may still hold the case."""

    kind: str
    destination: str
    remote_name: str
    state: str
    created_at: str
    sent_at: str | None


@dataclass(frozen=True, slots=True)
class ErasureReceipt:
    case_id: int
    created_at: str | None
    closed_on: str | None
    erased_at: str
    rows: dict[str, int]
    digest: str
    exports_removed: int
    status_reports_removed: int
    queued_backups_dropped: int
    audit_rows_removed: int
    sent_copies: list[RemoteCopy] = field(default_factory=list)
    backups: list[RemoteCopy] = field(default_factory=list)
    compacted: bool = True


def _plain(value: Any) -> Any:
    return value.hex() if isinstance(value, bytes | memoryview) else value


def _entity_of(table: str) -> str:
    # The audit trail names an entity as `Repository.entity` does.
    return "case" if table == "cases" else table.rstrip("s")


def erase_case(store: Store, case_id: int) -> ErasureReceipt:
    """Remove `case_id` everywhere in this database, then compact the file. Raises LookupError if the case
    is not there (the caller checks state and asks the user first)."""
    from ipterm.store.handover import case_tables

    conn = store.conn
    row = conn.execute("SELECT created_at, closed_on FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise LookupError(case_id)
    created_at, closed_on = row[0], row[1]
    erased_at = store.now().isoformat(timespec="seconds")
    previous_secure = int(conn.execute("PRAGMA secure_delete").fetchone()[0])
    conn.execute("PRAGMA secure_delete = ON")
    try:
        with store.transaction():
            receipt = _erase_in_transaction(store, case_id, case_tables(), created_at, closed_on, erased_at)
        # The erasure is committed; compacting can still be refused while another process reads the file.
        # The freed cells are already overwritten (secure_delete), so that is reported, not raised.
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            compacted = not busy
        except DatabaseError:
            log.warning("erasure: the file could not be compacted now", exc_info=True)
            compacted = False
    finally:
        with contextlib.suppress(DatabaseError):
            conn.execute(f"PRAGMA secure_delete = {previous_secure}")
    log.info("erased case %d (%d rows)", case_id, sum(receipt.rows.values()))
    return dataclasses.replace(receipt, compacted=compacted)


def _erase_in_transaction(
    store: Store, case_id: int, scopes: list[Any], created_at: str | None, closed_on: str | None, erased_at: str
) -> ErasureReceipt:
    conn = store.conn
    params = {"case": case_id}
    removed: dict[str, list[dict[str, Any]]] = {}
    ids: dict[str, list[int]] = {}
    for scope in scopes:
        if scope.name == "audit_log":
            continue
        cursor = conn.execute(f"SELECT * FROM {quote(scope.name)} WHERE {scope.where}", params)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, map(_plain, r), strict=True)) for r in cursor.fetchall()]
        removed[scope.name] = rows
        if scope.has_id:
            ids[scope.name] = [r["id"] for r in rows]

    export_ids = ids.get("exports", [])
    sent_copies = _remote_copies(conn, "o.export_id IN (SELECT id FROM exports WHERE case_id = ?) "
                                       "AND o.state = 'sent'", (case_id,))  # fmt: skip
    since = created_at or "0000"
    backups = _remote_copies(conn, "o.kind = 'backup' AND o.created_at >= ?", (since[:19],))
    status_ids = [
        r[0]
        for r in conn.execute(
            f"SELECT id FROM exports WHERE kind IN ({','.join('?' * len(STATUS_KINDS))}) AND created_at >= ?",
            (*STATUS_KINDS, since[:19]),
        )
    ]
    audit_where, audit_params = _audit_scope(case_id, ids)
    audit_rows = [
        dict(zip(("id", "at", "entity", "entity_id", "case_id", "action", "changes"), r, strict=True))
        for r in conn.execute(
            f"SELECT id, at, entity, entity_id, case_id, action, changes FROM audit_log WHERE {audit_where}",
            audit_params,
        )
    ]
    digest = hashlib.sha256(
        json.dumps({"rows": removed, "audit": audit_rows}, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()

    # Queued backups and outbox items of the case's exports first (their payloads hold the case).
    dropped = conn.execute(
        "DELETE FROM outbox WHERE kind = 'backup' AND payload IS NOT NULL AND created_at >= ?", (since[:19],)
    ).rowcount
    everything = [*export_ids, *status_ids]
    for start in range(0, len(everything), 500):
        chunk = everything[start : start + 500]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM outbox WHERE export_id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM exports WHERE id IN ({marks})", chunk)
    counts: dict[str, int] = {}
    for scope in reversed(scopes):
        if scope.name in ("audit_log", "exports"):
            continue
        counts[scope.name] = conn.execute(f"DELETE FROM {quote(scope.name)} WHERE {scope.where}", params).rowcount
    counts["exports"] = len(export_ids)
    conn.execute("DELETE FROM search_index WHERE case_id = ?", (case_id,))
    conn.execute("INSERT INTO search_index(search_index) VALUES ('rebuild')")

    _replace_audit_trail(store, case_id, audit_where, audit_params, {
        "erased": True, "created_at": created_at, "closed_on": closed_on, "erased_at": erased_at,
        "rows_removed": sum(counts.values()), "audit_rows_removed": len(audit_rows), "sha256": digest,
    })  # fmt: skip
    return ErasureReceipt(
        case_id=case_id,
        created_at=created_at,
        closed_on=closed_on,
        erased_at=erased_at,
        rows={k: v for k, v in counts.items() if v},
        digest=digest,
        exports_removed=len(export_ids),
        status_reports_removed=len(status_ids),
        queued_backups_dropped=dropped,
        audit_rows_removed=len(audit_rows),
        sent_copies=sent_copies,
        backups=[b for b in backups if b.state == "sent"],
    )


def _audit_scope(case_id: int, ids: dict[str, list[int]]) -> tuple[str, list[Any]]:
    """The case's audit rows: those carrying its number, and those about its rows that carry none (a
    meeting line is audited by its meeting, not its case)."""
    parts = ["case_id = ?"]
    values: list[Any] = [case_id]
    for table, table_ids in ids.items():
        for start in range(0, len(table_ids), 500):
            chunk = table_ids[start : start + 500]
            parts.append(f"(case_id IS NULL AND entity = ? AND entity_id IN ({','.join('?' * len(chunk))}))")
            values += [_entity_of(table), *chunk]
    return " OR ".join(parts), values


def _replace_audit_trail(store: Store, case_id: int, where: str, params: list[Any], tombstone: dict[str, Any]) -> None:
    conn = store.conn
    triggers = {
        name: sql
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
        )
    }
    missing = [t for t in _AUDIT_TRIGGERS if t not in triggers]
    if missing:
        raise RuntimeError(f"audit log triggers missing: {missing}")
    for name in _AUDIT_TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(f"DELETE FROM audit_log WHERE {where}", params)
    store.audit("case", case_id, case_id, "delete", tombstone)
    for name in _AUDIT_TRIGGERS:
        conn.execute(triggers[name])
    back = {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
    }
    if not set(_AUDIT_TRIGGERS) <= back:
        raise RuntimeError("audit log triggers were not restored")


def _remote_copies(conn: Any, where: str, params: tuple[Any, ...]) -> list[RemoteCopy]:
    rows = conn.execute(
        f"SELECT o.kind, o.destination, o.remote_name, o.state, o.created_at, o.sent_at FROM outbox o WHERE {where} "
        "ORDER BY o.id",
        params,
    )
    return [RemoteCopy(*r) for r in rows]


def tombstones(conn: Any) -> list[dict[str, Any]]:
    """The erasure records kept in the audit log (no personal data: numbers, dates and a hash)."""
    out = []
    for case_id, at, changes in conn.execute(
        "SELECT case_id, at, changes FROM audit_log WHERE entity = 'case' AND action = 'delete' "
        "AND changes LIKE '%\"erased\": true%' ORDER BY id"
    ):
        record = json.loads(changes)
        record.update(case_id=case_id, at=at)
        out.append(record)
    return out
