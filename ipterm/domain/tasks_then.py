"""Tasks as they stood when a meeting closed, read back from the audit trail.

Minutes are a record of the meeting: a task given a new deadline or owner a month later must still print
with the deadline and owner agreed at the table. The audit trail keeps each change's old value, so the
state at the close is today's state with every later change undone, newest first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from ipterm.domain.models import ActionItem, ActionStatus, AuditEntry, MeetingStatus

MEETING_ENTITY = "meeting"
TASK_ENTITY = "action_item"


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


# The fields a minutes table shows, and how a stored old value becomes that field again.
_RESTORE = {
    "text": lambda v: str(v or ""),
    "due_on": _date,
    "owner_member_id": _int,
    "status": lambda v: ActionStatus(v) if v else ActionStatus.OPEN,
    "done_on": _date,
}


def close_entry_id(trail: Iterable[AuditEntry], meeting_id: int) -> int | None:
    """The audit id of the write that closed the meeting (the last one, if it was closed twice)."""
    found = None
    for entry in trail:
        if entry.entity != MEETING_ENTITY or entry.entity_id != meeting_id or entry.id is None:
            continue
        change = entry.changes.get("status")
        if change is not None and change[1] == MeetingStatus.CLOSED.value:
            found = entry.id if found is None else max(found, entry.id)
    return found


def tasks_at_close(items: Sequence[ActionItem], trail: Iterable[AuditEntry], meeting_id: int) -> list[ActionItem]:
    """`items` as they were right after the meeting closed; unchanged when the trail does not show the close."""
    entries = list(trail)
    cut = close_entry_id(entries, meeting_id)
    if cut is None:
        return list(items)
    later = sorted(
        (e for e in entries if e.entity == TASK_ENTITY and e.action == "update" and (e.id or 0) > cut),
        key=lambda e: e.id or 0,
        reverse=True,
    )
    by_id = {item.id: item for item in items}
    for entry in later:
        item = by_id.get(entry.entity_id)
        if item is None:
            continue
        old = {name: _RESTORE[name](change[0]) for name, change in entry.changes.items() if name in _RESTORE}
        by_id[entry.entity_id] = dataclasses.replace(item, **old)
    return [by_id[item.id] for item in items]
