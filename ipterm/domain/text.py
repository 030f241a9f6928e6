"""Making stored text safe to show in a terminal."""

from __future__ import annotations

import re

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


def clean_for_terminal(text: str, *, single_line: bool = False) -> str:
    """Text with every control and escape sequence removed, ready for a terminal or a TUI widget."""
    cleaned = _BIDI_OVERRIDES.sub("", _CONTROLS.sub("", _ESCAPES.sub("", text)))
    if single_line:
        cleaned = " ".join(cleaned.split())
    return cleaned
