"""Lost updates: a form saves only over the row it was opened on.

The row as the form read it is its version: when the row in the database differs in any field now (another
window set an evaluation date, the CLI confirmed the measure), the save is refused and both values are
named, instead of writing the old date back over the new one.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from ipterm.domain.errors import ConflictError
from ipterm.domain.messages import N_, joined, message
from ipterm.domain.text import quoted

_IGNORED = {"updated_at", "created_at"}
_LABELS = {
    "text": N_("tekst"), "evaluate_by": N_("evalueres"), "status": N_("status"),
    "what": N_("tiltak"), "scope": N_("omfang"), "how": N_("hvordan"),
    "from_date": N_("fra"), "to_date": N_("til"), "goal_ids": N_("mål"),
    "responsible_member_id": N_("ansvarlig"), "last_confirmed": N_("bekreftet"),
    "name": N_("navn"), "role": N_("rolle"), "phone": N_("telefon"),
    "email": N_("e-post"), "organisation": N_("tjeneste"), "parent_id": N_("delmål av"),
    "person_name": N_("navn"), "coordinator": N_("koordinator"),
    "next_revision": N_("revideres"), "plan_start": N_("plan fra"),
    "plan_end": N_("plan til"), "active": N_("aktiv"), "is_own_words": N_("egne ord"),
}  # fmt: skip


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    if hasattr(value, "value"):  # an enum
        return str(value.value)
    return quoted(str(value), limit=30)


def refuse_lost_update(current: Any, expected: Any | None) -> None:
    """Raise ConflictError when `current` (the row now) differs from `expected` (the row the form read)."""
    if expected is None:
        return
    changed = [
        f.name
        for f in dataclasses.fields(current)
        if f.name not in _IGNORED and getattr(current, f.name) != getattr(expected, f.name)
    ]
    if not changed:
        return
    parts = []
    for name in changed:
        label = message(_LABELS[name]) if name in _LABELS else name
        was, now = _shown(getattr(expected, name)), _shown(getattr(current, name))
        parts.append(message("{label}: «{was}» da du åpnet, nå «{now}»", label=label, was=was, now=now))
    raise ConflictError(
        "Endret av et annet vindu siden du åpnet skjemaet ({changes}). Ingenting er lagret: "
        "lukk skjemaet og åpne det igjen.",
        changes=joined(parts, "; "),
    )
