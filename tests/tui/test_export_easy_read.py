"""A coordinator makes Emil's own plan in the export dialog: "Min plan" in large type for Emil, the
version for his mother, and the who-to-call sheet, each saved into the folder and read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipterm.config import Settings
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.export_dialog import ExportHistoryScreen

from ..export.pdf_tools import flat_text, reader
from .screen import screen_plain
from .test_app_flows import wait_for
from .test_export_dialog import SCHOOL_CASE, choose, described, open_dialog, type_folder


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_min_plan_large_type_for_the_mother_and_the_contact_sheet(demo: Services, tmp_path: Path,
                                                                          size) -> None:  # fmt: skip
    cf = demo.case_file(SCHOOL_CASE)
    mother = next(m for m in cf.members if m.role.startswith("Mor"))
    out = tmp_path / "til familien"
    app = IptermApp(demo, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=size) as pilot:
        dialog = await open_dialog(app, pilot, demo)
        await choose(pilot, dialog, "Min plan med stor skrift")
        assert "Lettlest, til personen selv" in described(dialog) and "Ingenting om andre" in described(dialog)
        await type_folder(pilot, f"{out}/")
        await pilot.press("enter")
        await wait_for(pilot, lambda: out.is_dir() and len(list(out.iterdir())) == 1, "Min plan on disk")

        await choose(pilot, dialog, f"Min plan til {mother.name}")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(list(out.iterdir())) == 2, "the mother's version on disk")

        await choose(pilot, dialog, "Hvem ringer jeg?")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(list(out.iterdir())) == 3, "the contact sheet on disk")
        assert "Lagret:" in screen_plain(app)

        await pilot.press("escape")
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportHistoryScreen), "earlier exports")
        assert "Min plan" in screen_plain(app) and "Kontaktark" in screen_plain(app)

    files = {p.name: p for p in out.iterdir()}
    large = next(p for n, p in files.items() if "-easy-read-stor-" in n)
    for_mother = next(p for n, p in files.items() if f"-easy-read-til-{mother.id}-" in n)
    sheet = next(p for n, p in files.items() if "-contacts-" in n)
    large_text = flat_text(large.read_bytes())
    assert large_text.startswith("Min plan") and "Målene dine" in large_text and "Hvem ringer du?" in large_text
    first_name = cf.case.person_name.split()[0]
    assert flat_text(for_mother.read_bytes()).startswith(f"Planen til {first_name}")
    assert len(reader(sheet.read_bytes()).pages) == 1 and "Ring om" in flat_text(sheet.read_bytes())
    for path in files.values():  # nothing from the notes, the relatives' notes or e-mail addresses
        text = flat_text(path.read_bytes())
        assert "@" not in text
        for note in cf.notes:
            assert note.text[:30] not in text
        for person in cf.related:
            assert not person.note or person.note[:30] not in text
