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
from ipterm.domain.text import quoted

_IGNORED = {"updated_at", "created_at"}
_LABELS = {
    "text": ("tekst", "text"), "evaluate_by": ("evalueres", "evaluate by"), "status": ("status", "status"),
    "what": ("tiltak", "measure"), "scope": ("omfang", "scope"), "how": ("hvordan", "how"),
    "from_date": ("fra", "from"), "to_date": ("til", "to"), "goal_ids": ("mål", "goals"),
    "responsible_member_id": ("ansvarlig", "responsible"), "last_confirmed": ("bekreftet", "confirmed"),
    "name": ("navn", "name"), "role": ("rolle", "role"), "phone": ("telefon", "phone"),
    "email": ("e-post", "e-mail"), "organisation": ("tjeneste", "service"), "parent_id": ("delmål av", "sub-goal of"),
    "person_name": ("navn", "name"), "coordinator": ("koordinator", "coordinator"),
    "next_revision": ("revideres", "revise by"), "plan_start": ("plan fra", "plan from"),
    "plan_end": ("plan til", "plan to"), "active": ("aktiv", "active"), "is_own_words": ("egne ord", "own words"),
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
    nb_parts, en_parts = [], []
    for name in changed:
        nb, en = _LABELS.get(name, (name, name))
        was, now = _shown(getattr(expected, name)), _shown(getattr(current, name))
        nb_parts.append(f"{nb}: «{was}» da du åpnet, nå «{now}»")
        en_parts.append(f"{en}: “{was}” when you opened it, now “{now}”")
    raise ConflictError(
        "Endret av et annet vindu siden du åpnet skjemaet (" + "; ".join(nb_parts) + "). Ingenting er lagret: "
        "lukk skjemaet og åpne det igjen.",
        "Changed by another window since you opened the form (" + "; ".join(en_parts) + "). Nothing was saved: "
        "close the form and open it again.",
    )
