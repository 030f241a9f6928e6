"""The export log: every rendered export, its bytes and hash, kept inside the encrypted database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ipterm.store.connection import Connection


@dataclass(frozen=True, slots=True)
class ExportRecord:
    id: int
    case_id: int | None
    kind: str
    recipient_member_id: int | None
    recipient_label: str
    meeting_id: int | None
    filename: str
    media_type: str
    content_hash: str
    created_at: datetime
    missing_items: str
    size: int


_COLUMNS = ("id, case_id, kind, recipient_member_id, recipient_label, meeting_id, filename, media_type, "
            "content_hash, created_at, missing_items, length(content)")  # fmt: skip


def _record(row: tuple) -> ExportRecord:
    values = list(row)
    values[9] = datetime.fromisoformat(values[9])
    return ExportRecord(*values)


def add_export(
    conn: Connection,
    *,
    case_id: int | None,
    kind: str,
    recipient_member_id: int | None,
    recipient_label: str,
    meeting_id: int | None,
    filename: str,
    media_type: str,
    content_hash: str,
    content: bytes,
    created_at: datetime,
    missing_items: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO exports (case_id, kind, recipient_member_id, recipient_label, meeting_id, filename, media_type, "
        "content_hash, content, created_at, missing_items) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, kind, recipient_member_id, recipient_label, meeting_id, filename, media_type, content_hash, content,
         created_at.isoformat(timespec="seconds"), missing_items),
    )  # fmt: skip
    return int(cursor.lastrowid)


def list_exports(conn: Connection, case_id: int | None = None, *, limit: int = 200) -> list[ExportRecord]:
    if case_id is None:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM exports ORDER BY id DESC LIMIT ?", (limit,))
    else:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM exports WHERE case_id = ? ORDER BY id DESC LIMIT ?", (case_id, limit)
        )
    return [_record(tuple(r)) for r in rows]


def get_export(conn: Connection, export_id: int) -> ExportRecord | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM exports WHERE id = ?", (export_id,)).fetchone()
    return None if row is None else _record(tuple(row))


def export_content(conn: Connection, export_id: int) -> bytes:
    row = conn.execute("SELECT content FROM exports WHERE id = ?", (export_id,)).fetchone()
    if row is None:
        raise LookupError(export_id)
    return bytes(row[0])


# Folders that exports were written to (`ipterm export -o`), so that temporary files a killed export left
# there can be removed at the next start. Kept in the encrypted database: a folder name can say whose it is.
_FOLDERS_KEY = "export_folders"
_MAX_FOLDERS = 20


def export_folders(conn: Connection) -> list[str]:
    import json

    row = conn.execute("SELECT value FROM file_meta WHERE key = ?", (_FOLDERS_KEY,)).fetchone()
    if row is None:
        return []
    try:
        folders = json.loads(row[0])
    except ValueError:
        return []
    return [f for f in folders if isinstance(f, str)] if isinstance(folders, list) else []


def remember_export_folder(conn: Connection, folder: str) -> None:
    import json

    folders = [folder] + [f for f in export_folders(conn) if f != folder]
    conn.execute(
        "INSERT INTO file_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (_FOLDERS_KEY, json.dumps(folders[:_MAX_FOLDERS], ensure_ascii=False)),
    )


def sync_states(conn: Connection, case_id: int | None = None) -> dict[int, str]:
    """Each export's place in the outbox ("queued", "sending", "sent", "failed"), where it has one."""
    where = "" if case_id is None else "WHERE e.case_id = ?"
    params = () if case_id is None else (case_id,)
    rows = conn.execute(
        f"SELECT o.export_id, o.state FROM outbox o JOIN exports e ON e.id = o.export_id {where} ORDER BY o.id",
        params,
    )
    return {int(export_id): str(state) for export_id, state in rows}
