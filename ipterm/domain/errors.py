"""Errors that carry a message for the user in both UI languages.

The domain has no I/O, so messages live here as (bokmål, English) pairs; the UI picks one with
`ipterm.i18n.current_language()`.
"""

from __future__ import annotations

from contextvars import ContextVar

LANGUAGE: ContextVar[str] = ContextVar("ipterm_language", default="nb")


class IptermError(Exception):
    """An error the user can act on. `str(error)` is the message in the current UI language."""

    def __init__(self, nb: str, en: str | None = None) -> None:
        super().__init__(nb)
        self.nb = nb
        self.en = en or nb

    def message(self, language: str | None = None) -> str:
        return self.en if (language or LANGUAGE.get()) == "en" else self.nb

    def __str__(self) -> str:
        return self.message()


class ValidationError(IptermError, ValueError):
    """Input that does not make sense: a bad date, a wrong check digit, a missing required field."""

    def __init__(self, nb: str, en: str | None = None, *, field: str | None = None) -> None:
        super().__init__(nb, en)
        self.field = field


class NotFoundError(IptermError, LookupError):
    """A case, goal or member that does not exist (any more)."""


class ConflictError(ValidationError):
    """A save refused because the row changed elsewhere (another window, the CLI) since it was read."""
