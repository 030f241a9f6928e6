"""The dashboard reminds about a closed case kept past the retention time (`erase_after_days`)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from ipterm.config import Settings
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.dashboard_screen import DashboardScreen

from ..conftest import TODAY
from .test_app_flows import screen_text, wait_for


async def test_dashboard_shows_a_case_due_for_erasure(services: Services, tmp_path: Path) -> None:
    old = services.create_case("Eldre Avsluttet", coordinator="Kari Koordinator")
    services.close_case(old.id, on=TODAY - timedelta(days=40))
    services.create_case("Aktiv Fortsatt", coordinator="Kari Koordinator")
    app = IptermApp(services, Settings(path=tmp_path / "c.toml", erase_after_days=30))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: "Sak kan slettes" in screen_text(app), "erase reminder")
        text = screen_text(app)
        assert f"ipterm erase {old.id}" in text and "Eldre Avsluttet" in text
    app = IptermApp(services, Settings(path=tmp_path / "c.toml"))  # default 90 days: not yet
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.pause(0.1)
        assert "Sak kan slettes" not in screen_text(app)


async def test_palette_makes_the_status_report(services: Services, tmp_path: Path) -> None:
    services.create_case("Navn Som Ikke Skal Med", coordinator="Kari Koordinator")
    app = IptermApp(services, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("ctrl+p")
        await pilot.press(*"statusrapport")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Statusrapport lagret" in screen_text(app), "stored notice")
    kinds = [r.kind for r in services.exports.history()]
    assert sorted(kinds) == ["status", "status_csv"]


async def test_the_dashboard_says_how_far_ahead_it_looks(services: Services, tmp_path: Path) -> None:
    """A task due the day after the window seemed gone: the dashboard names the last day it shows."""
    from ipterm.domain.dates import format_date

    case = services.create_case("Frist Senere", coordinator="Kari Koordinator")
    services.add_action_item(case.id, "Ringe skolen om hybel", due_on=TODAY + timedelta(days=8))
    app = IptermApp(services, Settings(path=tmp_path / "c.toml", due_ahead_days=7))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        last = format_date(TODAY + timedelta(days=7))
        await wait_for(pilot, lambda: f"frister til og med {last}" in screen_text(app), "the window's end")
        assert "Ringe skolen om hybel" not in screen_text(app)
