"""Texts for people, as message ids with named parameters, rendered in a language at the edge.

The domain has no I/O and knows no languages: it builds a `Message` from a bokmål message id (the source
text of the catalogue, with `{name}` holes) and the values for the holes. The UI and the CLI render it in
their language through `ipterm.i18n`, which registers the translator here when it is imported, so that
`str(message)` already speaks the UI language in logs and tracebacks the edge prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# (context or None, message id, language or None for the current one) -> translated text
Translate = Callable[[str | None, str, str | None], str]
# (singular, plural, n, language or None) -> translated text for n
TranslatePlural = Callable[[str, str, int, str | None], str]


def _source(_context: str | None, msgid: str, _language: str | None) -> str:
    return msgid


def _source_plural(singular: str, plural: str, n: int, _language: str | None) -> str:
    return singular if n == 1 else plural


_translate: Translate = _source
_translate_plural: TranslatePlural = _source_plural


def set_translator(translate: Translate, translate_plural: TranslatePlural) -> None:
    """Called once by ipterm.i18n; until then messages render in the source language."""
    global _translate, _translate_plural
    _translate, _translate_plural = translate, translate_plural


def N_(msgid: str) -> str:
    """Marks a text for the catalogue where it is defined; it is translated where it is shown."""
    return msgid


def pN_(_context: str, msgid: str) -> str:
    """As `N_`, for a text that needs a context (an enum label) to be translated right."""
    return msgid


@dataclass(frozen=True)
class Message:
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    context: str | None = None

    def render(self, language: str | None = None) -> str:
        return self._fill(_translate(self.context, self.msgid, language), self.msgid, language)

    def _fill(self, text: str, source: str, language: str | None) -> str:
        if not self.params:
            return text
        values = {k: v.render(language) if isinstance(v, Message) else v for k, v in self.params.items()}
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            # A translation with a broken hole must not hide the message: fall back to the source text.
            return source.format(**values)

    def __str__(self) -> str:
        return self.render()

    def __format__(self, spec: str) -> str:
        return format(self.render(), spec)

    def __eq__(self, other: object) -> bool:
        # A message is the text it reads as: tests and callers compare it with a str in the current language.
        if isinstance(other, str):
            return self.render() == other
        if isinstance(other, Message):
            return type(self) is type(other) and self._key() == other._key()
        return NotImplemented

    def __contains__(self, part: str) -> bool:
        return part in self.render()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[Any, ...]:
        return (self.msgid, tuple(sorted((k, str(v)) for k, v in self.params.items())), self.context)


def message(msgid: str, /, **params: Any) -> Message:
    return Message(msgid, params)


@dataclass(frozen=True, eq=False)
class Joined(Message):
    """Parts rendered one by one and joined: "mål «…» endret; tiltak «…» ny"."""

    parts: tuple[Message | str, ...] = ()
    separator: str = ", "

    def render(self, language: str | None = None) -> str:
        return self.separator.join(p.render(language) if isinstance(p, Message) else p for p in self.parts)


def joined(parts: Iterable[Message | str], separator: str = ", ") -> Joined:
    return Joined("", parts=tuple(parts), separator=separator)


@dataclass(frozen=True, eq=False)
class Plural(Message):
    """A message with a singular and a plural form, chosen by `n` as the language counts."""

    plural: str = ""
    n: int = 0

    def render(self, language: str | None = None) -> str:
        source = self.msgid if self.n == 1 else self.plural
        return self._fill(_translate_plural(self.msgid, self.plural, self.n, language), source, language)


def plural(singular: str, plural_form: str, n: int, /, **params: Any) -> Plural:
    """`{n}` in the texts is filled with n."""
    return Plural(singular, {"n": n, **params}, plural=plural_form, n=n)


def to_stored(msg: Message) -> str:
    """The message as JSON text, for a reason kept in the database and shown later in any language."""
    return json.dumps(_plain(msg), ensure_ascii=False)


def _plain(msg: Message) -> dict[str, Any]:
    if isinstance(msg, Joined):
        return {"join": [_plain(p) if isinstance(p, Message) else str(p) for p in msg.parts], "sep": msg.separator}
    params = {k: _plain(v) if isinstance(v, Message) else str(v) for k, v in msg.params.items()}
    out: dict[str, Any] = {"id": msg.msgid, "params": params}
    if msg.context:
        out["context"] = msg.context
    return out


def from_stored(text: str) -> Message | None:
    """A stored reason back as a message; older rows hold "bokmål\\nEnglish" text, shown as it is."""
    if not text:
        return None
    try:
        found = json.loads(text)
        return _rebuild(found)
    except (ValueError, TypeError, KeyError, AttributeError):
        return Message(text.partition("\n")[0].replace("{", "{{").replace("}", "}}"), {"_": ""})


def _rebuild(found: Any) -> Message:
    if isinstance(found, dict) and "join" in found:
        parts = [_rebuild(p) if isinstance(p, dict) else str(p) for p in found["join"]]
        return joined(parts, str(found.get("sep", ", ")))
    params = {str(k): _rebuild(v) if isinstance(v, dict) else str(v) for k, v in dict(found["params"]).items()}
    return Message(str(found["id"]), params, found.get("context"))
