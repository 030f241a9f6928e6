"""A text field that does not re-lay-out the whole screen on every key.

Textual's Input sets its virtual size to the text's length on each change, and `virtual_size` asks for a
layout pass of the whole screen; on a form or the meeting screen (dozens of widgets) that pass is most of
the time a key press takes. A one-line field with a fixed size needs no new layout when its text grows:
scrolling within the field reads the virtual size directly, so it is still kept, only without the pass.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FieldInput(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
