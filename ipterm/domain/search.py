"""Search hits and the translation of what a user types into a safe full-text query."""

from __future__ import annotations

import re
import unicodedata
from collections import deque
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


def _fold(word: str) -> str:
    """Lower case without accents, roughly as the full-text index's unicode61 tokenizer sees a word."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def excerpt(text: str, typed: str, *, tokens: int = 12) -> str:
    """A snippet around the first word of `text` that starts with a typed word, hits marked as the index
    marks them. For texts too long for the index's own snippet(), whose cost grows with the square of the
    number of matches in one text (a 1 MB paste of one repeated word would take minutes).

    Reads only as far as the first hit and a few words beyond it.
    """
    wanted = tuple(_fold(w) for w in _WORD.findall(typed)[:12])
    if not wanted:
        return ""
    before: deque[re.Match[str]] = deque(maxlen=tokens // 2)
    window: list[re.Match[str]] = []
    hits: set[int] = set()
    for match in _WORD.finditer(text):
        word = match.group().casefold()
        is_hit = (word if word.isascii() else _fold(word)).startswith(wanted)
        if not window:
            if not is_hit:
                before.append(match)
                continue
            window = list(before)
        if is_hit:
            hits.add(len(window))
        window.append(match)
        if len(window) >= tokens:
            break
    if not window:
        return ""
    parts = ["…"] if window[0].start() > 0 and _WORD.search(text, 0, window[0].start()) else []
    end = window[0].start()
    for n, match in enumerate(window):
        parts.append(text[end : match.start()].replace(HIT_START, "").replace(HIT_END, ""))  # markers are ours
        parts.append(f"{HIT_START}{match.group()}{HIT_END}" if n in hits else match.group())
        end = match.end()
    if _WORD.search(text, end):
        parts.append("…")
    return "".join(parts)
