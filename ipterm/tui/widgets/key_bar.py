"""The keys line at the bottom of a screen: one widget drawing one line of text.

Textual's Footer builds a widget per key and rebuilds them all whenever the keys on offer change, which
is on every focus change (a list and a text field offer different keys). With a dozen keys that rebuild
and the layout pass after it cost more than the rest of the frame. Here a change of keys is a new line of
text and a repaint; when the keys are the same, nothing happens at all.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

# (key, key as shown, description, enabled)
Shown = tuple[str, str, str, bool]


class KeyBar(Widget, can_focus=False):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[Shown] = []
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each entry, for mouse clicks
        self._has_palette = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        shown = self.keys_on_offer(screen)
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def keys_on_offer(self, screen: Screen) -> list[Shown]:
        """The keys the screen and the focused widget offer, one per action, as the user reads them; the
        command palette's key last (drawn at the right end)."""
        active = screen.active_bindings
        seen: set[str] = set()
        shown: list[Shown] = []
        for key, (_node, binding, enabled, _tooltip) in active.items():
            if not binding.show or binding.action in seen or key == self.app.COMMAND_PALETTE_BINDING:
                continue
            seen.add(binding.action)
            shown.append((binding.key, self.app.get_key_display(binding), binding.description, enabled))
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, _tooltip = palette
            shown.append((binding.key, self.app.get_key_display(binding), binding.description, enabled))
            self._has_palette = True
        else:
            self._has_palette = False
        return shown

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        entries = list(self._shown)
        palette = entries.pop() if self._has_palette and entries else None
        self._spans = []

        def draw(entry: Shown, line: Text, offset: int) -> None:
            key, key_display, description, enabled = entry
            dim = Style(dim=not enabled)
            start = line.cell_len
            line.append(f" {key_display} ", key_style + dim)
            if description:
                line.append(f"{description} ", description_style + dim)
            self._spans.append((offset + start, offset + line.cell_len, key))

        line = Text(no_wrap=True, overflow="crop")
        for entry in entries:
            draw(entry, line, 0)
        if palette is None:
            return line
        # The palette's key keeps its place at the right end; the other keys are cut short before it.
        right = Text("▏", Style(dim=True), no_wrap=True)
        left_width = max(0, self.size.width - len(right) - self._width_of(palette))
        line.truncate(left_width, pad=True)
        self._spans = [(a, min(b, left_width), key) for a, b, key in self._spans if a < left_width]
        draw(palette, right, left_width)
        self._spans[-1] = (left_width, self._spans[-1][1] + 1, self._spans[-1][2])
        line.append_text(right)
        return line

    @staticmethod
    def _width_of(entry: Shown) -> int:
        _key, key_display, description, _enabled = entry
        return Text(f" {key_display} " + (f"{description} " if description else "")).cell_len

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
