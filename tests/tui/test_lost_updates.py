"""Two processes on one database: a form opened before another process changed the row refuses to save
over it, names both values, and loses nothing either side saved."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from ipterm.config import Settings
from ipterm.i18n import set_language
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.plan_forms import GoalForm

from ..conftest import TODAY
from .test_app_flows import wait_for

OTHER_WINDOW = """
import sys
from datetime import date
from ipterm.services import Services
services = Services.unlock(__import__("pathlib").Path(sys.argv[1]), sys.argv[2])
goal = services.case_file(int(sys.argv[3])).goals[0]
services.update_goal(goal.id, evaluate_by=date(2027, 3, 1))
services.store.close()
"""


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


async def test_a_form_opened_before_another_process_saved_refuses_to_write_over_it(
    passphrase_store: tuple[Path, str], tmp_path: Path
) -> None:
    path, passphrase = passphrase_store
    services = Services(Store.unlock(path, passphrase), FixedClock(TODAY))
    case = services.create_case("Per Vangen")
    goal = services.add_goal(case.id, "Jeg vil beholde jobben")
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.screen.open_case(case.id, "plan")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.pause()
        app.screen.query_one("#plan-table").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "goal form, opened before the other save")
        form = app.screen

        other = subprocess.run([sys.executable, "-c", OTHER_WINDOW, str(path), passphrase, str(case.id)],
                               capture_output=True, text=True, timeout=60)  # fmt: skip
        assert other.returncode == 0, other.stderr

        field = form.query_one("#f-text", Input)
        field.focus()
        await pilot.press("end", *" og bo hjemme", "ctrl+s")
        await pilot.pause()
        assert app.screen is form  # refused, still open with what was typed
        assert field.value == "Jeg vil beholde jobben og bo hjemme"
        message = str(form.query_one("#form-message", Static).render())
        assert "Endret av et annet vindu siden du åpnet skjemaet" in message
        assert "evalueres: «–» da du åpnet, nå «01.03.2027»" in message
    services.store.close()
    check = Store.unlock(path, passphrase)
    try:
        now = Services(check).case_file(case.id).goals[0]
        assert (now.id, now.text, now.evaluate_by) == (goal.id, "Jeg vil beholde jobben", date(2027, 3, 1))
    finally:
        check.close()
