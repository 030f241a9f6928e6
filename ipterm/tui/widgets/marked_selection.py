"""A SelectionList whose boxes say their state by their mark."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist


class FormSelectionList(SelectionList[Any]):
    """A list of choices whose boxes show their state by the mark (X or empty), not by colour only: the
    same ▐X▌ on every row let people save recipients they had not meant to tick.

    In a form the list changes nothing by surprise: Space ticks (Enter goes on to the next field, see the
    form), Down stops at the last row and Up at the first (wrapping round put the cursor on a row the
    coordinator had not read), and the highlighted row is kept in sight, also when the form around it
    scrolls."""

    def action_cursor_down(self) -> None:
        if self.highlighted is not None and self.highlighted >= self.option_count - 1:
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is not None and self.highlighted <= 0:
            return
        super().action_cursor_up()

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.call_after_refresh(self._show_highlighted)

    def on_focus(self) -> None:
        self.call_after_refresh(self._show_highlighted)

    def _show_highlighted(self) -> None:
        """Scroll the containers around the list so the highlighted row is on screen (the list scrolls
        itself within its own height, but the form may show only part of the list)."""
        if self.highlighted is None or not self.is_mounted:
            return
        self.scroll_to_highlight()
        line = self._index_to_line.get(self.highlighted) if hasattr(self, "_index_to_line") else None
        if line is None:
            return
        row_y = self.content_region.y + line - round(self.scroll_offset.y)
        row = Region(self.region.x, row_y, self.region.width, 1)
        for ancestor in self.ancestors:
            if not isinstance(ancestor, Widget) or not ancestor.is_scrollable:
                continue
            view = ancestor.scrollable_content_region
            if view.height <= 0:
                continue
            virtual = row.translate((round(ancestor.scroll_x) - view.x, round(ancestor.scroll_y) - view.y))
            ancestor.scroll_to_region(virtual, animate=False, immediate=True)
            break

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
