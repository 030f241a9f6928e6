"""UI language: every string on screen is written as a (bokmål, English) pair at the place it is used.

Keeping both languages side by side means a string cannot exist in one language only, and
tests/tui/test_i18n.py checks the code for strings that reach the screen without going through `tr`.

The current language is a plain module value rather than the domain's `LANGUAGE` context variable:
Textual runs every widget's message loop in its own asyncio task, and a context variable set in one task
(the palette command that switches language) is not seen by tasks created before it. The context variable
is set too, so that domain errors raised on the same task pick the right language by default.
"""

from __future__ import annotations

from ipterm.domain.errors import LANGUAGE, IptermError
from ipterm.domain.text import clean_for_terminal

LANGUAGES = ("nb", "en")
_current = "nb"


def language() -> str:
    return _current


def set_language(lang: str) -> None:
    """Switch the UI language for everything drawn from now on."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown UI language {lang!r}")
    _current = lang
    LANGUAGE.set(lang)


def tr(nb: str, en: str) -> str:
    """The bokmål or the English text, whichever language the UI speaks now."""
    return en if _current == "en" else nb


def error_text(error: IptermError) -> str:
    """The message in the UI language, safe to print: messages may quote what the user typed."""
    return clean_for_terminal(error.message(_current))
