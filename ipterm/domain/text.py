"""Making stored text safe to show in a terminal."""

from __future__ import annotations

import json
import re
from typing import Any

# ESC-introduced sequences (CSI, OSC, DCS, SOS/PM/APC and two-character escapes), their 8-bit C1 forms,
# then any remaining C0/C1 control character except tab and newline.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]            # CSI … final byte
    | \x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC / DCS / SOS / PM / APC … BEL or ST
    | \x1b[@-Z\\-_]                     # other two-byte escapes
    | \x9b[0-?]*[ -/]*[@-~]             # 8-bit CSI
    | [\x90\x9d\x98\x9e\x9f][^\x07\x9c]*(?:\x07|\x9c)?   # 8-bit OSC/DCS/…
    """,
    re.VERBOSE,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi overrides and isolates can make text display in a different order than it is stored.
_BIDI_OVERRIDES = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# What json.dumps(ensure_ascii=False) leaves raw although a terminal may act on it: DEL, the C1 controls
# (U+009B is CSI to many terminals), the bidi overrides and isolates, and the line and paragraph separators.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def clean_for_terminal(text: str, *, single_line: bool = False) -> str:
    """Text with every control and escape sequence removed, ready for a terminal or a TUI widget."""
    cleaned = _BIDI_OVERRIDES.sub("", _CONTROLS.sub("", _ESCAPES.sub("", text)))
    if single_line:
        cleaned = " ".join(cleaned.split())
    return cleaned


def quoted(text: str, *, limit: int = 40) -> str:
    """Typed or stored text as a message quotes it: cleaned to one line and shortened.

    Messages are shown as they are (notifications, form hints, the meeting preview), so what they quote
    must already be safe, and a 1 MB paste must not become a 1 MB message.
    """
    cleaned = clean_for_terminal(text, single_line=True)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def terminal_json(value: Any) -> str:
    """JSON for standard output: readable Norwegian letters, every character a terminal could act on
    written as a \\u escape. The data is unchanged: a JSON reader gets back exactly what was stored."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def initials(name: str) -> str:
    """ "Jonas Berg Haugen" -> "J.B.H.": how a person is named where a full name would say too much."""
    # A name field that also names a service ("Siri Tangen (Barne- og familietjenesten)") gives the
    # person's initials only: initials of the rest read as garble ("S.T.(.o.f.") and hint at the service.
    person = clean_for_terminal(name).split("(")[0]
    letters = "".join(part[0] + "." for part in person.split() if part[0].isalpha())
    return letters or "•••"
