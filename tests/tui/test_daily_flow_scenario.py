"""A new coordinator's morning, by keyboard alone, at 80x24 and 120x40: today's items first, open one,
read a measure's whole row, then the plan, the minutes and the school's extract as files in a chosen folder.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList

from ipterm.config import Settings
from ipterm.domain.dates import format_date
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.export_dialog import ExportDialog

from ..export.pdf_tools import flat_text
from .screen import screen_plain
from .test_app_flows import wait_for

TODAY = date(2026, 11, 22)


def flat(app: IptermApp) -> str:
    return " ".join(screen_plain(app).split())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_newcomers_morning(demo: Services, tmp_path: Path, size: tuple[int, int]) -> None:
    out = tmp_path / "til møtet"
    school_case = next(c for c in demo.list_cases() if c.person_name == "Emil Nilsen Strand")
    cf = demo.case_file(school_case.id)
    school = next(m for m in cf.members if m.organisation == "Bakkely skole")
    measure = next(m for m in cf.measures if m.responsible_member_id and m.evaluate_by)
    app = IptermApp(demo, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        # Today's items: counted at the top, one key away.
        assert "I dag 2" in flat(app)
        await pilot.press("i")
        due = app.screen.query_one("#due", DataTable)
        row = [str(c) for c in due.get_row_at(due.cursor_row)]
        assert row[0].startswith(TODAY.strftime("%d.%m.%Y"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "today's case")
        assert row[2] in screen_plain(app)  # the person of today's item
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard again")

        # The school's case, found by typing the name: one Enter opens the one case left.
        await pilot.press("slash", *"Emil", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "the school's case")
        await pilot.pause()
        plan = app.screen.query_one("#plan-table", DataTable)
        await pilot.press("1", "home")
        for _ in range(plan.row_count):
            if plan.coordinate_to_cell_key(plan.cursor_coordinate).row_key.value == f"m{measure.id}":
                break
            await pilot.press("down")
        await pilot.pause()
        text = flat(app)
        owner = cf.member(measure.responsible_member_id)
        assert f"Ansvarlig: {owner.name}" in text and owner.organisation in text
        assert f"evalueres {format_date(measure.evaluate_by)}" in text

        # Three documents into a folder of my choosing.
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog), "export dialog")
        dialog = app.screen
        kinds = dialog.query_one("#export-kinds", OptionList)

        async def pick(starts: str) -> None:
            if not kinds.has_focus:
                await pilot.press("shift+tab")  # from the folder back to the list
            await pilot.press("home")
            for _ in range(len(dialog.choices)):
                if dialog.choices[kinds.highlighted].label.render("nb").startswith(starts):
                    return
                await pilot.press("down")
            raise AssertionError(starts)

        await pick("Plan")
        await pilot.press("enter", "end", "ctrl+u", *f"{out}/", "enter")
        await wait_for(pilot, lambda: out.is_dir() and len(list(out.iterdir())) == 1, "the plan")
        await pick("Referat")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(list(out.iterdir())) == 2, "the minutes")
        await pick(f"Utdrag til {school.name}")
        assert "Bare det samtykket dekker" in flat(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(list(out.iterdir())) == 3, "the school's extract")

    texts = {p.name: flat_text(p.read_bytes()) for p in out.iterdir()}
    assert all(name.endswith(".pdf") for name in texts)
    extract = next(t for n, t in texts.items() if "-til-" in n)
    assert school.name in extract and "Emil Nilsen Strand" in extract
    assert any("Referat fra ansvarsgruppemøte" in t for t in texts.values())
    assert any(n.startswith(f"ip-{school_case.id}-plan-") and "-til-" not in n for n in texts)
