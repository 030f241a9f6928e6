"""In the TUI: an export made while the server is down shows as queued, then goes out by itself when the
server answers, with no key pressed; the destination can be set up from the command palette."""

from __future__ import annotations

import html
import os
import re
import time
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Select, SelectionList, Static

from ipterm.config import Settings
from ipterm.domain.models import ConsentMethod
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.sync_settings_screen import SyncSettingsScreen

from ..conftest import TODAY
from .conftest import webdav_sync

pytestmark = pytest.mark.slow


def screen_text(app: IptermApp) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


async def wait_for(pilot, predicate, description: str, seconds: float = 15.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for: {description}")


def a_case(services: Services) -> int:
    case = services.create_case("Synk Sofie", coordinator="Kari", plan_start=TODAY, plan_end=TODAY + timedelta(300),
                                next_revision=TODAY + timedelta(100))  # fmt: skip
    services.add_consent(case.id, given_on=TODAY, method=ConsentMethod.WRITTEN)
    return case.id


async def test_export_queued_offline_is_sent_when_the_server_answers(services: Services, dav, tmp_path: Path):
    a_case(services)
    sync = webdav_sync(services, dav.url)
    settings = Settings(path=tmp_path / "c.toml", sync=dict(sync.settings.sync))
    dav.stop()
    app = IptermApp(services, settings)
    app.sync_interval = 0.3
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("s", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("e", "ctrl+b")  # the Export dialog: the plan summary as PDF/A, stored and queued
        await pilot.pause(0.3)
        if type(app.screen).__name__ == "ConfirmDialog":  # an incomplete plan asks first
            await pilot.press("j")
        await wait_for(pilot, lambda: services.exports.history() != [], "export stored")
        await pilot.press("escape")  # close the dialog
        await wait_for(pilot, lambda: "Synk: frakoblet – 1 i kø" in screen_text(app), "queued, offline, on screen")
        dav.start()  # no key pressed from here on
        await wait_for(pilot, lambda: "Synk: alt sendt" in screen_text(app), f"sent, got {app.sync_label!r}")
    assert [n for n in dav.final_files() if n.endswith(".pdf")]


async def test_sync_is_set_up_from_the_command_palette(services: Services, tmp_path: Path) -> None:
    case_id = a_case(services)
    services.exports.export(case_id, "json")
    share = tmp_path / "share"
    share.mkdir()
    config = tmp_path / "config" / "config.toml"
    app = IptermApp(services, Settings(path=config))
    app.sync_interval = 0.3
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        assert "Synk:" not in screen_text(app)  # not set up: no bar
        await pilot.press("ctrl+p")
        await pilot.press(*"Synkronisering: innst")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SyncSettingsScreen), "sync settings")
        app.screen.query_one("#kind", Select).value = "folder"
        await pilot.pause()
        app.screen.query_one("#folder", Input).value = str(tmp_path / "finnes-ikke" / "x")
        await pilot.press("ctrl+t")
        message = app.screen.query_one("#sync-message", Static)
        await wait_for(pilot, lambda: "finnes ikke" in str(message.render()), "test says the folder is missing")
        app.screen.query_one("#folder", Input).value = str(share)
        text = screen_text(app)
        assert "ikke bekreftet" not in text  # nothing proposed: there is nothing to confirm yet
        kinds = app.screen.query_one("#send-kinds", SelectionList)
        assert sorted(kinds.selected) == ["ics", "pdf"]  # the default keeps JSON/FHIR and backups local
        kinds.select("json")  # the coordinator sends the JSON made earlier …
        app.screen.query_one("#history", Select).value = "waiting"  # … which waits since before the setup
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "back on the dashboard")
        await wait_for(pilot, lambda: "Synk: alt sendt" in screen_text(app), f"sent, got {app.sync_label!r}")
    assert tomllib.loads(config.read_text())["sync"] == {"destination": "folder", "folder": str(share)}
    assert len(list(share.iterdir())) == 1


