"""Lost updates: a form saves only over the row it was opened on.

The row as the form read it is its version: when the row in the database differs in any field now (another
window set an evaluation date, the CLI confirmed the measure), the save is refused and both values are
named, instead of writing the old date back over the new one.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from ipterm.domain.errors import ConflictError
from ipterm.domain.messages import N_, Message, joined, message
from ipterm.domain.text import clean_for_terminal, quoted
from ipterm.domain.vocabulary import msgid_of

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


_LIMIT = 30


def _shown(value: Any) -> str | Message:
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    if isinstance(value, Enum):  # in the vocabulary's words, as the form showed it
        msgid = msgid_of(value)
        return Message(msgid, context=type(value).__name__) if msgid else str(value.value)
    return quoted(str(value), limit=_LIMIT)


def _where_they_differ(was: str, now: str) -> tuple[str, str]:
    """Two long texts, each cut to the same window around their first difference ("…beholde jobben").

    Both cut at the start would often read the same: a goal reworded at its end showed «Jeg vil beholde
    jobben og…» twice."""
    was, now = (" ".join(clean_for_terminal(t, single_line=True).split()) for t in (was, now))
    if len(was) <= _LIMIT and len(now) <= _LIMIT:
        return was, now
    same = next((n for n, (a, b) in enumerate(zip(was, now, strict=False)) if a != b), min(len(was), len(now)))
    start = was.rfind(" ", 0, max(0, same - 10)) + 1  # from the start of a word, a few words before

    def window(text: str) -> str:
        piece = text[start : start + _LIMIT]
        return ("…" if start else "") + piece + ("…" if start + _LIMIT < len(text) else "")

    return window(was), window(now)


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
        before, after = getattr(expected, name), getattr(current, name)
        texts = all(isinstance(v, str) and not isinstance(v, Enum) and v for v in (before, after))
        if texts:
            was, now = _where_they_differ(before, after)
        else:
            was, now = _shown(before), _shown(after)
        parts.append(message("{label}: «{was}» da du åpnet, nå «{now}»", label=label, was=was, now=now))
    raise ConflictError(
        "Endret av et annet vindu siden du åpnet skjemaet ({changes}). Ingenting er lagret: "
        "lukk skjemaet og åpne det igjen.",
        changes=joined(parts, "; "),
    )
