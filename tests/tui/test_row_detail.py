"""Every row readable without scrolling sideways: the pane under Plan, Gruppe and Samtykker shows the whole
selected row, at 80x24 and at 120x40 (demo data, case 1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable

from ipterm.config import Settings
from ipterm.domain.dates import format_date
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen

from .screen import screen_plain
from .test_app_flows import wait_for

TODAY = date(2026, 11, 22)
SIZES = [(80, 24), (120, 40)]


def flat(app: IptermApp) -> str:
    return " ".join(screen_plain(app).split())


async def go_to(pilot, app: IptermApp, tab_key: str, table_id: str, row_key: str) -> None:
    """The tab's number key, then ↓ until the cursor is on the row."""
    await pilot.press(tab_key)
    table = app.screen.query_one(f"#{table_id}", DataTable)
    await wait_for(pilot, lambda: table.has_focus, f"{table_id} focused")
    await pilot.press("home")
    for _ in range(table.row_count):
        if table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == row_key:
            break
        await pilot.press("down")
    await pilot.pause()
    assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == row_key


async def open_case(app: IptermApp, pilot, services: Services, case_id: int) -> None:
    app.push_screen(CaseScreen(services, case_id))
    await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")


@pytest.mark.parametrize("size", SIZES)
async def test_a_measures_whole_row(demo: Services, tmp_path: Path, size) -> None:
    cf = demo.case_file(1)
    measure = next(m for m in cf.measures if m.responsible_member_id and m.evaluate_by and m.scope)
    goal = next(g for g in cf.goals if g.id in measure.goal_ids)
    owner = cf.member(measure.responsible_member_id)
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=size) as pilot:
        await open_case(app, pilot, demo, 1)
        await go_to(pilot, app, "1", "plan-table", f"m{measure.id}")
        text = flat(app)
        assert f"Tiltak: #t{cf.measure_numbers()[measure.id]} {measure.what}" in text
        assert f"«{goal.text}»" in text  # its goal
        assert f"Ansvarlig: {owner.name} ({owner.role}, {owner.organisation})" in text  # with the service
        assert f"{format_date(measure.from_date)}–{format_date(measure.to_date)}" in text
        assert f"sist bekreftet {format_date(measure.last_confirmed)}" in text
        assert f"evalueres {format_date(measure.evaluate_by)}" in text
        assert f"Omfang: {measure.scope[:30]}" in text


@pytest.mark.parametrize("size", SIZES)
async def test_a_sub_goal_names_its_goal(demo: Services, tmp_path: Path, size) -> None:
    cf = demo.case_file(1)
    sub = next(g for g in cf.goals if g.parent_id)
    parent = next(g for g in cf.goals if g.id == sub.parent_id)
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=size) as pilot:
        await open_case(app, pilot, demo, 1)
        await go_to(pilot, app, "1", "plan-table", f"g{sub.id}")
        table = app.screen.query_one("#plan-table", DataTable)
        assert str(table.get_row(f"g{sub.id}")[1]).startswith("  └ ")  # hangs under its goal in the list
        assert f"Delmål under: #{cf.goal_numbers()[parent.id]} «{parent.text}»" in flat(app)


@pytest.mark.parametrize("size", SIZES)
async def test_a_consents_recipients_expiry_and_original(demo: Services, tmp_path: Path, size) -> None:
    cf = demo.case_file(1)
    consent = next(c for c in cf.consents if c.expires_on and c.original_location and c.recipient_member_ids)
    first = next(m for m in cf.members if m.id == consent.recipient_member_ids[0])
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=size) as pilot:
        await open_case(app, pilot, demo, 1)
        await go_to(pilot, app, "3", "consent-table", str(consent.id))
        text = flat(app)
        assert f"Gyldig til: {format_date(consent.expires_on)}" in text
        assert f"Original: {consent.original_location}" in text
        assert f"Mottakere: {first.name}" in text
        assert "Omfatter: planen" in text


@pytest.mark.parametrize("size", SIZES)
async def test_a_members_contact_and_authority(demo: Services, tmp_path: Path, size) -> None:
    cf = demo.case_file(1)
    member = next(m for m in cf.members if m.active and m.has_decision_authority and m.email and m.organisation
                  and not m.is_coordinator)  # fmt: skip
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=size) as pilot:
        await open_case(app, pilot, demo, 1)
        await go_to(pilot, app, "2", "group-table", str(member.id))
        text = flat(app)
        assert f"Navn: {member.name}" in text
        assert member.email in text  # the whole address, not cut
        assert "Koordinerer / beslutter: fatter vedtak" in text
        assert f"Rolle: {member.role} · {member.organisation}" in text


async def test_a_row_too_long_for_a_small_screen_is_reached_by_tab_and_arrows(demo: Services, tmp_path: Path) -> None:
    """At 80x24 the last lines of the longest measure (its «Hvordan») do not fit under the table: Tab goes
    into the pane and End scrolls to them."""
    cf = demo.case_file(1)
    measure = max((m for m in cf.measures if m.how), key=lambda m: len(m.how) + len(m.scope) + len(m.what))
    last_words = " ".join(measure.how.split()[-3:])
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(app, pilot, demo, 1)
        await go_to(pilot, app, "1", "plan-table", f"m{measure.id}")
        if last_words in flat(app):
            pytest.skip("the demo's longest measure fits at 80x24")
        await pilot.press("tab")
        assert app.screen.focused is app.screen.query_one("#plan-detail")
        await pilot.press("end")
        await pilot.pause(0.3)
        assert last_words in flat(app)
        await pilot.press("shift+tab", "down")  # back in the table, and on to the next row
        assert app.screen.focused is app.screen.query_one("#plan-table", DataTable)


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_note_is_read_whole_under_the_list(demo: Services, tmp_path: Path, size) -> None:
    note = max(demo.case_file(1).notes, key=lambda n: len(n.text))
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=size) as pilot:
        await open_case(app, pilot, demo, 1)
        await go_to(pilot, app, "4", "note-table", str(note.id))
        words = note.text.split()
        assert " ".join(words[:8]) in flat(app)
        if size == (120, 40):
            assert " ".join(words) in flat(app)  # all of it at once
        await pilot.press("tab", "end")  # on a small screen, the rest by scrolling the pane
        await pilot.pause(0.3)
        assert " ".join(words[-6:]) in flat(app)


async def test_a_consent_for_a_related_person_outside_the_group_names_her(demo: Services, tmp_path: Path) -> None:
    cf = demo.case_file(1)
    sister = next(r for r in cf.related if r.name == "Lene Berg Haugen")
    consent = next(c for c in cf.consents if sister.id in c.recipient_related_ids)
    assert not consent.recipient_member_ids
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(app, pilot, demo, 1)
        await go_to(pilot, app, "3", "consent-table", str(consent.id))
        text = flat(app)
        assert "Mottakere: Lene Berg Haugen (søster)" in text
        assert "(ingen)" not in text
