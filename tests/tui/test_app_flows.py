"""The app driven by keys on a real encrypted database: unlock, dashboard, case, measure form, search,
privacy mode and hostile text."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from ipterm.config import Settings
from ipterm.domain.models import MemberKind
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.store.keys import FAST_KDF
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.plan_forms import MeasureForm
from ipterm.tui.screens.unlock_screen import UnlockScreen

from ..conftest import TODAY

PASS = "korrekt hest batteri stift"


def screen_text(app: IptermApp) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


async def wait_for(pilot, predicate, description: str) -> None:
    for _ in range(150):
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for: {description}")


def fill(services: Services) -> int:
    case = services.create_case(
        "Per Vangen",
        coordinator="Kari Koordinator",
        plan_start=TODAY - timedelta(days=90),
        plan_end=TODAY + timedelta(days=270),
        next_revision=TODAY + timedelta(days=60),
    )
    services.add_member(case.id, "Per Vangen", "Planeier", kind=MemberKind.PERSON)
    services.add_member(case.id, "Nora Nilsen", "NAV-veileder", organisation="NAV")
    services.add_goal(case.id, "Jeg vil beholde jobben", evaluate_by=TODAY - timedelta(days=3))
    return case.id


@pytest.fixture
def app(services: Services, tmp_path: Path) -> IptermApp:
    fill(services)
    return IptermApp(services, Settings(path=tmp_path / "config.toml"))


async def test_unlock_wrong_then_right(db_path: Path, tmp_path: Path) -> None:
    store = Store.create(db_path, PASS, kdf=FAST_KDF)
    fill(Services(store, FixedClock(TODAY)))
    store.close()
    app = IptermApp(None, Settings(path=tmp_path / "c.toml"), db_path=db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock screen")
        box = app.screen.query_one("#passphrase", Input)
        assert box.password  # no echo
        await pilot.press(*"feil passord", "enter")
        await wait_for(pilot, lambda: "Feil passord" in screen_text(app), "wrong passphrase message")
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press(*PASS, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        assert "Per Vangen" in screen_text(app)


async def test_dashboard_lists_an_overdue_evaluation_and_jumps_to_it(app: IptermApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        due = app.screen.query_one("#due", DataTable)
        rows = [[str(c) for c in due.get_row_at(i)] for i in range(due.row_count)]
        overdue = next(r for r in rows if r[1] == "Evaluering av mål")
        assert overdue[0] == "! " + (TODAY - timedelta(days=3)).strftime("%d.%m.%Y")
        assert overdue[3] == "Jeg vil beholde jobben"
        due.move_cursor(row=rows.index(overdue))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case screen")
        plan = app.screen.query_one("#plan-table", DataTable)
        assert "Jeg vil beholde jobben" in str(plan.get_row_at(plan.cursor_row)[1])


async def test_add_measure_with_responsible_and_date_then_find_it(app: IptermApp, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("s", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case screen")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "measure form")
        await pilot.press(
            *"Arbeidstrening hos Coop", "enter", *"3 dager i uka", "enter", *"Med jobbspesialist", "enter"
        )
        await pilot.press("space", "down", "enter")  # goal: Space opens, the first one; picking it goes on
        await pilot.press("space", "down", "down", "enter")  # responsible: Nora
        await pilot.press(*"i dag", "tab", *"31.2", "tab")
        assert "er ikke en dato" in screen_text(app)
        await pilot.press("shift+tab", "end", *["backspace"] * 4, *"+3m", "tab", *"+2u")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "back in the case")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard again")
        await pilot.press("slash", *"/coop")
        await wait_for(pilot, lambda: app.screen.query_one("#hits", DataTable).row_count > 0, "search hit")
        hit = app.screen.query_one("#hits", DataTable).get_row_at(0)
        assert "Coop" in str(hit[2]) and str(hit[1]) == "tiltak"
    measure = next(m for m in services.store.measures.where() if m.what == "Arbeidstrening hos Coop")
    nora = next(m for m in services.store.members.where() if m.name == "Nora Nilsen")
    assert measure.responsible_member_id == nora.id
    assert measure.scope == "3 dager i uka" and measure.from_date == TODAY
    assert measure.evaluate_by == TODAY + timedelta(weeks=2)


async def test_privacy_mode_hides_names(app: IptermApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        assert "Per Vangen" in screen_text(app)
        await pilot.press("f12")
        await pilot.pause()
        text = screen_text(app)
        assert "Per Vangen" not in text and "P.V." in text


async def test_hostile_note_is_shown_harmlessly(app: IptermApp, services: Services) -> None:
    case_id = services.list_cases()[0].id
    services.add_note(case_id, "ring mor \x1b]0;x\x07\x1b[2J[bold]nå[/bold]")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("s", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case screen")
        await pilot.press("n")
        notes = app.screen.query_one("#note-table", DataTable)
        assert str(notes.get_row_at(0)[2]) == "ring mor [bold]nå[/bold]"
        assert "\x1b" not in screen_text(app)


async def test_contact_note_and_confirm_today(app: IptermApp, services: Services) -> None:
    nora = next(m for m in services.store.members.where() if m.name == "Nora Nilsen")
    services.update_member(nora.id, last_confirmed=TODAY - timedelta(days=400))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("s", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case screen")
        await pilot.press("n", *"Ringte NAV", "enter")
        await pilot.pause()
        assert services.case_file(1).notes[0].text == "Ringte NAV"
        await pilot.press("escape", "2")  # leave the note field, go to the group
        group = app.screen.query_one("#group-table", DataTable)
        group.move_cursor(row=group.get_row_index(str(nora.id)))
        await pilot.press("k")  # asks first (see test_keys.py)
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
    assert services.store.members.get(nora.id).last_confirmed == date(2026, 11, 22)


async def test_idle_lock_closes_the_database_and_keeps_the_form(db_path: Path, tmp_path: Path) -> None:
    store = Store.create(db_path, PASS, kdf=FAST_KDF)
    fill(Services(store, FixedClock(TODAY)))
    store.close()
    app = IptermApp(None, Settings(path=tmp_path / "c.toml", idle_lock_minutes=1), db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock screen")
        await pilot.press(*PASS, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("s", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("t", *"Halvferdig tiltak")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "form")
        services = app.services
        app._last_activity -= 61  # a shortened idle time: the minute has passed
        app._check_idle()
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked")
        with pytest.raises(Exception, match="closed"):
            services.store.cases.count()
        await pilot.press(*PASS, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "back in the form")
        assert app.screen.query_one("#f-what", Input).value == "Halvferdig tiltak"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "saved")
        assert any(m.what == "Halvferdig tiltak" for m in app.services.store.measures.where())


async def test_themes_are_registered_and_remembered(app: IptermApp, tmp_path: Path) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        assert {"ipterm-dark", "ipterm-light", "ipterm-contrast"} <= set(app.available_themes)
        assert app.theme == "ipterm-dark"
        app.theme = "ipterm-contrast"
        await pilot.pause()
    assert 'theme = "ipterm-contrast"' in (tmp_path / "config.toml").read_text()


async def test_palette_goes_to_a_case(app: IptermApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("ctrl+p", *"vangen")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case via palette")
