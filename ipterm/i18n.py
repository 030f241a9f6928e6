"""Languages: gettext catalogues, the current UI language, and the document language of an export.

Every text is written once, in bokmål, as the message id: `_("Lagret {name}.", name=...)`. The catalogues
under `data/locales/<lang>/LC_MESSAGES/ipterm.po` translate it; bokmål needs none. The package build
compiles them to `.mo` files; a checkout without them compiles the `.po` in memory on first use.

Adding a language is one `.po` file and one entry in `LANGUAGES`.

The current UI language is a plain module value rather than a context variable: Textual runs every
widget's message loop in its own asyncio task, and a context variable set in one task (the palette command
that switches language) is not seen by tasks created before it. A document is rendered in its own language
inside `document_language(...)`, which does use a context variable: an export runs on one thread or task
from start to end, and must not change what the screen shows meanwhile.
"""

from __future__ import annotations

import functools
import gettext
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum
from pathlib import Path
from typing import Any

from ipterm import paths
from ipterm.domain import messages
from ipterm.domain.errors import IptermError
from ipterm.domain.messages import N_, Message, Plural, pN_
from ipterm.domain.text import clean_for_terminal

__all__ = [
    "LANGUAGES",
    "N_",
    "SOURCE_LANGUAGE",
    "_",
    "document_language",
    "error_text",
    "format_number",
    "label",
    "language",
    "ngettext",
    "pN_",
    "pgettext",
    "render",
    "set_language",
]

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "nb"
# The one list of languages: the source first. Names are in the language itself.
LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
LANGUAGE_NAMES = {"nb": "bokmål", "nn": "nynorsk", "en": "English"}
DOMAIN = "ipterm"

_current = SOURCE_LANGUAGE
_document: ContextVar[str | None] = ContextVar("ipterm_document_language", default=None)


def language() -> str:
    """The language texts are rendered in now: a document's while one is being made, else the UI's."""
    return _document.get() or _current


def ui_language() -> str:
    return _current


def set_language(lang: str) -> None:
    """Switch the UI language for everything drawn from now on."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang


@contextmanager
def document_language(lang: str) -> Iterator[None]:
    """Render the texts of one document in `lang`, whatever the UI speaks."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    token = _document.set(lang)
    try:
        yield
    finally:
        _document.reset(token)


def locales_dir() -> Path:
    return paths.locales_dir()


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    folder = locales_dir() / lang / "LC_MESSAGES"
    compiled = folder / f"{DOMAIN}.mo"
    source = folder / f"{DOMAIN}.po"
    try:
        if compiled.is_file() and (not source.is_file() or compiled.stat().st_mtime >= source.stat().st_mtime):
            with compiled.open("rb") as file:
                return gettext.GNUTranslations(file)
        return gettext.GNUTranslations(io.BytesIO(compile_po(source.read_bytes())))
    except (OSError, ValueError) as exc:
        # A missing or damaged catalogue shows the source text rather than stopping the app.
        log.warning("catalogue for %s not usable: %s", lang, type(exc).__name__)
        return gettext.NullTranslations()


def compile_po(po: bytes) -> bytes:
    """The `.mo` bytes of a `.po` file; fuzzy entries are left out, as msgfmt does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po))
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _translate(context: str | None, msgid: str, lang: str | None = None) -> str:
    found = translations(lang or language())
    return found.pgettext(context, msgid) if context else found.gettext(msgid)


def _translate_plural(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return translations(lang or language()).ngettext(singular, plural, n)


messages.set_translator(_translate, _translate_plural)


def _(msgid: str, /, **params: Any) -> str:
    """`msgid` in the current language, its `{holes}` filled from `params`."""
    return Message(msgid, params).render() if params else _translate(None, msgid)


def pgettext(context: str, msgid: str, /, **params: Any) -> str:
    return Message(msgid, params, context).render()


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The singular or plural form for `n`; `{n}` is filled with n as the language writes numbers."""
    return Plural(singular, {**params, "n": format_number(n)}, plural=plural, n=n).render()


def render(text: str | Message) -> str:
    return text.render() if isinstance(text, Message) else _(text)


def format_number(n: float) -> str:
    """76 196, not 76,196: Norwegian groups thousands with a (no-break) space."""
    from babel.numbers import format_decimal

    locale = "en" if language() == "en" else "nb"  # Babel has no separate nynorsk number rules
    return format_decimal(n, locale=locale).replace("\xa0", " ").replace("\u202f", " ")


def error_text(error: IptermError) -> str:
    """The message in the UI language, safe to print: messages may quote what the user typed."""
    return clean_for_terminal(error.message(language()))


def label(value: Enum) -> str:
    """An enum value in words, in the current language: `label(GoalStatus.ACHIEVED)` -> "nådd"."""
    from ipterm.domain.vocabulary import msgid_of

    msgid = msgid_of(value)
    return pgettext(type(value).__name__, msgid) if msgid else str(value.value)
