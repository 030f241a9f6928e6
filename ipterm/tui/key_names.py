"""Keys the way people write them in a manual: `?`, `/`, `Ctrl+N`, `F1`, `Esc`, not `question_mark`."""

from __future__ import annotations

import re

from textual.keys import key_to_character

from ipterm.i18n import _

_NAMED = {
    "escape": "Esc", "enter": "Enter", "tab": "Tab", "backspace": "Backspace", "delete": "Del",
    "insert": "Ins", "home": "Home", "end": "End", "pageup": "PgUp", "pagedown": "PgDn",
    "up": "↑", "down": "↓", "left": "←", "right": "→", "slash": "/", "backslash": "\\",
}  # fmt: skip
_MODIFIERS = {"ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "meta": "Meta", "super": "Super"}


def key_name(key: str) -> str:
    """One key: "ctrl+n" -> "Ctrl+N", "question_mark" -> "?", "f5" -> "F5", "space" -> "Mellomrom"."""
    *mods, base = key.strip().split("+") if key.strip() != "+" else ["+"]
    if base == "space":
        name = _("Mellomrom")
    elif base in _NAMED:
        name = _NAMED[base]
    elif re.fullmatch(r"f\d{1,2}", base):
        name = base.upper()
    else:
        char = key_to_character(base) if len(base) > 1 else base
        name = char if char and char.isprintable() else base
        if mods and len(name) == 1:
            name = name.upper()  # Ctrl+N, as printed on the key
    return "+".join([*(_MODIFIERS.get(m, m.capitalize()) for m in mods), name])


def keys_text(keys: str) -> str:
    """A binding's keys ("question_mark,f1") as "?, F1"."""
    return ", ".join(key_name(k) for k in keys.split(",") if k.strip())
