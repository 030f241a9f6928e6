"""Text fields that never hand the terminal a control sequence, and do not re-lay-out the screen per key.

Textual's Input and TextArea write their text to the terminal as it is: a pasted or stored escape
sequence would reach the terminal on every repaint. Everything inserted here (typed, pasted, or set by
code through `replace`, which `insert` and typing use) passes through `display.field_text` first; a value handed in at
construction is cleaned by whoever builds the field (the form keeps the stored text, see FormScreen).

Textual's Input sets its virtual size to the text's length on each change, and `virtual_size` asks for a
layout pass of the whole screen; on a form or the meeting screen (dozens of widgets) that pass is most of
the time a key press takes. A one-line field with a fixed size needs no new layout when its text grows:
scrolling within the field reads the virtual size directly, so it is still kept, only without the pass.

Editing keys (Backspace, Delete, Ctrl+W …) are the field's own bindings, and Textual looks bindings up only
after the key has travelled from the field up to the app, one message queue at a time. The letters typed
behind it take the short way, straight into the field, and overtake it: `10.2⌫1` arrived as `10.2`, a
deadline a month late. Here the field runs its own bindings as the key arrives, in the order typed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, TextArea

from ipterm.tui.display import field_text


def _editing_actions(widget: Widget) -> frozenset[str]:
    return _editing_actions_of(type(widget))


@cache
def _editing_actions_of(kind: type) -> frozenset[str]:
    """The actions a text field declares itself (Backspace, Ctrl+W, Home …), not those it inherits from
    scrolling widgets: Down in a filter field must still reach the screen, which moves to the list."""
    return frozenset(
        (b.action if isinstance(b, Binding) else b[1])
        for cls in kind.__mro__
        if isinstance(cls, type) and issubclass(cls, Input | TextArea)
        for b in cls.__dict__.get("BINDINGS", ())
    )


def own_binding(widget: Widget, key: str) -> Binding | None:
    """The field's own editing binding for a key (keymap applied), if it has one."""
    actions = _editing_actions(widget)
    for binding in widget._bindings.key_to_bindings.get(key, ()):
        if not binding.priority and binding.action in actions:  # priority ones ran before the key came here
            return binding
    return None


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the field's own editing binding for the key now, in typing order; False if it has none."""
    binding = own_binding(widget, event.key)
    if binding is None:
        return False
    event.stop()
    event.prevent_default()
    await widget.run_action(binding.action)
    return True


class FieldInput(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, select_on_focus: bool = False, **kwargs: Any) -> None:
        # Textual selects the whole text when a field gets focus, so the next letter typed replaces it: a
        # note half written, left with Tab and come back to, was lost to one key.
        super().__init__(*args, select_on_focus=select_on_focus, **kwargs)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(field_text(text), start, end)

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class FieldArea(TextArea):
    """A TextArea whose pastes are cleaned like everything else put into it, and whose editing keys run in
    typing order (see `run_own_binding`)."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # TextArea's own handler would insert the raw text after this one
        if self.read_only:
            return
        # Terminals (and tmux) put a carriage return between pasted lines: each is a new line here.
        pasted = event.text.replace("\r\n", "\n").replace("\r", "\n")
        if result := self._replace_via_keyboard(field_text(pasted), *self.selection):
            self.move_cursor(result.end_location)
            self.focus()
        event.stop()
