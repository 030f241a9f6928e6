"""Search hits and the translation of what a user types into a safe full-text query."""

from __future__ import annotations

import re
from dataclasses import dataclass

HIT_START = "\x02"  # markers around the matched words in a snippet; stripped or styled by the UI
HIT_END = "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    case_id: int
    person_name: str
    kind: str  # case / member / goal / measure / note
    ref_id: int
    snippet: str


def fts_query(text: str) -> str | None:
    """Every typed word as a quoted prefix term, all required. None when nothing searchable was typed.

    Quoting each word keeps FTS5 operators (AND, NEAR, -, ^, :) in user text from being interpreted.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words[:12])
