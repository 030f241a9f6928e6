"""Drafts of open forms: kind, case and a JSON payload, nothing else (see migration 0007)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlcipher3.dbapi2 import Connection

from ipterm.domain.drafts import Draft


def replace_all(conn: Connection, drafts: list[tuple[str, int | None, dict[str, Any]]], at: datetime) -> None:
    """The drafts now open replace those saved before (the same forms, saved again, are not doubled)."""
    conn.execute("DELETE FROM drafts")
    conn.executemany(
        "INSERT INTO drafts (kind, case_id, payload, saved_at) VALUES (?, ?, ?, ?)",
        [(kind, case_id, json.dumps(payload, ensure_ascii=False), at.isoformat()) for kind, case_id, payload in drafts],
    )


def all_drafts(conn: Connection) -> list[Draft]:
    rows = conn.execute("SELECT id, kind, case_id, payload, saved_at FROM drafts ORDER BY id").fetchall()
    return [Draft(r[0], r[1], r[2], json.loads(r[3]), datetime.fromisoformat(r[4])) for r in rows]


def delete(conn: Connection, draft_id: int | None = None) -> None:
    if draft_id is None:
        conn.execute("DELETE FROM drafts")
    else:
        conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