async def test_a_destination_proposed_in_the_config_file_waits_for_confirmation(services: Services, tmp_path: Path):
    """Someone writes a folder into config.toml: the app sends nothing there and says so, until the coordinator
    opens the settings and saves them."""
    case_id = a_case(services)
    services.exports.export(case_id, "plan", allow_incomplete=True)
    share = tmp_path / "share"
    share.mkdir()
    settings = Settings(path=tmp_path / "c.toml", sync={"destination": "folder", "folder": str(share)})
    app = IptermApp(services, settings)
    app.sync_interval = 0.2
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: "Synk: ny mottaker – bekreft den" in screen_text(app), f"got {app.sync_label!r}")
        await pilot.pause(0.6)  # a few passes go by
        assert not list(share.iterdir())
        app.action_sync_settings()
        await wait_for(pilot, lambda: isinstance(app.screen, SyncSettingsScreen), "sync settings")
        flat = lambda: " ".join(screen_text(app).split())  # noqa: E731
        await wait_for(pilot, lambda: "Målet i config.toml er ikke bekreftet; ingenting sendes" in flat(), "the notice")
        assert app.screen.query_one("#history", Select).value == "new"
        app.screen.query_one("#history", Select).value = "waiting"  # send the plan made before
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "back on the dashboard")
        await wait_for(pilot, lambda: "Synk: alt sendt" in screen_text(app), f"sent, got {app.sync_label!r}")
    assert [p.suffix for p in share.iterdir()] == [".pdf"]


async def test_a_changed_folder_asks_again_and_sends_only_new_exports(services: Services, tmp_path: Path) -> None:
    """The share moved in config.toml (someone edited it): the app stops sending, says so, and after the
    coordinator confirms with «Bare nye eksporter» the history already sent does not go to the new place."""
    from .conftest import confirmed_sync

    case_id = a_case(services)
    first, second = tmp_path / "share", tmp_path / "elsewhere"
    first.mkdir()
    second.mkdir()
    confirmed_sync(services, Settings(sync={"destination": "folder", "folder": str(first)}))
    services.exports.export(case_id, "plan", allow_incomplete=True)
    services.sync(Settings(sync={"destination": "folder", "folder": str(first)})).run_once()
    assert len(list(first.iterdir())) == 1
    settings = Settings(path=tmp_path / "c.toml", sync={"destination": "folder", "folder": str(second)})
    app = IptermApp(services, settings)
    app.sync_interval = 0.2
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: "Synk: ny mottaker – bekreft den" in screen_text(app), f"got {app.sync_label!r}")
        app.action_sync_settings()
        await wait_for(pilot, lambda: isinstance(app.screen, SyncSettingsScreen), "sync settings")
        flat = lambda: " ".join(screen_text(app).split())  # noqa: E731
        await wait_for(pilot, lambda: "Målet i config.toml er endret siden du bekreftet det" in flat(), "the notice")
        await pilot.press("ctrl+s")  # «Bare nye eksporter sendes» is the choice already made
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "back on the dashboard")
        await wait_for(pilot, lambda: "Synk: ingenting å sende" in screen_text(app), f"got {app.sync_label!r}")
        assert not list(second.iterdir())
        services.exports.export(case_id, "ics")
        await wait_for(pilot, lambda: "Synk: alt sendt" in screen_text(app), f"sent, got {app.sync_label!r}")
    assert [p.suffix for p in second.iterdir()] == [".ics"]


async def test_config_edited_while_the_app_runs_is_seen_at_once(services: Services, tmp_path: Path) -> None:
    """config.toml is edited to point at another share while the app is open: the app reads it again,
    stops sending, says so on its sync line, and a new export goes neither to the old share nor the new one."""
    import tomli_w

    from .conftest import confirmed_sync

    case_id = a_case(services)
    first, second = tmp_path / "share", tmp_path / "elsewhere"
    first.mkdir()
    second.mkdir()
    config = tmp_path / "c.toml"
    config.write_text(tomli_w.dumps({"sync": {"destination": "folder", "folder": str(first)}}), encoding="utf-8")
    settings = Settings(path=config, sync={"destination": "folder", "folder": str(first)})
    confirmed_sync(services, settings)
    app = IptermApp(services, settings)
    app.sync_interval = 0.2
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: "Synk: ingenting å sende" in screen_text(app), f"got {app.sync_label!r}")
        config.write_text(tomli_w.dumps({"sync": {"destination": "folder", "folder": str(second)}}), encoding="utf-8")
        os.utime(config, (time.time() + 5, time.time() + 5))  # a new mtime even on a coarse clock
        await wait_for(pilot, lambda: "Synk: ny mottaker – bekreft den" in screen_text(app), f"got {app.sync_label!r}")
        services.exports.export(case_id, "ics")
        await pilot.pause(1.0)
    assert not list(first.iterdir()) and not list(second.iterdir())
