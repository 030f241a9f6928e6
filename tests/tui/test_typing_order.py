"""Editing keys in a burst (a remote link, a laggy SSH session, a fast typist) apply in the order typed.

Backspace is a field's binding, and Textual used to look it up only after the key had gone up to the app,
while the letters behind it went straight into the field: `10.2⌫1` became `10.2`, a deadline a month late.
Each test sends its keys as one burst, all queued before the first is handled.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from ipterm.config import Settings
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.meeting_screen import MeetingScreen
from ipterm.tui.screens.plan_forms import GoalForm
from ipterm.tui.widgets.note_box import NoteBox

from ..conftest import TODAY
from .test_app_flows import fill, wait_for
from .test_keys import open_case

BACK = "\x7f"


def burst(app: IptermApp, keys: str) -> None:
    for ch in keys:
        if ch == BACK:
            event = events.Key("backspace", None)
        elif ch == "\t":
            event = events.Key("tab", "\t")
        else:
            event = events.Key({" ": "space", ".": "full_stop", ":": "colon", "+": "plus"}.get(ch, ch), ch)
        event.set_sender(app)
        app._driver.send_message(event)


@pytest.fixture
def app(services: Services, tmp_path: Path) -> IptermApp:
    fill(services)
    return IptermApp(services, Settings(path=tmp_path / "config.toml"))


async def test_backspace_in_a_burst_in_the_meeting_line(app: IptermApp, services: Services) -> None:
    meeting = services.meetings.plan_meeting(1, datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=9))
    services.meetings.start(meeting.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen is not None and app.screen.is_attached, "started")
        app.push_screen(MeetingScreen(services, meeting.id))
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting")
        await pilot.pause()
        field = app.screen.query_one("#line-input", Input)
        burst(app, f"o: Ringe innen 10.2{BACK}1 abc{BACK}{BACK}d")
        await wait_for(pilot, lambda: field.value == "o: Ringe innen 10.1 ad", f"in order, not {field.value!r}")


async def test_backspace_in_a_burst_in_a_form_field(app: IptermApp, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(pilot, app)
        app.push_screen(GoalForm(services, 1))
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "goal form")
        await pilot.pause()
        field = app.screen.query_one("#f-text", Input)
        burst(app, f"xyz{BACK}{BACK} de")
        await wait_for(pilot, lambda: field.value == "x de", f"in order, not {field.value!r}")


async def test_backspace_in_a_burst_in_the_note_box(app: IptermApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        case = await open_case(pilot, app)
        await pilot.press("n")
        box = case.query_one("#note-input", NoteBox)
        burst(app, f"abc{BACK}d")
        await wait_for(pilot, lambda: box.text == "abd", f"in order, not {box.text!r}")


async def test_tab_in_a_burst_moves_between_form_fields_in_order(app: IptermApp, services: Services) -> None:
    from ipterm.tui.screens.case_forms import MemberForm

    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(pilot, app)
        app.push_screen(MemberForm(services, 1))
        await wait_for(pilot, lambda: isinstance(app.screen, MemberForm), "member form")
        await pilot.pause()
        form = app.screen
        burst(app, "Ab\tcd")
        await wait_for(pilot, lambda: form.query_one("#f-role", Input).value == "cd", "cd in the role")
        assert form.query_one("#f-name", Input).value == "Ab"


async def test_tab_in_a_burst_moves_between_the_meeting_planners_fields_in_order(
    app: IptermApp, services: Services
) -> None:
    """`i dag⇥13:00⇥Møterom 2` in one burst put all of it in the date field."""
    from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(pilot, app)
        app.push_screen(MeetingPlanScreen(services, 1))
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "planner")
        await pilot.pause()
        plan = app.screen
        burst(app, "i morgen\t13:00\tRom 2")
        await wait_for(pilot, lambda: plan.query_one("#place", Input).value == "Rom 2", "the place in its field")
        assert plan.query_one("#date", Input).value == "i morgen"
        assert plan.query_one("#time", Input).value == "13:00"


async def test_ctrl_s_right_behind_a_corrected_date_saves_the_date(app: IptermApp, services: Services) -> None:
    """`Ctrl+U 1.6.2028 Ctrl+S` in one burst saved the emptied field: the plan lost its end date."""
    from datetime import date

    from ipterm.tui.screens.case_forms import CaseForm

    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(pilot, app)
        app.push_screen(CaseForm(services, 1))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseForm), "case form")
        await pilot.pause()
        form = app.screen
        field = form.query_one("#f-plan_end", Input)
        field.focus()
        await pilot.pause()
        burst(app, "X")
        await pilot.pause(0.3)
        for key in ("ctrl+u", *"1.6.2028", "ctrl+s"):
            character = None if key.startswith("ctrl+") else key
            event = events.Key("full_stop" if key == "." else key, character)
            event.set_sender(app)
            app._driver.send_message(event)
        await wait_for(pilot, lambda: not isinstance(app.screen, CaseForm), "saved and closed")
    assert services.get_case(1).plan_end == date(2028, 6, 1)


async def test_backspace_right_behind_n_reaches_the_note(app: IptermApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        case = await open_case(pilot, app)
        burst(app, f"nabc{BACK}d")
        box = case.query_one("#note-input", NoteBox)
        await wait_for(pilot, lambda: box.text == "abd", f"in order, not {box.text!r}")


async def test_enter_on_a_dropdown_goes_on_and_space_opens_it(app: IptermApp, services: Services) -> None:
    from textual.widgets import Select

    from ipterm.tui.screens.case_forms import MemberForm

    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(pilot, app)
        app.push_screen(MemberForm(services, 1))
        await wait_for(pilot, lambda: isinstance(app.screen, MemberForm), "member form")
        await pilot.pause()
        form = app.screen
        kind = form.query_one("#f-kind", Select)
        kind.focus()
        await pilot.press("enter")
        assert not kind.expanded and form.focused is form.query_one("#f-organisation", Input)
        await pilot.press(*"Skolen")  # what is typed next lands in the next field, not in a type-ahead
        assert form.query_one("#f-organisation", Input).value == "Skolen"
        kind.focus()
        await pilot.press("space")
        assert kind.expanded
