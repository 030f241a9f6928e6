"""The whole (or scoped) case as plain JSON, for other systems and for the record."""

from __future__ import annotations

from typing import Any

from ipterm import __version__
from ipterm.domain.models import CaseFile
from ipterm.store.mapping import to_db


def _plain(obj: Any) -> dict[str, Any]:
    import dataclasses

    out = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        out[f.name] = (
            list(value) if isinstance(value, tuple) else (to_db(value) if not isinstance(value, bool | int) else value)
        )
    return out


def case_json(cf: CaseFile, *, recipient: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {
        "format": "ipterm-case",
        "version": 1,
        "generator": f"ipterm {__version__}",
        "recipient": recipient,
        "case": _plain(cf.case),
    }
    for name in (
        "related",
        "members",
        "goals",
        "measures",
        "evaluations",
        "consents",
        "meetings",
        "decisions",
        "action_items",
        "notes",
        "coordinators",
        "service_decisions",
        "participants",
        "meeting_lines",
    ):
        body[name] = [_plain(x) for x in getattr(cf, name)]
    return body
