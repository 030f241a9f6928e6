"""The case's note field: a short contact note of one or more lines, saved with Enter.

A TextArea, so a note can have several lines (Ctrl+J or Alt+Enter starts a new one; a pasted block keeps
its lines), but Enter saves as in every other field of the app. Tab leaves the field, as in a form. F2
changes the kind of note (telefon, e-post, besøk, møte, annet); the last one chosen stays for the next.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.message import Message

from ipterm.domain.models import NoteKind
from ipterm.i18n import N_
from ipterm.tui.keymap import bind
from ipterm.tui.widgets.field_input import FieldArea

KINDS = tuple(NoteKind)

NEW_LINE_KEYS = ("ctrl+j", "alt+enter", "shift+enter")


class NoteBox(FieldArea):
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("f2", "next_kind", "case.note.kind", N_("Type notat")),
    ]

    class KindChanged(Message):
        def __init__(self, box: NoteBox) -> None:
            super().__init__()
            self.box = box

        @property
        def control(self) -> NoteBox:
            return self.box

    class Submitted(Message):
        def __init__(self, box: NoteBox, text: str, kind: NoteKind) -> None:
            super().__init__()
            self.box = box
            self.text = text
            self.kind = kind

        @property
        def control(self) -> NoteBox:
            return self.box

    def __init__(self, *, id: str | None = None, placeholder: str = "") -> None:
        super().__init__(id=id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                         placeholder=placeholder, compact=True)  # fmt: skip
        self.kind = NoteKind.PHONE

    def action_next_kind(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.post_message(self.KindChanged(self))

    def take_back(self, text: str) -> None:
        """A note that could not be saved goes back in front of whatever was typed since."""
        rest = self.text
        self.load_text(text + (("\n" + rest) if rest else ""))
        self.move_cursor(self.document.end)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            # Emptied here, before the next key is read: cleared later (when the message arrives), the
            # keys typed meanwhile would be thrown away with the saved note.
            text = self.text
            if text.strip():
                self.load_text("")
                self.post_message(self.Submitted(self, text, self.kind))
            return
        if event.key in NEW_LINE_KEYS:
            event.stop()
            event.prevent_default()
            self._replace_via_keyboard("\n", *self.selection)
            return
        await super()._on_key(event)
