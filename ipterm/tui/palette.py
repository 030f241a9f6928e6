"""The command palette, with its one sentence of its own in the UI language.

Textual writes "No matches found" inside `CommandPalette._start_no_matches_countdown`; this subclass
shows the same option in the user's language. A check test fails when Textual changes that method.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from ipterm.i18n import _


class IptermPalette(CommandPalette):
    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # typed something and nothing fits; an empty search just lists commands
                nothing = Option(Align.center(Text(_("Ingen treff"), style="not bold")), disabled=True,
                                 id=self._NO_MATCHES)  # fmt: skip
                self.query_one(CommandList).add_option(nothing)
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
