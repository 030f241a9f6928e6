"""Help: every key binding of the screen it was opened from."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from ipterm.i18n import N_, _
from ipterm.tui.key_names import keys_text
from ipterm.tui.keymap import bind, describe, effective
from ipterm.tui.screens.base import IptermModal


class HelpScreen(IptermModal):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 90; max-width: 100%; height: auto; max-height: 90%; border: thick $primary; background: $surface;
                padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [bind("escape,q,question_mark,f1", "dismiss", "help.close", N_("Lukk"))]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        text = Text(_("Tastatur\n\n"), style="bold")
        declared = [b for b in (*self.for_screen.BINDINGS, *self.app.BINDINGS) if isinstance(b, Binding)]
        keymap = getattr(getattr(self.app, "settings", None), "keymap", {}) or {}
        seen: set[str] = set()
        for binding in effective(declared, keymap):  # the keys as remapped in the config, if they are
            if binding.key in seen:
                continue
            seen.add(binding.key)
            keys = keys_text(binding.key)  # "?, F1", as people write keys
            text.append(f"{keys:<22}", style="bold")
            text.append(f"{describe(binding):<30}")
            text.append(f"{binding.id or ''}\n", style="dim")  # the name to use under [keymap]
        extra = getattr(self.for_screen, "help_text", "")
        if isinstance(extra, str) and extra:
            text.append(extra)  # a screen's own syntax (meeting mode: the line prefixes)
        text.append(_("\nCtrl+P: kommandopalett (gå til sak, tema …)"), style="dim")
        with Vertical(id="help-box"):
            yield Static(text)
