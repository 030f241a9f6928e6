"""A DataTable with a row cursor that repaints only the rows whose look changed.

Textual's DataTable keys its cache of rendered rows on the cursor position, so every arrow key renders every
visible row again. With a row cursor only the row under the cursor (and under the mouse) looks different;
for the others the position is replaced by one that matches no row, so their cached rendering is reused.

It also throws all its caches away whenever its styles are updated, which happens on every focus change.
Its cache keys already hold the focus state and the base style, so under the same theme what was rendered
for "focused" and for "not focused" stays valid; only a new theme (new colours) empties them.
"""

from __future__ import annotations

from textual.coordinate import Coordinate
from textual.widget import Widget
from textual.widgets import DataTable

NOWHERE = Coordinate(-2, -2)  # not a row, and not the header (-1)


class RowTable(DataTable):
    _styled_for: object = None

    def _render_line_in_row(self, row_key, line_no, base_style, cursor_location, hover_location):  # type: ignore[no-untyped-def]
        if self.cursor_type == "row":
            row = self._row_locations.get(row_key)
            row = -1 if row is None else row
            if cursor_location.row != row:
                cursor_location = NOWHERE
            if hover_location.row != row:
                hover_location = NOWHERE
        return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)

    # Textual's Home/End scroll sideways with a row cursor; past a wide column that showed an empty table
    # (headings too) until Home. In a list of rows they go to the first and the last row.
    def action_scroll_home(self) -> None:
        if self.cursor_type != "row":
            return super().action_scroll_home()
        self.scroll_x = 0
        self.move_cursor(row=0)

    def action_scroll_end(self) -> None:
        if self.cursor_type != "row":
            return super().action_scroll_end()
        self.scroll_x = 0
        self.move_cursor(row=max(0, self.row_count - 1))

    def notify_style_update(self) -> None:
        theme = self.app.theme if self.is_attached else None
        if theme is not None and theme == self._styled_for:
            Widget.notify_style_update(self)  # not DataTable's: that empties every cache
            self._styles_cache.clear()
            self.refresh()
            return
        self._styled_for = theme
        super().notify_style_update()
