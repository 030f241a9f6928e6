"""How stored text is shown: cleaned of escape sequences, never read as markup, masked in privacy mode."""

from __future__ import annotations

from rich.text import Text

from ipterm.domain.national_id import mask_national_id
from ipterm.domain.text import clean_for_terminal


def safe(text: str | None, *, style: str = "") -> Text:
    """A Text that shows `text` literally on one line (no markup, no control sequences)."""
    return Text(clean_for_terminal(text or "", single_line=True), style=style)


def person(name: str, *, privacy: bool) -> Text:
    """A person's name, or initials only in privacy mode."""
    if not privacy:
        return safe(name)
    initials = "".join(part[0] + "." for part in clean_for_terminal(name).split() if part)
    return Text(initials or "•••", style="italic")


def national_id(value: str | None, *, privacy: bool) -> str:
    if not value:
        return ""
    return "*********** " if privacy else mask_national_id(value)
