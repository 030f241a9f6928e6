"""A bracketed paste stays text, whatever it holds.

Textual's XTermParser reads an ESC inside a bracketed paste as the start of a key sequence: the characters
after it leave the paste and are sent as key presses. A pasted `ESC ] 0 ; … BEL` toggled privacy mode (BEL is
Ctrl+G), `ESC [ A q ^L` locked the app and `^Q` in a paste quit it; the text before the ESC ended up after
it. Before the parser sees the input, every ESC between the paste's start and end markers is replaced by
U+241B (␛), so the whole paste arrives as one Paste event, in order; the fields clean it for display as
they clean every paste. `tests/tui/test_paste_guard.py` checks the parser still needs this and still reads
through `feed`; when Textual changes that, the test fails and this patch must move with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

START = "\x1b[200~"
END = "\x1b[201~"
SHOWN_ESC = "\u241b"


class PasteGuard:
    """Rewrites terminal input chunk by chunk; holds back only a paste marker split across two reads."""

    def __init__(self) -> None:
        self.inside = False
        self._held = ""

    def __call__(self, data: str) -> str:
        data, self._held = self._held + data, ""
        out: list[str] = []
        at = 0
        while at < len(data):
            if not self.inside:
                start = data.find(START, at)
                if start < 0:
                    # A start marker cut in two by the read is held back, from "ESC [" on: a lone ESC at
                    # the end is the Escape key and must not wait for the next read.
                    rest = data[at:]
                    keep = _partial_suffix(rest, START)
                    keep = keep if keep >= 2 else 0
                    out.append(rest[: len(rest) - keep])
                    self._held = rest[len(rest) - keep :]
                    break
                out.append(data[at : start + len(START)])
                self.inside, at = True, start + len(START)
                continue
            end = data.find(END, at)
            if end < 0:
                rest = data[at:]
                keep = _partial_suffix(rest, END)
                out.append(rest[: len(rest) - keep].replace("\x1b", SHOWN_ESC))
                self._held = rest[len(rest) - keep :]
                break
            out.append(data[at:end].replace("\x1b", SHOWN_ESC) + END)
            self.inside, at = False, end + len(END)
        return "".join(out)


def _partial_suffix(text: str, marker: str) -> int:
    """How many characters at the end of `text` could be the start of `marker`."""
    for n in range(min(len(marker) - 1, len(text)), 0, -1):
        if marker.startswith(text[-n:]):
            return n
    return 0


def install() -> None:
    """Put a guard in front of Textual's XTermParser.feed (idempotent)."""
    from textual._xterm_parser import XTermParser

    if getattr(XTermParser.feed, "_ipterm_guarded", False):
        return
    original: Callable[[Any, str], Iterable[Any]] = XTermParser.feed

    def feed(self: Any, data: str) -> Iterable[Any]:
        guard = self.__dict__.setdefault("_ipterm_paste_guard", PasteGuard())
        return original(self, guard(data))

    feed._ipterm_guarded = True  # type: ignore[attr-defined]
    feed._ipterm_original = original  # type: ignore[attr-defined]  (the check test reads Textual's own)
    XTermParser.feed = feed  # type: ignore[method-assign]
