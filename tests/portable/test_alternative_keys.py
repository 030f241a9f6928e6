"""Keys that work on a Mac keyboard (F-keys need Fn, Option+arrows are taken) and in Windows Terminal
(Alt+arrows move between its panes): privacy by Ctrl+G, agenda points moved by Ctrl+O / Ctrl+N."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from ipterm.config import Settings
from ipterm.domain.models import MemberKind
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.help_screen import HelpScreen
from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen

from ..tui.test_app_flows import fill, screen_text, wait_for
from ..tui_meeting.test_meeting_plan_screen import Host


async def test_ctrl_g_hides_names_and_help_shows_both_keys(services: Services, tmp_path: Path) -> None:
    fill(services)
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        assert "Per Vangen" in screen_text(app)
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: "Per Vangen" not in screen_text(app), "names hidden")
        assert "P.V." in screen_text(app)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        line = next(row for row in screen_text(app).splitlines() if "Personvern" in row)
        assert "F12, Ctrl+G" in line and "app.privacy" in line
        await pilot.press("escape", "ctrl+g")
        await wait_for(pilot, lambda: "Per Vangen" in screen_text(app), "names shown again")


async def test_agenda_points_move_with_ctrl_o_and_ctrl_n(services: Services) -> None:
    case = services.create_case("Lise Lund")
    services.add_member(case.id, "Lise Lund", "Planeier", kind=MemberKind.PERSON)
    services.add_goal(case.id, "Egen leilighet")
    app = Host(services, case.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "plan screen")
        await pilot.press(*"+3d", "tab", *"13:30")
        area = app.screen.query_one("#agenda-edit", TextArea)
        area.focus()
        await pilot.pause()
        first, second, third = area.text.split("\n")[:3]
        await pilot.press("ctrl+n", "ctrl+n")  # the first point down twice
        assert area.text.split("\n")[:3] == [second, third, first]
        await pilot.press("ctrl+o")
        assert area.text.split("\n")[:3] == [second, first, third]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.result is not None, "meeting saved")
    assert list(services.store.meetings.get(app.result).agenda[:3]) == [second, first, third]
