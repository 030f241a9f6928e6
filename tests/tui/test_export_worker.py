"""The export worker runs on a connection of its own, never on the UI's."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ipterm.config import Settings
from ipterm.i18n import set_language
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.unlock_screen import UnlockScreen

from ..conftest import TODAY
from .test_app_flows import fill, wait_for


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


async def test_export_worker_never_uses_the_ui_connection_and_survives_a_lock(
    passphrase_store: tuple[Path, str], tmp_path: Path
) -> None:
    path, passphrase = passphrase_store
    services = Services(Store.unlock(path, passphrase), FixedClock(TODAY))
    case_id = fill(services)
    ui_thread = threading.get_ident()
    foreign: list[str] = []

    def watch(statement: str) -> None:  # which thread runs statements on the UI's own connection
        if threading.get_ident() != ui_thread:
            foreign.append(statement)

    services.store.conn.set_trace_callback(watch)
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.screen.open_case(case_id, "plan")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.pause()
        case = app.screen
        case.action_export_calendar()
        await wait_for(pilot, lambda: len(services.exports.history(case_id)) == 1, "first export stored")
        assert foreign == []

        # Ctrl+L while an export runs: the UI's connection closes, the worker's own one finishes.
        case.action_export_calendar()
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked")
        await wait_for(pilot, lambda: not any(w.group == "export" and w.is_running for w in app.workers), "done")
        assert app.is_running
        await pilot.press(*passphrase, "enter")
        await wait_for(pilot, lambda: app.screen is case, "unlocked")
        assert len(app.services.exports.history(case_id)) == 2
