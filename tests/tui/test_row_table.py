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


class TableAndField(Table):
    def compose(self) -> ComposeResult:
        from textual.widgets import Input

        yield Input()
        yield from super().compose()


def row_colours(app: App) -> list[object]:
    table = app.query_one(RowTable)
    return [tuple(seg.style.bgcolor for seg in table.render_line(y) if seg.style) for y in range(1, table.size.height)]


async def test_focus_and_theme_changes_still_show() -> None:
    from textual.widgets import Input

    app = TableAndField()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        focused = row_colours(app)
        cursor_focused = table.get_component_rich_style("datatable--cursor").bgcolor
        app.query_one(Input).focus()
        await pilot.pause()
        blurred = row_colours(app)
        assert blurred != focused  # the cursor row (and the table's tint) follow focus...
        assert cursor_rows(app) == [] or table.get_component_rich_style("datatable--cursor").bgcolor != cursor_focused
        table.focus()
        await pilot.pause()
        assert row_colours(app) == focused  # ...both ways, from the kept renderings
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert row_colours(app) != focused  # a new theme's colours are drawn, not the old ones
        assert cursor_rows(app) == [0]
