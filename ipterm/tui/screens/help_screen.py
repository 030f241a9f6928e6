"""Help: every key binding of the screen it was opened from."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ipterm.domain.errors import LANGUAGE


def _t(nb: str, en: str) -> str:
    return en if LANGUAGE.get() == "en" else nb


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 70; height: auto; max-height: 90%; border: thick $primary; background: $surface;
                padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark,f1", "dismiss", _t("Lukk", "Close"))]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        text = Text(_t("Tastatur\n\n", "Keys\n\n"), style="bold")
        seen = set()
        bindings = [*self.for_screen.BINDINGS, *self.app.BINDINGS]
        for binding in bindings:
            if not isinstance(binding, Binding) or binding.key in seen:
                continue
            seen.add(binding.key)
            keys = ", ".join(k.strip() for k in binding.key.split(","))
            text.append(f"{keys:<22}", style="bold")
            text.append(f"{binding.description}\n")
        text.append(_t("\nCtrl+P: kommandopalett (gå til sak, tema …)", "\nCtrl+P: command palette"), style="dim")
        with Vertical(id="help-box"):
            yield Static(text)
