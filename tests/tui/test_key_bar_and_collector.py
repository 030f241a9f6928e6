"""The keys line (one widget, redrawn only when the keys on offer change) and the quiet collector."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from ipterm.config import Settings
from ipterm.i18n import set_language
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.quiet_gc import QuietCollector
from ipterm.tui.screens.case_forms import CaseForm
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.widgets.key_bar import KeyBar

from .test_app_flows import wait_for


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


def bar_text(app: IptermApp) -> str:
    bars = app.screen.query(KeyBar)  # none while a screen is being built
    return str(bars.first().render()) if bars else ""


async def test_the_keys_line_follows_focus_and_language(services: Services, tmp_path: Path) -> None:
    services.create_case("Per Vangen", coordinator="Kari")
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: "Ny sak" in bar_text(app), "the keys line")
        text = bar_text(app)
        assert " d Forfaller " in text and " s Saker " in text and text.rstrip().endswith("Kommandopalett")
        drawn = app.screen.query_one(KeyBar)._shown
        await pilot.press("slash")  # into the filter: the list keys are not on offer there
        await wait_for(pilot, lambda: " d Forfaller " not in bar_text(app), "the filter's keys")
        assert "Ny sak" in bar_text(app)
        await pilot.press("tab")
        await wait_for(pilot, lambda: " d Forfaller " in bar_text(app), "the list's keys again")
        assert app.screen.query_one(KeyBar)._shown == drawn
        app.set_language("en")
        await wait_for(pilot, lambda: "New case" in bar_text(app), "the keys in English")
        assert "Ny sak" not in bar_text(app)


async def test_clicking_a_key_in_the_keys_line_presses_it(services: Services, tmp_path: Path) -> None:
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: "Ny sak" in bar_text(app), "the keys line")
        column = bar_text(app).index("Ny sak")
        await pilot.click(KeyBar, offset=(column, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseForm), "the new-case form")


@pytest.fixture
def python_schedule():
    """Python's own collector schedule before the test, whatever earlier tests left behind."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*before)


def test_the_collector_runs_full_passes_only_when_the_user_pauses(python_schedule: tuple[int, int, int]) -> None:
    saved = python_schedule
    collector = QuietCollector()
    collector.start()
    try:
        assert gc.get_threshold()[:2] == saved[:2] and gc.get_threshold()[2] > 1_000_000
        assert not collector.tick(idle_seconds=60)  # nothing happened since the last pass
        collector.activity()
        assert not collector.tick(idle_seconds=0.1)  # typing: not now
        collector._last_pass -= 3600
        gc.unfreeze()
        assert collector.tick(idle_seconds=5)  # a pause after use
        assert gc.get_freeze_count() > 0  # what survived is out of the younger collections' scans
        assert not collector.tick(idle_seconds=5)  # once per pause
    finally:
        collector.stop()
    assert gc.get_threshold() == saved and gc.get_freeze_count() == 0


async def test_the_app_gives_the_collector_back_when_it_ends(
    services: Services, tmp_path: Path, python_schedule: tuple[int, int, int]
) -> None:
    saved = python_schedule
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        assert gc.get_threshold()[2] > 1_000_000
    assert gc.get_threshold() == saved and gc.get_freeze_count() == 0
