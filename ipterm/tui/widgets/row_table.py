"""A DataTable with a row cursor that repaints only the rows whose look changed when the cursor moves.

Textual's DataTable keys its cache of rendered rows on the cursor position, so every arrow key renders every
visible row again. With a row cursor only the row under the cursor (and under the mouse) looks different;
for the others the position is replaced by one that matches no row, so their cached rendering is reused.
"""

from __future__ import annotations

from textual.coordinate import Coordinate
from textual.widgets import DataTable

NOWHERE = Coordinate(-2, -2)  # not a row, and not the header (-1)


class RowTable(DataTable):
    def _render_line_in_row(self, row_key, line_no, base_style, cursor_location, hover_location):  # type: ignore[no-untyped-def]
        if self.cursor_type == "row":
            row = self._row_locations.get(row_key)
            row = -1 if row is None else row
            if cursor_location.row != row:
                cursor_location = NOWHERE
            if hover_location.row != row:
                hover_location = NOWHERE
        return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
