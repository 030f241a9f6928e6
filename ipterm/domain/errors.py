"""Errors the user can act on, each carrying a message id and its parameters.

The domain has no I/O and knows no languages: the message is rendered in the UI language at the edge
(`ipterm.i18n.error_text`). `str(error)` renders it too, in the current UI language.
"""

from __future__ import annotations

from typing import Any

from ipterm.domain.messages import Message


class IptermError(Exception):
    """An error the user can act on."""

    def __init__(self, msgid: str | Message, /, **params: Any) -> None:
        self.msg = msgid if isinstance(msgid, Message) else Message(msgid, params)
        super().__init__(self.msg.msgid)

    def message(self, language: str | None = None) -> str:
        return self.msg.render(language)

    def __str__(self) -> str:
        return self.message()


class ValidationError(IptermError, ValueError):
    """Input that does not make sense: a bad date, a wrong check digit, a missing required field."""

    def __init__(self, msgid: str | Message, /, *, field: str | None = None, **params: Any) -> None:
        super().__init__(msgid, **params)
        self.field = field


class NotFoundError(IptermError, LookupError):
    """A case, goal or member that does not exist (any more)."""


class ConflictError(ValidationError):
    """A save refused because the row changed elsewhere (another window, the CLI) since it was read."""
