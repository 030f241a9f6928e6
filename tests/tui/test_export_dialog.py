"""«Eksporter…» from a case: pick the kind, read what will be in it, save to a folder (remembered), open,
or only queue; earlier exports saved again. On the demo's school case, at 80x24 and 120x40."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList

from ipterm.config import Settings, load_settings
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.confirm_dialog import ConfirmDialog
from ipterm.tui.screens.export_dialog import ExportDialog, ExportHistoryScreen

from ..export.pdf_tools import flat_text
from .screen import screen_plain
from .test_app_flows import wait_for

TODAY = date(2026, 11, 22)
SIZES = [(80, 24), (120, 40)]
SCHOOL_CASE = 3  # Emil Nilsen Strand; Anette Kleppe at Bakkely skole has a consent


async def open_dialog(app: IptermApp, pilot, services: Services, case_id: int = SCHOOL_CASE) -> ExportDialog:
    app.push_screen(CaseScreen(services, case_id))
    await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog), "export dialog")
    return app.screen


async def choose(pilot, dialog: ExportDialog, starts: str) -> None:
    """Arrow keys down to the first choice whose label starts so."""
    index = next(n for n, c in enumerate(dialog.choices) if c.label.render("nb").startswith(starts))
    kinds = dialog.query_one("#export-kinds", OptionList)
    kinds.focus()
    await pilot.press("home")
    for _ in range(len(dialog.choices)):
        if kinds.highlighted == index:
            break
        await pilot.press("down")
    assert kinds.highlighted == index


def described(dialog: ExportDialog) -> str:
    """The description under the rows, as shown (wrapped lines joined)."""
    return " ".join(str(dialog.query_one("#export-contents").render()).split())


async def type_folder(pilot, folder: str) -> None:
    await pilot.press("enter", "end", "ctrl+u", *folder)  # Enter on the choice moves to the folder


@pytest.mark.parametrize("size", SIZES)
async def test_plan_minutes_and_the_schools_extract_into_a_folder(demo: Services, tmp_path: Path, size) -> None:
    config = tmp_path / "config.toml"
    app = IptermApp(demo, Settings(path=config))
    out = tmp_path / "til skolen"
    async with app.run_test(size=size) as pilot:
        dialog = await open_dialog(app, pilot, demo)
        assert "alt forskriften om individuell plan krever (a–i)" in screen_plain(
            app
        )  # the plan is first, and complete

        await choose(pilot, dialog, "Utdrag til Anette Kleppe")
        text = " ".join(screen_plain(app).split())
        assert "Bare det samtykket dekker" in text and "Resten er utelatt" in text
        await type_folder(pilot, f"{out}/")
        await pilot.press("enter")  # Enter in the folder saves
        await wait_for(pilot, lambda: out.is_dir() and any(out.iterdir()), "the extract on disk")

        await choose(pilot, dialog, "Referat")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(list(out.iterdir())) == 2, "the minutes on disk")
        await choose(pilot, dialog, "Plan")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(list(out.iterdir())) == 3, "the plan on disk")
        assert "Lagret:" in screen_plain(app)

    files = {p.name: p for p in out.iterdir()}
    extract = next(p for n, p in files.items() if "-til-" in n)
    minutes = next(p for n, p in files.items() if "minutes" in n)
    plan = next(p for n, p in files.items() if n not in (extract.name, minutes.name))
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in files.values())
    extract_text = flat_text(extract.read_bytes())
    assert "Anette Kleppe" in extract_text and "Emil Nilsen Strand" in extract_text
    assert "Referat fra ansvarsgruppemøte" in flat_text(minutes.read_bytes())
    assert "Individuell plan" in flat_text(plan.read_bytes())
    assert load_settings(config).export_dir == f"{out}/"  # offered again next time


async def test_open_queue_overwrite_and_earlier_exports(demo: Services, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    app = IptermApp(demo, Settings(path=tmp_path / "config.toml", export_dir=str(out)))
    opened: list[Path] = []
    app.file_opener = opened.append  # the seam in front of xdg-open
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, demo)
        assert dialog.query_one("#export-folder").value == str(out)  # the remembered folder
        await pilot.press("ctrl+o")  # the plan: saved, then handed to the viewer
        await wait_for(pilot, lambda: opened != [], "opened in the viewer")
        assert opened[0].parent == out and opened[0].read_bytes().startswith(b"%PDF")

        before = len(demo.exports.history(SCHOOL_CASE))
        await choose(pilot, dialog, "JSON")
        await pilot.press("ctrl+b")  # queued only: stored, no file
        await wait_for(pilot, lambda: len(demo.exports.history(SCHOOL_CASE)) == before + 1, "stored")
        assert sorted(p.suffix for p in out.iterdir()) == [".pdf"]
        assert "Lagret kryptert i ipterm" in " ".join(screen_plain(app).split())

        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "back in the case")
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportHistoryScreen), "earlier exports")
        table = app.screen.query_one("#export-list", DataTable)
        assert table.row_count == before + 1
        assert "JSON" in str(table.get_row_at(0)[1])  # newest first
        await pilot.press("enter")  # the JSON, written now
        await wait_for(pilot, lambda: any(p.suffix == ".json" for p in out.iterdir()), "json saved again")
        await pilot.press("enter")  # again: it is there, so ask first
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "overwrite question")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportHistoryScreen), "kept")


async def test_no_consent_no_extract(demo: Services, tmp_path: Path) -> None:
    case_file = demo.case_file(SCHOOL_CASE)
    member = next(m for m in case_file.members if m.kind.value == "service" and not m.is_coordinator)
    for consent in case_file.consents:
        if member.id in consent.recipient_member_ids:
            demo.withdraw_consent(consent.id)
    app = IptermApp(demo, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(app, pilot, demo)
        choice = next(c for c in dialog.choices if c.recipient_member_id == member.id)
        said = choice.contents.render("nb")
        # One consent names the member: it was withdrawn today, and the row says so.
        assert not choice.possible and "Ikke gyldig samtykke (samtykket ble trukket 22.11.2026)" in said, said
        assert "Ingen gyldig samtykke nevner mottakeren" not in said


async def test_line_editing_keys_in_the_folder_field_edit_the_folder(demo: Services, tmp_path: Path) -> None:
    """Ctrl+K in a text field deletes to the end of the line, as everywhere; it once queued an export."""
    app = IptermApp(demo, Settings(path=tmp_path / "config.toml", export_dir=str(tmp_path / "ut")))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, demo)
        before = len(demo.exports.history(SCHOOL_CASE))
        folder = dialog.query_one("#export-folder")
        folder.focus()
        await pilot.press("home", "right", "right", "right", "right", "ctrl+k")
        await pilot.pause(0.3)
        assert folder.value == str(tmp_path / "ut")[:4]
        assert len(demo.exports.history(SCHOOL_CASE)) == before
        assert isinstance(app.screen, ExportDialog)


async def test_the_owner_the_guardians_and_a_sister_outside_the_group_have_rows_that_say_what_they_get(
    demo: Services, tmp_path: Path
) -> None:
    out = tmp_path / "ut"
    app = IptermApp(demo, Settings(path=tmp_path / "config.toml", export_dir=f"{out}/"))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(app, pilot, demo)
        labels = [c.label.render("nb") for c in dialog.choices]
        assert "Plan til Emil Nilsen Strand (Planeier)" in labels
        await choose(pilot, dialog, "Plan til Hilde Nilsen")
        text = described(dialog)
        assert "Hele planen, slik koordinatoren har den." in text and "Resten er utelatt" not in text
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: out.is_dir() and any(out.iterdir()), "the guardian's plan on disk")
        guardian = flat_text(next(out.iterdir()).read_bytes())
        assert "Til Hilde Nilsen" in guardian and "Hele planen, slik koordinatoren har den." in guardian
        # The school's row names the kinds of information as well as the parts.
        await choose(pilot, dialog, "Utdrag til Anette Kleppe")
        text = described(dialog)
        assert "mål, tiltak og møter og referater; av taushetsbelagte opplysninger skole og barnehage." in text
    app = IptermApp(demo, Settings(path=tmp_path / "config.toml", export_dir=f"{out}/"))
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(app, pilot, demo, case_id=1)
        await choose(pilot, dialog, "Utdrag til Lene Berg Haugen (søster)")
        assert "av taushetsbelagte opplysninger NAV og økonomi" in described(dialog)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(list(out.iterdir())) == 2, "the sister's extract on disk")
    sister = next(p for p in out.iterdir() if "-til-p" in p.name)
    assert "Utdrag for Lene Berg Haugen (søster)" in flat_text(sister.read_bytes())


async def test_a_row_that_cannot_be_made_can_be_read_and_says_why_when_asked(demo: Services, tmp_path: Path) -> None:
    """Nora's consent ran out in September: her NAV adviser's row is reachable, and says why not."""
    app = IptermApp(demo, Settings(path=tmp_path / "config.toml", export_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, demo, case_id=8)
        before = len(demo.exports.history(8))
        await choose(pilot, dialog, "Utdrag til Kristoffer Aune")
        reason = "Ikke gyldig samtykke (samtykket gikk ut"
        assert reason in described(dialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(dialog.query_one("#export-status").render())
        assert reason in " ".join(status.split())
        assert len(demo.exports.history(8)) == before
