"""Keys never fire into the wrong place: letters typed in a field are text, a tab puts focus on its list, and
what leaves a trace (an export of an incomplete plan, a confirmation, a withdrawal) asks first."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from ipterm.config import Settings
from ipterm.i18n import set_language
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.confirm_dialog import ConfirmDialog
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.widgets.note_box import NoteBox

from ..conftest import TODAY
from .test_app_flows import fill, wait_for
from .test_hostile_text import screen_text


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


@pytest.fixture
def app(services: Services, tmp_path: Path) -> IptermApp:
    fill(services)
    return IptermApp(services, Settings(path=tmp_path / "config.toml"))


async def open_case(pilot, app: IptermApp, tab: str = "plan") -> CaseScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
    app.screen.open_case(1, tab)
    await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


async def test_every_screen_letter_typed_in_the_note_field_is_text(app: IptermApp, services: Services) -> None:
    typed = "Ringte mor: g t v a s x r k n m e 1 2 3 4 5 6 7 ?"
    async with app.run_test(size=(120, 40)) as pilot:
        case = await open_case(pilot, app)
        await pilot.press("n")
        assert case.focused is case.query_one("#note-input", NoteBox)
        await pilot.press(*typed)
        assert app.screen is case  # no form, no dialog, no tab change
        assert case.query_one("#tabs").active == "notes"
        assert case.query_one("#note-input", NoteBox).text == typed
        await pilot.press("enter")
        await pilot.pause()
    assert [n.text for n in services.case_file(1).notes] == [typed]
    assert services.exports.history(1) == []
    assert [g.text for g in services.case_file(1).goals] == ["Jeg vil beholde jobben"]


async def test_the_notes_tab_focuses_its_list_not_its_field(app: IptermApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        case = await open_case(pilot, app)
        await pilot.click("#--content-tab-notes")
        await pilot.pause()
        assert case.query_one("#tabs").active == "notes"
        assert case.focused is case.query_one("#note-table", DataTable)
        await pilot.press("1", "4")
        await pilot.pause()
        assert case.focused is case.query_one("#note-table", DataTable)
        await pilot.press("n")  # the note key still goes to the field
        await pilot.pause()
        assert case.focused is case.query_one("#note-input", NoteBox)


async def test_exporting_an_incomplete_plan_says_what_is_missing_first(app: IptermApp, services: Services) -> None:
    from ipterm.tui.screens.export_dialog import ExportDialog

    async with app.run_test(size=(120, 40)) as pilot:
        case = await open_case(pilot, app)
        case.query_one("#plan-table").focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog), "export dialog")
        await pilot.pause()
        assert "Den mangler" in screen_text(app)  # before anything is made
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is case, "back")
        assert services.exports.history(1) == []
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog), "export dialog again")
        await pilot.press("ctrl+b")  # an incomplete plan: it asks before anything is made
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asks first")
        assert "Planen mangler § 19 a)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert services.exports.history(1) == []
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asks again")
        await pilot.press("j")
        await wait_for(pilot, lambda: len(services.exports.history(1)) == 1, "queued after saying yes")
        await pilot.pause(0.2)


async def test_confirming_and_withdrawing_ask_first(app: IptermApp, services: Services) -> None:
    cf = services.case_file(1)
    nora = next(m for m in cf.members if m.name == "Nora Nilsen")
    services.update_member(nora.id, last_confirmed=TODAY - timedelta(days=400))
    measure = services.add_measure(1, "Arbeidstrening", goal_ids=[cf.goals[0].id],
                                   last_confirmed=TODAY - timedelta(days=300))  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        case = await open_case(pilot, app)
        plan = case.query_one("#plan-table", DataTable)
        plan.focus()
        plan.move_cursor(row=plan.get_row_index(f"m{measure.id}"))
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "confirm question")
        assert "Arbeidstrening" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is case, "back")
        assert services.store.measures.get(measure.id).last_confirmed == TODAY - timedelta(days=300)
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "confirm question again")
        assert app.screen.focused is not None and app.screen.focused.id == "no"  # the safe answer first
        await pilot.press("right")  # the arrows move between the buttons; Enter presses the one with focus
        assert app.screen.focused.id == "yes"
        await pilot.press("left", "right", "enter")
        await wait_for(pilot, lambda: app.screen is case, "confirmed")
        assert services.store.measures.get(measure.id).last_confirmed == TODAY

        await pilot.press("2")
        await pilot.pause()
        group = case.query_one("#group-table", DataTable)
        group.move_cursor(row=group.get_row_index(str(nora.id)))
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "withdraw question")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is case, "back")
        assert services.store.members.get(nora.id).active
