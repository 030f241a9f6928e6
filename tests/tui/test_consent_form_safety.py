"""The consent form changes nothing by surprise: Enter goes on, Space ticks; the cursor stops at the last
row and stays in sight; nothing is ticked until the coordinator ticks it; a child's consent is given by the
guardians; and the saved consent shows in the list what kinds and services it covers. Demo case 3: Emil
is 11, his parents are his guardians."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, SelectionList

from ipterm.config import Settings
from ipterm.domain.models import ConsentSection, InfoKind
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_forms import ConsentForm
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.dashboard_screen import DashboardScreen

from .screen import screen_plain
from .test_consent_screens import wait_for

EMIL = 3


async def _form(app: IptermApp, pilot, demo: Services) -> ConsentForm:
    await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
    app.push_screen(CaseScreen(demo, EMIL, tab="consents"))
    await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, ConsentForm), "consent form")
    await pilot.pause()
    return app.screen


async def test_enter_goes_on_space_ticks_and_down_stops_at_the_last_row(demo: Services, tmp_path: Path) -> None:
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _form(app, pilot, demo)
        assert form.query_one("#f-given_by", Input).value == "Hilde Nilsen og Tom Strand"  # not the 11-year-old
        recipients = form.query_one("#f-recipients", SelectionList)
        sections = form.query_one("#f-sections", SelectionList)
        kinds = form.query_one("#f-kinds", SelectionList)
        assert sections.selected == [] and kinds.selected == []  # nothing consented to until ticked
        recipients.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert recipients.selected == [] and app.focused is sections  # Enter went on, ticking nothing
        recipients.focus()
        await pilot.press(*["down"] * (recipients.option_count + 3))
        await pilot.pause()
        assert recipients.highlighted == recipients.option_count - 1  # stopped, did not wrap to the top
        await pilot.press("up")
        await pilot.press("space")
        await pilot.pause()
        assert recipients.selected == [recipients.get_option_at_index(recipients.option_count - 2).value]


async def test_saving_with_nothing_ticked_says_what_to_tick(demo: Services, tmp_path: Path) -> None:
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    before = len(demo.case_file(EMIL).consents)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _form(app, pilot, demo)
        form.query_one("#f-recipients", SelectionList).focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Kryss av hvilke deler av planen samtykket omfatter" in screen_plain(app)
        assert len(demo.case_file(EMIL).consents) == before


async def test_the_highlighted_row_stays_in_sight_at_80_by_24(demo: Services, tmp_path: Path) -> None:
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _form(app, pilot, demo)
        sections = form.query_one("#f-sections", SelectionList)
        sections.focus()
        await pilot.pause()
        for n in range(sections.option_count):
            if n:
                await pilot.press("down")
            await pilot.pause()
            shown = str(sections.get_option_at_index(n).prompt)
            rows = [line for line in screen_plain(app).splitlines() if "▐" in line]
            assert any(shown in line for line in rows), (n, shown, rows)


async def test_a_saved_consent_shows_its_kinds_and_services_in_the_list(demo: Services, tmp_path: Path) -> None:
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    cf = demo.case_file(EMIL)
    nurse = next(m for m in cf.members if m.organisation.startswith("Skolehelsetjenesten"))
    async with app.run_test(size=(160, 40)) as pilot:
        form = await _form(app, pilot, demo)
        recipients = form.query_one("#f-recipients", SelectionList)
        recipients.focus()
        index = next(i for i in range(recipients.option_count) if recipients.get_option_at_index(i).value == nurse.id)
        recipients.highlighted = index
        await pilot.press("space")
        form.query_one("#f-sections", SelectionList).focus()
        await pilot.press("home", "space")  # the plan
        kinds = form.query_one("#f-kinds", SelectionList)
        kinds.focus()
        await pilot.press("home", "space")  # health and treatment
        form.query_one("#f-own_measures_only").focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "saved")
        await pilot.pause()
        consent = demo.case_file(EMIL).consents[-1]
        assert consent.sections == (ConsentSection.PLAN,) and consent.kinds == (InfoKind.HEALTH,)
        table = app.screen.query_one("#consent-table", DataTable)
        row = " ".join(str(c) for c in table.get_row(str(consent.id)))
        assert "helse og behandling" in row and "mottakerens egen tjeneste" in row, row


async def test_withdrawing_the_consent_to_the_plan_says_that_it_ends_too(demo: Services, tmp_path: Path) -> None:
    from ipterm.tui.screens.confirm_dialog import ConfirmDialog

    from .test_row_detail import go_to, open_case

    cf = demo.case_file(1)
    plan_consents = [c for c in cf.consents if c.covers_plan and c.is_valid_on(demo.today())]
    consent = plan_consents[0]
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(app, pilot, demo, 1)
        await go_to(pilot, app, "3", "consent-table", str(consent.id))
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        question = " ".join(str(app.screen.query_one("#confirm-question").render()).split())
        assert "Samtykket til at planen lages, faller også bort." in question, question
        if len(plan_consents) == 1:
            assert "Da mangler planen h): ingen gyldig samtykke til planen." in question
