"""The row table draws exactly one cursor row, wherever the cursor has been."""

from __future__ import annotations

from textual.app import App, ComposeResult

from ipterm.tui.widgets.row_table import RowTable


class Table(App[None]):
    def compose(self) -> ComposeResult:
        yield RowTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.add_columns("a", "b")
        for n in range(30):
            table.add_row(f"rad {n}", str(n), key=str(n))
        table.focus()


def cursor_rows(app: Table) -> list[int]:
    """Visible rows drawn in the cursor's colour."""
    table = app.query_one(RowTable)
    cursor_colour = table.get_component_rich_style("datatable--cursor").bgcolor
    rows = []
    for y in range(1, table.size.height):  # line 0 is the header
        strip = table.render_line(y)
        if any(seg.style and seg.style.bgcolor == cursor_colour for seg in strip):
            rows.append(y - 1 + int(table.scroll_offset.y))
    return rows


async def test_one_cursor_row_after_moves_and_scrolling() -> None:
    app = Table()
    async with app.run_test(size=(40, 12)) as pilot:
        for keys, expected in ((["down"] * 3, 3), (["up"], 2), (["down"] * 20, 22), (["up"] * 5, 17)):
            await pilot.press(*keys)
            await pilot.pause()
            assert cursor_rows(app) == [expected]
