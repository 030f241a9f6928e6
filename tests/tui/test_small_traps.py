"""The small traps of the daily flow, each through the real app: tab keys from every tab, Enter on a meeting
just planned, the member form's checkboxes, the palette and help in the UI language, the sync screen's word."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Checkbox, DataTable, Input, TabbedContent

from ipterm.config import Settings
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_forms import MemberForm
from ipterm.tui.screens.case_screen import TABS, CaseScreen
from ipterm.tui.screens.confirm_dialog import ConfirmDialog
from ipterm.tui.screens.help_screen import HelpScreen
from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen
from ipterm.tui.screens.meeting_screen import MeetingScreen

from .screen import screen_plain
from .test_app_flows import wait_for

TODAY = date(2026, 11, 22)


@pytest.fixture
def app(demo: Services, tmp_path: Path) -> IptermApp:
    return IptermApp(demo, Settings(path=tmp_path / "c.toml"))


async def in_case(app: IptermApp, pilot, services: Services, case_id: int = 1) -> CaseScreen:
    app.push_screen(CaseScreen(services, case_id))
    await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen) and app.screen.query("#plan-table"), "case")
    await pilot.pause()
    return app.screen


async def test_every_tab_key_from_every_tab(app: IptermApp, demo: Services) -> None:
    # Notater is left out as a starting tab: its note field takes the digits as text (a trap of its own).
    starts = [n for n, (tab, _) in enumerate(TABS, start=1) if tab != "notes"]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await in_case(app, pilot, demo)
        tabs = screen.query_one("#tabs", TabbedContent)
        for start in starts:
            for key, (tab, _) in enumerate(TABS, start=1):
                await pilot.press(str(start))
                await pilot.press(str(key))
                await pilot.pause()
                assert tabs.active == tab, f"{key} from tab {start} showed {tabs.active}"
                if tab == "notes":
                    screen.query_one("#note-table", DataTable).focus()


async def test_enter_on_a_meeting_just_planned_opens_it(app: IptermApp, demo: Services) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await in_case(app, pilot, demo, 2)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "a meeting is planned already")
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "plan screen")
        await pilot.press(*"+3d", "tab", *"13:30", "tab", *"Teams", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "back in the case")
        assert app.screen.query_one("#tabs", TabbedContent).active == "meetings"
        newest = max(demo.case_file(2).meetings, key=lambda m: m.id or 0)
        await pilot.press("enter")  # no tab switching first; in three days, so it asks before starting it
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asks before starting")
        await pilot.pause()
        assert "Møtet er planlagt til" in screen_plain(app)
        await pilot.press("escape")  # not now: still planned
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "back")
        assert demo.meetings.get(newest.id).status.value == "planned"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asks again")
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "the new meeting")
        assert app.screen.meeting_id == newest.id


async def test_meeting_table_keeps_its_widths_after_closing(app: IptermApp, demo: Services) -> None:
    meeting = next(m for m in demo.case_file(1).meetings if m.status.value == "planned")
    async with app.run_test(size=(80, 24)) as pilot:
        await in_case(app, pilot, demo, 1)
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("enter")
        if meeting.starts_at.date() != TODAY:
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asks before starting")
            await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting")
        demo.meetings.add_line(meeting.id, "n: 20.2.2027")
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        await pilot.press("enter")  # apply
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "back in the case")
        await pilot.pause()
        text = screen_plain(app)
        held = demo.meetings.get(meeting.id).starts_at  # the day it was held, not the day it was planned for
        assert f"{held:%d.%m.%Y %H:%M}" in text and "avholdt   20.02.2027" in text


async def test_member_form_enter_reaches_the_checkboxes_with_their_labels(app: IptermApp, demo: Services) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await in_case(app, pilot, demo, 1)
        await pilot.press("2", "a")
        await wait_for(pilot, lambda: isinstance(app.screen, MemberForm), "member form")
        await pilot.press(*"Ola Lærer", "enter", *"Kontaktlærer", "enter", "tab", *"Skolen", "enter")
        await pilot.press("enter", "enter", *"Tilrettelegging", "enter")  # phone, e-mail, contributes
        form = app.screen
        assert isinstance(form, MemberForm)  # not saved past the checkboxes
        assert form.focused is form.query_one("#f-has_decision_authority", Checkbox)
        text = screen_plain(app)
        # Labelled in full (not "▐X…"), and the mark says the state: an empty box is off.
        assert "▐ ▌ Har beslutningsmyndighet" in text and "▐ ▌ Koordinator for planen" in text
        await pilot.press("space", "enter")  # Space ticks the box, Enter goes on as in every field
        await pilot.pause()
        assert form.focused is form.query_one("#f-is_coordinator", Checkbox)
        assert "▐X▌ Har beslutningsmyndighet" in screen_plain(app)
        await pilot.press("enter")  # on to the kind of information, then saved
        await pilot.pause()
        assert form.focused is form.query_one("#f-sector")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "saved")
    ola = next(m for m in demo.case_file(1).members if m.name == "Ola Lærer")
    assert ola.has_decision_authority and not ola.is_coordinator and ola.contributes == "Tilrettelegging"


async def test_palette_and_help_speak_the_ui_language(app: IptermApp, demo: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await in_case(app, pilot, demo, 1)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "palette")
        assert app.screen.query_one(Input).placeholder == "Søk etter kommandoer …"
        titles = [c.title for c in app.get_system_commands(app.screen_stack[-2])]
        for english in ("Keys", "Maximize", "Quit", "Theme"):
            assert english not in titles
        assert {"Taster", "Avslutt", "Tema"} <= set(titles)
        helps = " ".join(c.help for c in app.get_system_commands(app.screen_stack[-2]))
        assert "as soon as possible" not in helps
        await pilot.press(*"referat")
        await pilot.pause(0.5)
        assert "Eksporter… plan, referat, utdrag" in screen_plain(app)  # the palette finds the minutes
        await pilot.press(*"xqzv")
        await pilot.pause(1.0)
        assert "Ingen treff" in screen_plain(app) and "No matches" not in screen_plain(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case again")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        text = screen_plain(app)
        assert "?, F1" in text and "Esc" in text
        assert "question_mark" not in text and "escape" not in text.replace("case.back", "")


def test_the_palettes_own_sentence_is_still_where_ipterm_replaces_it() -> None:
    # IptermPalette overrides this method to say "Ingen treff"; when Textual moves the sentence, this fails
    # and the override must follow it.
    import inspect

    source = inspect.getsource(CommandPalette._start_no_matches_countdown)
    assert '"No matches found"' in source and "_NO_MATCHES_COUNTDOWN" in source
    assert hasattr(CommandPalette, "_stop_no_matches_countdown") and hasattr(CommandPalette, "_NO_MATCHES")


async def test_sync_screen_says_mottaker(app: IptermApp, demo: Services) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_sync_settings()
        await pilot.pause(0.5)
        text = screen_plain(app)
        assert "Mottaker" in text
        assert " Mål " not in f" {text} "


async def test_m_asks_before_planning_a_second_meeting(app: IptermApp, demo: Services) -> None:
    from datetime import datetime

    case_id = 7  # nothing planned in the demo
    planned = demo.meetings.plan_meeting(case_id, datetime(2026, 12, 23, 10))
    before = len(demo.case_file(case_id).meetings)
    async with app.run_test(size=(120, 40)) as pilot:
        await in_case(app, pilot, demo, case_id)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asks first")
        assert f"allerede planlagt {planned.starts_at:%d.%m.%Y %H:%M}" in " ".join(screen_plain(app).split())
        await pilot.press("escape")  # no: nothing planned
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "back")
        assert len(demo.case_file(case_id).meetings) == before
        await pilot.press("m", "j")  # yes: the planner opens
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "planner")


async def test_the_filter_opens_the_one_case_left_with_one_enter_and_down_goes_to_the_list(
    services: Services, tmp_path
) -> None:
    """`/Sara` Down Enter needed a second Enter, which then opened a form inside the case; `/` again
    appended to the last filter («PerSara»)."""
    from ipterm.config import Settings
    from ipterm.tui.app import IptermApp
    from ipterm.tui.screens.case_screen import CaseScreen
    from ipterm.tui.screens.dashboard_screen import DashboardScreen

    sara = services.create_case("Sara Lien", coordinator="Kari Koordinator")
    services.create_case("Per Vangen", coordinator="Kari Koordinator")
    services.create_case("Petter Dass", coordinator="Kari Koordinator")
    app = IptermApp(services, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("slash", *"Sara", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "Sara's case at the first Enter")
        assert app.screen.case_id == sara.id
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard again")
        await pilot.press("slash", *"Pe", "down")
        await pilot.pause(0.2)
        cases = app.screen.query_one("#cases")
        assert app.screen.focused is cases and cases.row_count == 2  # the filter applied, not the old list
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "the case under the cursor")
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard, third time")
        await pilot.press("slash", *"Sara")
        await pilot.pause(0.3)
        assert app.screen.query_one("#filter").value == "Sara"  # typed over the last filter


async def test_plan_fra_reads_a_day_just_gone_as_this_year(services: Services, tmp_path) -> None:
    """«Plan fra» `1.12` typed on 4.12 became 1.12 next year, with no warning."""
    from datetime import timedelta

    from ipterm.tui.screens.case_forms import CaseForm
    from ipterm.tui.screens.dashboard_screen import DashboardScreen

    from ..conftest import TODAY

    app = IptermApp(services, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        form = CaseForm(services)
        app.push_screen(form)
        await wait_for(pilot, lambda: app.screen is form and bool(form.query("#f-plan_start")), "new case form")
        gone = TODAY - timedelta(days=3)
        form.query_one("#f-person_name", Input).value = "Ny Person"
        form.query_one("#f-plan_start", Input).value = f"{gone.day}.{gone.month}"
        await pilot.pause()
        assert form.values()["plan_start"] == gone


def test_an_evaluation_cannot_be_made_in_the_future(services: Services) -> None:
    from datetime import timedelta

    from ipterm.domain.errors import ValidationError
    from ipterm.domain.models import EvaluationOutcome

    case = services.create_case("Per Vangen")
    goal = services.add_goal(case.id, "Jobbe")
    with pytest.raises(ValidationError, match="fram i tid"):
        services.add_evaluation(outcome=EvaluationOutcome.CONTINUE, goal_id=goal.id,
                                evaluated_on=services.today() + timedelta(days=7))  # fmt: skip
