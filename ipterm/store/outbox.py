"""Outbox rows: what is waiting to be sent where, who is sending it, and how it went.

Exports are sent from `exports.content`; a backup carries its own payload here until it is sent, then the
payload is dropped. Secrets for destinations live in the `secrets` table of the same encrypted file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ipterm.domain.messages import from_stored
from ipterm.domain.sync import DestinationBinding, ErrorKind, OutboxState, SyncStatus
from ipterm.store.connection import Connection


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    export_id: int | None
    kind: str
    destination: str
    remote_name: str
    content_hash: str
    size: int
    state: OutboxState
    attempts: int
    next_attempt_at: datetime
    last_error: str
    error_kind: str
    claimed_by: str
    temp_name: str
    sent_at: datetime | None
    created_at: datetime


_COLS = ("id, export_id, kind, destination, remote_name, content_hash, size, state, attempts, next_attempt_at, "
         "last_error, error_kind, claimed_by, temp_name, sent_at, created_at")  # fmt: skip


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _item(row: tuple) -> OutboxItem:
    r = list(row)
    r[7] = OutboxState(r[7])
    r[9] = datetime.fromisoformat(r[9])
    r[14] = datetime.fromisoformat(r[14]) if r[14] else None
    r[15] = datetime.fromisoformat(r[15])
    return OutboxItem(*r)


# -- queueing --------------------------------------------------------------------------------------
def enqueue(
    conn: Connection,
    export_id: int,
    destination: str,
    remote_name: str,
    content_hash: str,
    now: datetime,
    *,
    kind: str = "export",
    size: int = 0,
) -> bool:
    """Queue an export once per destination; queuing it again changes nothing. True when a row was added."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO outbox (export_id, kind, destination, remote_name, content_hash, size, state, "
        "next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)",
        (export_id, kind, destination, remote_name, content_hash, size, _iso(now), _iso(now), _iso(now)),
    )
    return cursor.rowcount == 1


def export_to_queue(conn: Connection, export_id: int) -> tuple[str, str, str, int] | None:
    """(filename, content_hash, kind, size) of a stored export, or None."""
    row = conn.execute(
        "SELECT filename, content_hash, kind, length(content) FROM exports WHERE id = ?", (export_id,)
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2], int(row[3]))


