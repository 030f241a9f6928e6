"""The whole (or scoped) case as plain JSON, for other systems and for the record.

Field names are the domain's own (English); enums are their stored values, dates ISO 8601. The
envelope says what the file is, when it was made and who it was for.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

from ipterm import __version__
from ipterm.domain.models import CaseFile
from ipterm.domain.scoping import RecipientScope

FORMAT = "ipterm-case"
FORMAT_VERSION = 1
_COLLECTIONS = (
    "related",
    "members",
    "goals",
    "measures",
    "evaluations",
    "consents",
    "meetings",
    "participants",
    "meeting_lines",
    "decisions",
    "action_items",
    "notes",
    "coordinators",
    "assessments",
    "service_decisions",
)


def plain(value: Any) -> Any:
    """A dataclass, enum, date or collection as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def case_json(
    case_file: CaseFile, today: date, *, scope: RecipientScope | None = None, recipient_label: str = ""
) -> dict[str, Any]:
    """The case file as a JSON-ready dict, with an envelope saying who it was for."""
    recipient = None
    if scope is not None:
        recipient = {
            "member_id": scope.member_id,
            "related_id": scope.recipient.related_id,
            "label": recipient_label,
            "whole_plan": scope.whole,
            "sections": [s.value for s in sorted(scope.sections)],
            "kinds": [k.value for k in sorted(scope.kinds)],
            "own_measures_only": scope.own_measures_only,
            "consent_ids": list(scope.consent_ids),
        }
    body: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": f"ipterm {__version__}",
        "exported_on": today.isoformat(),
        "recipient": recipient,
        "case": plain(case_file.case),
    }
    for name in _COLLECTIONS:
        body[name] = plain(getattr(case_file, name))
    return body
