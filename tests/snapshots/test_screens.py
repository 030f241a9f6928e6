"""What the dashboard and each case tab look like at 80x24 and at 120x40, as SVG snapshots.

A change in layout shows up as a changed picture: `uv run pytest tests/snapshots --snapshot-update`
records the new one, and the diff of the SVG is reviewed like code.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipterm.config import Settings
from ipterm.services import FixedClock, Services
from ipterm.services.demo import open_demo
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen

TODAY = date(2026, 11, 22)
SIZES = [(80, 24), (120, 40)]
TABS = {"1": "plan", "2": "group", "3": "consents", "4": "notes", "5": "meetings", "7": "contents"}


@pytest.fixture
def app(tmp_path: Path):
    clock = FixedClock(TODAY)
    services = Services(open_demo(tmp_path / "demo", clock=clock), clock)
    yield IptermApp(services, Settings(path=tmp_path / "c.toml"))
    services.store.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dashboard(snap_compare, app: IptermApp, size) -> None:
    async def settle(pilot) -> None:
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("key", list(TABS), ids=lambda k: TABS[k])
def test_case_tab(snap_compare, app: IptermApp, size, key: str) -> None:
    async def open_tab(pilot) -> None:
        app.push_screen(CaseScreen(app.services, 1))
        for _ in range(5):
            await pilot.pause()
        await pilot.press(key)
        for _ in range(3):
            await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=open_tab)
