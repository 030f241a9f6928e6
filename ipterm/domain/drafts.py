"""A draft: an open form or a half-typed meeting line kept when the terminal closed or the app locked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Draft:
    id: int
    kind: str
    """The form's class name (`GoalForm` …) or `meeting_line`."""
    case_id: int | None
    payload: dict[str, Any]
    """What reopens it (`args`) and the raw field values (`values`), or the meeting and its line."""
    saved_at: datetime
