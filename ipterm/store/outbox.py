"""Outbox rows: what is waiting to be sent where, and how it went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ipterm.domain.sync import OutboxState, SyncStatus
from ipterm.store.connection import Connection


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    export_id: int
    destination: str
    remote_name: str
    content_hash: str
    state: OutboxState
    attempts: int
    next_attempt_at: datetime
    last_error: str
    sent_at: datetime | None


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def enqueue(
    conn: Connection, export_id: int, destination: str, remote_name: str, content_hash: str, now: datetime
) -> None:
    """Queue an export once per destination; queuing it again changes nothing."""
    conn.execute(
        "INSERT OR IGNORE INTO outbox (export_id, destination, remote_name, content_hash, state, next_attempt_at, "
        "updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
        (export_id, destination, remote_name, content_hash, _iso(now), _iso(now)),
    )


def _item(row: tuple) -> OutboxItem:
    r = list(row)
    return OutboxItem(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        OutboxState(r[5]),
        r[6],
        datetime.fromisoformat(r[7]),
        r[8],
        datetime.fromisoformat(r[9]) if r[9] else None,
    )


_COLS = "id, export_id, destination, remote_name, content_hash, state, attempts, next_attempt_at, last_error, sent_at"


def due(conn: Connection, destination: str, now: datetime, limit: int = 50) -> list[OutboxItem]:
    rows = conn.execute(
        f"SELECT {_COLS} FROM outbox WHERE destination = ? AND state IN ('queued', 'failed') "
        "AND next_attempt_at <= ? ORDER BY id LIMIT ?",
        (destination, _iso(now), limit),
    )
    return [_item(tuple(r)) for r in rows]


def items(conn: Connection, destination: str | None = None) -> list[OutboxItem]:
    if destination is None:
        rows = conn.execute(f"SELECT {_COLS} FROM outbox ORDER BY id")
    else:
        rows = conn.execute(f"SELECT {_COLS} FROM outbox WHERE destination = ? ORDER BY id", (destination,))
    return [_item(tuple(r)) for r in rows]


def mark_sending(conn: Connection, item_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?",
        (_iso(now), item_id),
    )


def mark_sent(conn: Connection, item_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '', updated_at = ? WHERE id = ?",
        (_iso(now), _iso(now), item_id),
    )


def mark_failed(conn: Connection, item_id: int, reason: str, retry_at: datetime, now: datetime) -> None:
    conn.execute(
        "UPDATE outbox SET state = 'failed', last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?",
        (reason, _iso(retry_at), _iso(now), item_id),
    )


def recover_interrupted(conn: Connection, now: datetime, older_than: timedelta = timedelta(minutes=2)) -> int:
    """Items left 'sending' by a killed process go back to the queue (the upload is idempotent)."""
    cursor = conn.execute(
        "UPDATE outbox SET state = 'queued', next_attempt_at = ?, updated_at = ? "
        "WHERE state = 'sending' AND updated_at <= ?",
        (_iso(now), _iso(now), _iso(now - older_than)),
    )
    return cursor.rowcount


def status(conn: Connection, destination: str, configured: bool) -> SyncStatus:
    counts = dict(
        conn.execute(
            "SELECT state, count(*) FROM outbox WHERE destination = ? GROUP BY state", (destination,)
        ).fetchall()
    )
    last = conn.execute("SELECT max(sent_at) FROM outbox WHERE destination = ?", (destination,)).fetchone()[0]
    error = conn.execute(
        "SELECT last_error FROM outbox WHERE destination = ? AND state = 'failed' ORDER BY updated_at DESC LIMIT 1",
        (destination,),
    ).fetchone()
    return SyncStatus(
        configured=configured,
        queued=counts.get("queued", 0),
        sending=counts.get("sending", 0),
        failed=counts.get("failed", 0),
        sent=counts.get("sent", 0),
        last_sent_at=datetime.fromisoformat(last) if last else None,
        last_error=error[0] if error else "",
    )


def set_secret(conn: Connection, name: str, value: str) -> None:
    conn.execute(
        "INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def get_secret(conn: Connection, name: str) -> str | None:
    row = conn.execute("SELECT value FROM secrets WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None
