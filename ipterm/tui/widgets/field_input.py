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

from typing import Any

from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, TextArea

from ipterm.tui.display import field_text


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own (non-priority) binding for the key now, in typing order; False if it has none."""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if binding.priority:  # the app ran those before the key was forwarded here
            continue
        event.stop()
        event.prevent_default()
        await widget.run_action(binding.action)
        return True
    return False


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
        if result := self._replace_via_keyboard(field_text(event.text), *self.selection):
            self.move_cursor(result.end_location)
            self.focus()
        event.stop()