def unqueued_exports(conn: Connection, destination: str, after: int = 0) -> list[tuple[int, str, str, str, int]]:
    """(id, filename, content_hash, kind, size) of exports with an id above `after` not yet queued for
    `destination`."""
    rows = conn.execute(
        "SELECT e.id, e.filename, e.content_hash, e.kind, length(e.content) FROM exports e WHERE e.id > ? "
        "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.export_id = e.id AND o.destination = ?) ORDER BY e.id",
        (after, destination),
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def enqueue_payload(
    conn: Connection, kind: str, payload: bytes, destination: str, remote_name: str, content_hash: str, now: datetime
) -> int:
    """Queue bytes of their own (a backup). An older unsent item of the same kind is dropped: only the newest
    backup is worth sending, and each copy held here makes the database larger."""
    conn.execute(
        "DELETE FROM outbox WHERE kind = ? AND destination = ? AND payload IS NOT NULL AND state != 'sending'",
        (kind, destination),
    )
    cursor = conn.execute(
        "INSERT INTO outbox (kind, payload, destination, remote_name, content_hash, size, state, next_attempt_at, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?) "
        "ON CONFLICT (destination, remote_name) DO UPDATE SET payload = excluded.payload, state = 'queued', "
        "next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at",
        (kind, payload, destination, remote_name, content_hash, len(payload), _iso(now), _iso(now), _iso(now)),
    )
    return int(cursor.lastrowid)


# -- reading ---------------------------------------------------------------------------------------
def due(
    conn: Connection, destination: str, now: datetime, limit: int = 500, *, ignore_backoff: bool = False
) -> list[OutboxItem]:
    """Items waiting for `destination` whose next attempt is due (all waiting ones with `ignore_backoff`)."""
    horizon = "9999-12-31" if ignore_backoff else _iso(now)
    rows = conn.execute(
        f"SELECT {_COLS} FROM outbox WHERE destination = ? AND state IN ('queued', 'failed') "
        "AND next_attempt_at <= ? ORDER BY id LIMIT ?",
        (destination, horizon, limit),
    )
    return [_item(tuple(r)) for r in rows]


def items(conn: Connection, destination: str | None = None, *, limit: int = 100_000) -> list[OutboxItem]:
    """The newest `limit` rows (of one destination, or all), oldest first."""
    where, params = ("WHERE destination = ?", (destination,)) if destination is not None else ("", ())
    rows = conn.execute(
        f"SELECT * FROM (SELECT {_COLS} FROM outbox {where} ORDER BY id DESC LIMIT ?) ORDER BY id", (*params, limit)
    )
    return [_item(tuple(r)) for r in rows]


def payload(conn: Connection, item_id: int) -> bytes:
    row = conn.execute(
        "SELECT coalesce(o.payload, e.content) FROM outbox o LEFT JOIN exports e ON e.id = o.export_id WHERE o.id = ?",
        (item_id,),
    ).fetchone()
    if row is None or row[0] is None:
        raise LookupError(item_id)
    return bytes(row[0])


def status(conn: Connection, destination: str, configured: bool) -> SyncStatus:
    counts = dict(
        conn.execute(
            "SELECT state, count(*) FROM outbox WHERE destination = ? GROUP BY state", (destination,)
        ).fetchall()
    )
    last = conn.execute(
        "SELECT max(sent_at) FROM outbox WHERE destination = ? AND state = 'sent'", (destination,)
    ).fetchone()[0]
    problem = conn.execute(
        "SELECT last_error, error_kind FROM outbox WHERE destination = ? AND state IN ('queued', 'failed') "
        "AND last_error != '' ORDER BY updated_at DESC, id DESC LIMIT 1",
        (destination,),
    ).fetchone()
    return SyncStatus(
        configured=configured,
        queued=counts.get("queued", 0),
        sending=counts.get("sending", 0),
        failed=counts.get("failed", 0),
        sent=counts.get("sent", 0),
        last_sent_at=datetime.fromisoformat(last) if last else None,
        last_error=from_stored(problem[0]) if problem else None,
        offline=bool(problem and problem[1] == ErrorKind.OFFLINE.value),
    )


# -- delivery --------------------------------------------------------------------------------------
def claim(conn: Connection, item_id: int, owner: str, temp: str, now: datetime) -> bool:
    """Mark one waiting item as being sent by `owner`. False if someone else took it first.

    `temp` is added to the temporary names the item has used; they are all removed by the next attempt
    that gets going (a process killed before it could clean up leaves them listed here).
    """
    cursor = conn.execute(
        "UPDATE outbox SET state = 'sending', claimed_by = ?, temp_name = trim(temp_name || ' ' || ?), "
        "attempts = attempts + 1, updated_at = ? WHERE id = ? AND state IN ('queued', 'failed')",
        (owner, temp, _iso(now), item_id),
    )
    return cursor.rowcount == 1


def temp_names_in_use(conn: Connection, destination: str) -> set[str]:
    """Temporary names of items being sent now (by this or another process): never leftovers."""
    rows = conn.execute(
        "SELECT temp_name FROM outbox WHERE destination = ? AND state = 'sending'", (destination,)
    ).fetchall()
    return {name for (names,) in rows for name in str(names).split()}


def forget_temp_names(conn: Connection, item_id: int, keep: str) -> None:
    """The earlier temporary names are gone from the destination; only `keep` (in use now) is left."""
    conn.execute("UPDATE outbox SET temp_name = ? WHERE id = ?", (keep, item_id))


def release(conn: Connection, item_ids: Iterable[int], now: datetime) -> None:
    """Claimed items that were not tried after all (the pass stopped) go back to the queue uncharged."""
    conn.executemany(
        "UPDATE outbox SET state = 'queued', attempts = max(attempts - 1, 0), claimed_by = '', updated_at = ? "
        "WHERE id = ? AND state = 'sending'",
        [(_iso(now), i) for i in item_ids],
    )


def mark_sent(conn: Connection, item_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '', error_kind = '', claimed_by = '', "
        "temp_name = '', payload = NULL, updated_at = ? WHERE id = ?",
        (_iso(now), _iso(now), item_id),
    )


def mark_failed(
    conn: Connection,
    item_id: int,
    reason: str,
    retry_at: datetime,
    now: datetime,
    *,
    kind: str = "",
    charged: bool = True,
) -> None:
    """A failed attempt: 'failed' until `retry_at`; uncharged (offline) items stay 'queued' and due."""
    conn.execute(
        "UPDATE outbox SET state = ?, last_error = ?, error_kind = ?, next_attempt_at = ?, claimed_by = '', "
        "attempts = attempts - ?, updated_at = ? WHERE id = ?",
        ("failed" if charged else "queued", reason, kind, _iso(retry_at), 0 if charged else 1, _iso(now), item_id),
    )


def note_waiting(conn: Connection, item_ids: Iterable[int], reason: str, kind: str, now: datetime) -> None:
    """The destination did not answer before anything was tried: say why on the waiting items."""
    conn.executemany(
        "UPDATE outbox SET last_error = ?, error_kind = ?, updated_at = ? WHERE id = ? AND state = 'queued'",
        [(reason, kind, _iso(now), i) for i in item_ids],
    )


def recover_interrupted(
    conn: Connection,
    now: datetime,
    older_than: timedelta = timedelta(minutes=10),
    *,
    is_dead: Callable[[str], bool] | None = None,
) -> int:
    """Items left 'sending' by a process that is gone (or silent for `older_than`) go back to the queue.

    The upload is idempotent, so sending such an item again is safe; the temporary name it used is kept on
    the row and removed by the next attempt.
    """
    rows = conn.execute("SELECT id, claimed_by, updated_at FROM outbox WHERE state = 'sending'").fetchall()
    limit = _iso(now - older_than)
    stale = [r[0] for r in rows if r[2] <= limit or (is_dead is not None and is_dead(r[1]))]
    conn.executemany(
        "UPDATE outbox SET state = 'queued', claimed_by = '', updated_at = ? WHERE id = ? AND state = 'sending'",
        [(_iso(now), i) for i in stale],
    )
    return len(stale)


def retry_now(conn: Connection, destination: str, now: datetime) -> int:
    """Everything waiting becomes due at once (after fixing a password, or freeing space on the server)."""
    cursor = conn.execute(
        "UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE destination = ? AND state IN ('queued', 'failed')",
        (_iso(now), _iso(now), destination),
    )
    return cursor.rowcount


# -- secrets ---------------------------------------------------------------------------------------
def set_secret(conn: Connection, name: str, value: str) -> None:
    conn.execute(
        "INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def get_secret(conn: Connection, name: str) -> str | None:
    row = conn.execute("SELECT value FROM secrets WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


# -- the confirmed destination -------------------------------------------------------------------
def binding(conn: Connection) -> DestinationBinding | None:
    row = conn.execute(
        "SELECT identity, destination, kinds, since_export_id, confirmed_at FROM sync_binding WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    return DestinationBinding(row[0], row[1], frozenset(str(row[2]).split()), int(row[3]),
                              datetime.fromisoformat(row[4]))  # fmt: skip


def bind(conn: Connection, identity: str, destination: str, kinds: Iterable[str], since: int, now: datetime) -> None:
    conn.execute(
        "INSERT INTO sync_binding (id, identity, destination, kinds, since_export_id, confirmed_at) "
        "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET identity = excluded.identity, "
        "destination = excluded.destination, kinds = excluded.kinds, since_export_id = excluded.since_export_id, "
        "confirmed_at = excluded.confirmed_at",
        (identity, destination, " ".join(sorted(set(kinds))), since, _iso(now)),
    )


def last_export_id(conn: Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM exports").fetchone()[0])


def unsent_exports(conn: Connection, destination: str) -> list[tuple[int, str, str, str, int]]:
    """(id, filename, content_hash, kind, size) of exports never delivered anywhere and not queued for
    `destination`: what "send the waiting ones" sends."""
    rows = conn.execute(
        "SELECT e.id, e.filename, e.content_hash, e.kind, length(e.content) FROM exports e "
        "WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.export_id = e.id "
        "AND (o.state = 'sent' OR o.destination = ?)) ORDER BY e.id",
        (destination,),
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def waiting_payloads(conn: Connection, destination: str) -> list[int]:
    """Backups queued for another destination and not sent there."""
    rows = conn.execute(
        "SELECT id FROM outbox WHERE payload IS NOT NULL AND destination != ? AND state IN ('queued', 'failed')",
        (destination,),
    )
    return [int(r[0]) for r in rows]


def move_to(conn: Connection, item_ids: Iterable[int], destination: str, now: datetime) -> None:
    """Waiting items go to `destination` instead (the user chose to send the waiting ones there)."""
    conn.executemany(
        "UPDATE OR IGNORE outbox SET destination = ?, temp_name = '', attempts = 0, next_attempt_at = ?, "
        "last_error = '', error_kind = '', updated_at = ? WHERE id = ? AND state IN ('queued', 'failed')",
        [(destination, _iso(now), _iso(now), i) for i in item_ids],
    )
