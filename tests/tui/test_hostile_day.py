"""A hostile day in one scenario: hostile names, a paste full of escape sequences, a lock inside a form,
privacy mode on the screens that get shared, and the terminal closed (SIGHUP) in the middle of an edit;
the next start offers the draft, and every saved item is intact."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from ipterm.config import Settings
from ipterm.i18n import set_language
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_forms import MemberForm
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.drafts_dialog import DraftsDialog
from ipterm.tui.screens.plan_forms import GoalForm, MeasureForm
from ipterm.tui.screens.unlock_screen import UnlockScreen

from ..conftest import TODAY
from .test_app_flows import wait_for
from .test_hostile_text import raw_screen, screen_text

NAME = "Kari [vikar] Hansen"
OWNER = "Per [/b] Olsen"
GOAL = "Mål med [/bold] feil tag $x"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


async def test_a_hostile_day(passphrase_store: tuple[Path, str], tmp_path: Path) -> None:
    path, passphrase = passphrase_store
    services = Services(Store.unlock(path, passphrase), FixedClock(TODAY))
    case = services.create_case(NAME, coordinator="Berit [/i] Bjørk")
    settings = Settings(path=tmp_path / "config.toml")
    app = IptermApp(services, settings)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        assert NAME in screen_text(app)
        app.screen.open_case(case.id, "plan")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        case_screen = app.screen
        await pilot.pause()

        # A member with markup in the name, a paste of escape sequences in the role.
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, MemberForm), "member form")
        await pilot.press(*OWNER, "enter")
        app.screen.query_one("#f-role", Input).post_message(events.Paste("NAV\x1b]0;pwned\x07-veileder\x9b2J"))
        await pilot.pause()
        assert "\x1b" not in raw_screen(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is case_screen, "member saved")

        # A goal typed in bursts, locked in the middle (the passphrase must not land in the goal).
        await pilot.press("1", "g")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "goal form")
        await pilot.press(*GOAL, "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked in the form")
        await pilot.press("f12", "escape", "ctrl+p")  # nothing of this touches anything
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen) and not app.privacy
        await pilot.press(*passphrase, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "back in the form")
        assert app.screen.query_one("#f-text", Input).value == GOAL
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is case_screen, "goal saved")

        # The measure form's goal dropdown with the hostile goal, then privacy mode on the plan.
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "measure form")
        await pilot.press(*"Arbeidstrening")
        goal_select = app.screen.query_one("#f-goal")
        goal_select.focus()
        await pilot.press("space")  # Space opens a dropdown
        await pilot.pause(0.2)
        assert GOAL in screen_text(app)
        await pilot.press("down", "enter", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is case_screen, "measure saved")
        await pilot.press("f12")
        await pilot.pause()
        text = screen_text(app)
        assert "PERSONVERN PÅ" in text and "Kari" not in text and "Hansen" not in text
        await pilot.press("2")
        await pilot.pause()
        assert "Olsen" not in screen_text(app)
        await pilot.press("f12")
        await pilot.pause()

        # Half-way through a new measure the terminal window is closed.
        await pilot.press("1", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "second measure form")
        await pilot.press(*"Halvskrevet tiltak [/b]")
        os.kill(os.getpid(), signal.SIGHUP)
        await pilot.pause(0.5)
    assert app.return_code == 128 + signal.SIGHUP

    # The next start: unlock, the draft is offered, reopened as it was, saved.
    app = IptermApp(None, settings, db_path=path)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock")
        await pilot.press(*passphrase, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftsDialog), "the draft offered")
        assert "Tiltak – " in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "the draft reopened")
        await pilot.pause()
        assert app.screen.query_one("#f-what", Input).value == "Halvskrevet tiltak [/b]"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "saved")
        cf = app.services.case_file(case.id)
        assert [(m.name, m.role) for m in cf.members] == [(OWNER, "NAV-veileder")]
        assert [g.text for g in cf.goals] == [GOAL]
        assert sorted(m.what for m in cf.measures) == ["Arbeidstrening", "Halvskrevet tiltak [/b]"]
        assert app.services.drafts() == []
