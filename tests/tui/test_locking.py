"""Locking that holds: from any screen, form, dialog or meeting; while locked only unlocking works; the lock
screen says why; idle time counts keys, clicks and scrolling only; wrong passphrases slow down."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, Static

from ipterm.config import Settings
from ipterm.i18n import language, set_language
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.confirm_dialog import ConfirmDialog
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen
from ipterm.tui.screens.meeting_screen import MeetingScreen
from ipterm.tui.screens.plan_forms import GoalForm
from ipterm.tui.screens.unlock_screen import UnlockScreen

from ..conftest import TODAY
from .test_app_flows import wait_for
from .test_hostile_text import screen_text


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


@pytest.fixture
def unlocked(passphrase_store: tuple[Path, str]) -> Iterator[tuple[Services, str, int, int]]:
    path, passphrase = passphrase_store
    services = Services(Store.unlock(path, passphrase), FixedClock(TODAY))
    case = services.create_case("Per Vangen", coordinator="Kari K")
    member = services.add_member(case.id, "Nora Nilsen", "NAV-veileder")
    services.add_goal(case.id, "Jeg vil beholde jobben")
    meeting = services.meetings.plan_meeting(
        case.id, datetime.combine(TODAY + timedelta(days=1), datetime.min.time()), place="Rom 1",
        invitees=[(member.id, "NAV")], agenda=["Status"],
    )  # fmt: skip
    yield services, passphrase, case.id, meeting.id
    services.store.close()


def make_app(services: Services, tmp_path: Path, **settings: object) -> IptermApp:
    return IptermApp(services, Settings(path=tmp_path / "config.toml", **settings))  # type: ignore[arg-type]


async def unlock(pilot, app: IptermApp, passphrase: str) -> None:
    await pilot.press(*passphrase, "enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, UnlockScreen), "unlocked")


async def test_ctrl_l_locks_inside_a_form_and_the_passphrase_never_lands_in_a_field(unlocked, tmp_path: Path) -> None:
    services, passphrase, case_id, meeting_id = unlocked
    app = make_app(services, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.screen.open_case(case_id, "plan")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.pause()
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "goal form")
        await pilot.press(*"Halvskrevet mål", "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked from the form")
        text = screen_text(app)
        assert "Låst (Ctrl+L)" in text and "uten bruk" not in text
        await unlock(pilot, app, passphrase)
        assert isinstance(app.screen, GoalForm)
        assert app.screen.query_one("#f-text", Input).value == "Halvskrevet mål"  # no passphrase in it

        # A confirmation dialog over the form (Esc on a changed form asks first).
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "discard question")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked from a dialog")
        await unlock(pilot, app, passphrase)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "back in the form")
        app.screen.dismiss(None)
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")

        # The meeting planner (focus in its TextArea) and the meeting itself (focus in the minutes line).
        await pilot.press("m")
        await pilot.pause()
        if isinstance(app.screen, ConfirmDialog):  # a meeting is planned already: plan another
            await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "meeting planner")
        app.screen.query_one("#agenda-edit").focus()
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked from the planner")
        await unlock(pilot, app, passphrase)
        assert isinstance(app.screen, MeetingPlanScreen)
        app.screen.dismiss(None)
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        app.push_screen(MeetingScreen(app.services, meeting_id))
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting")
        await pilot.pause()
        await pilot.press(*"Halv linje", "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked from the meeting")
        await unlock(pilot, app, passphrase)
        assert app.screen.query_one("#line-input", Input).value == "Halv linje"

        # The palette's lock.
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "palette")
        await pilot.press(*"Lås nå")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked from the palette")


async def test_while_locked_only_unlocking_works(unlocked, tmp_path: Path) -> None:
    services, passphrase, case_id, _ = unlocked
    app = make_app(services, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.screen.open_case(case_id, "plan")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.pause()
        await pilot.press("g", *"Ikke lagret ennå", "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked")
        lock_screen = app.screen
        await pilot.pause()
        keys = screen_text(app).splitlines()[-1]  # the key bar offers only what works here
        assert "Ctrl+Q" in keys, keys
        for dead in ("F12", "Ctrl+L", "Ctrl+P", "Esc"):
            assert dead not in keys, keys
        await pilot.press("f12")  # privacy: used to refresh the screens below from the closed database
        await pilot.pause()
        assert app.privacy is False
        await pilot.press("ctrl+p")  # no palette: no language, theme or case commands while locked
        await pilot.pause(0.2)
        assert app.screen is lock_screen
        app.set_language("en")  # what the palette's language command calls
        await pilot.pause()
        assert language() == "nb"
        await pilot.press("escape")  # used to quit and throw away the open form
        await pilot.pause()
        assert app.is_running and app.screen is lock_screen
        assert "Skriv passordet for å låse opp" in screen_text(app)
        await unlock(pilot, app, passphrase)
        assert isinstance(app.screen, GoalForm)
        assert app.screen.query_one("#f-text", Input).value == "Ikke lagret ennå"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "saved after unlocking")
        assert [g.text for g in app.services.case_file(case_id).goals] == ["Jeg vil beholde jobben", "Ikke lagret ennå"]


async def test_idle_time_counts_keys_clicks_and_scrolling_not_mouse_movement(unlocked, tmp_path: Path) -> None:
    services, passphrase, _, _ = unlocked
    app = make_app(services, tmp_path, idle_lock_minutes=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        long_ago = time.monotonic() - 400
        app._last_activity = long_ago
        await pilot.hover("#due", offset=(3, 3))
        await pilot.hover("#due", offset=(10, 5))
        await pilot.pause()
        assert app._last_activity == long_ago  # moving the mouse is not using the app
        await pilot.press("down")
        assert app._last_activity > long_ago
        app._last_activity = long_ago
        await pilot.click("#due")
        assert app._last_activity > long_ago
        app._last_activity = long_ago
        app.screen.query_one("#due").post_message(
            events.MouseScrollDown(None, 5, 5, 0, 0, 0, False, False, False, screen_x=5, screen_y=5)
        )
        await pilot.pause()
        assert app._last_activity > long_ago
        app._last_activity = long_ago
        await pilot.hover("#due", offset=(2, 2))
        app._check_idle()
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "idle lock")
        await wait_for(pilot, lambda: "Låst etter 5 min uten bruk" in screen_text(app), "why it locked")
        await unlock(pilot, app, passphrase)
        assert isinstance(app.screen, DashboardScreen)


async def test_wrong_passphrases_wait_longer_each_time(unlocked, tmp_path: Path, monkeypatch) -> None:
    services, passphrase, _, _ = unlocked
    monkeypatch.setattr(UnlockScreen, "DELAY_STEP", 0.5)
    app = make_app(services, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked")
        lock = app.screen
        box = lock.query_one("#passphrase", Input)
        delays = []
        for n in range(1, 5):
            await pilot.press(*"feil", "enter")
            await wait_for(pilot, lambda n=n: lock.failures == n, f"failure {n}")
            await pilot.pause()
            delays.append(lock.delay())
            message = str(lock.query_one("#unlock-message", Static).render())
            if n >= 2:
                assert box.disabled and "før neste forsøk" in message
                await pilot.press("x")
                assert box.value == ""
                await wait_for(pilot, lambda: not box.disabled, "open again after the wait")
            else:
                assert not box.disabled and "før neste forsøk" not in message
        assert delays == [0.0, 0.5, 1.0, 2.0]
        assert UnlockScreen.MAX_DELAY == 30.0
        await unlock(pilot, app, passphrase)
        assert isinstance(app.screen, DashboardScreen)
