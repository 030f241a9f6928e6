"""Help: every key binding of the screen it was opened from."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
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
        keys_table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        keys_table.add_column(style="bold", no_wrap=True)
        keys_table.add_column(ratio=1)
        keys_table.add_column(style="dim", no_wrap=True, overflow="ellipsis")  # the name to use under [keymap]
        declared = [b for b in (*self.for_screen.BINDINGS, *self.app.BINDINGS) if isinstance(b, Binding)]
        keymap = getattr(getattr(self.app, "settings", None), "keymap", {}) or {}
        seen: set[str] = set()
        for binding in effective(declared, keymap):  # the keys as remapped in the config, if they are
            if binding.key in seen:
                continue
            seen.add(binding.key)
            keys_table.add_row(keys_text(binding.key), describe(binding), binding.id or "")  # "?, F1"
        tail = Text()
        extra = getattr(self.for_screen, "help_text", "")
        if isinstance(extra, str) and extra:
            tail.append(extra)  # a screen's own syntax (meeting mode: the line prefixes)
        tail.append(_("\nCtrl+P: kommandopalett (gå til sak, tema …)"), style="dim")
        tail.append(_("\n↑/↓, PgUp/PgDn: bla · Esc: lukk"), style="dim")
        with VerticalScroll(id="help-box"):
            yield Static(Text(_("Tastatur"), style="bold"))
            yield Static(keys_table)
            yield Static(tail)

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()  # the arrow keys and PgDn scroll a list longer than the screen
