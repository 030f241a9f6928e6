"""A SelectionList whose boxes say their state by their mark."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist


class FormSelectionList(SelectionList[Any]):
    """A list of choices whose boxes show their state by the mark (X or empty), not by colour only: the
    same ▐X▌ on every row let people save recipients they had not meant to tick."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        if len(segments) < 3 or segments[1].text != ToggleButton.BUTTON_INNER:
            return line  # not a row with a box (Textual drew it differently): leave it as drawn
        mark = ToggleButton.BUTTON_INNER if selection.value in self._selected else " "
        segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, line.cell_length)
