"""A yes/no question in a small dialog: `j`/`y` for yes, `n`/Escape for no; Enter presses the focused button
(«Nei» has focus first, so a stray Enter never throws anything away)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ipterm.i18n import N_, _
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal


class ConfirmDialog(IptermModal):
    """Returns True for yes, False for no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    #confirm-box { width: 60; max-width: 95%; height: auto; border: thick $warning; background: $panel;
                   padding: 1 2; }
    #confirm-question { margin-bottom: 1; }
    #confirm-buttons { height: auto; align-horizontal: right; }
    #confirm-buttons Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("j,y", "answer(True)", "confirm.yes", N_("Ja")),
        bind("n,escape", "answer(False)", "confirm.no", N_("Nei")),
        # The arrows between the buttons, as in every dialog people know; Enter presses the one with focus.
        bind("right", "app.focus_next", "confirm.right", N_("Neste knapp"), show=False),
        bind("left", "app.focus_previous", "confirm.left", N_("Forrige knapp"), show=False),
    ]

    def __init__(self, question: str, *, yes: str | None = None, no: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes or _("Ja")
        self.no_label = no or _("Nei")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(self.no_label, id="no")
                yield Button(self.yes_label, id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
