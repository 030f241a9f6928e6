"""The dashboard answers "what do I do now": sections by urgency, whole rows, a first-run state."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from ipterm.config import Settings
from ipterm.domain.models import MemberKind
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_forms import CaseForm
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.dashboard_screen import DashboardScreen

from .screen import screen_plain
from .test_app_flows import wait_for

WEDNESDAY = date(2026, 11, 18)
SIZES = [(80, 24), (120, 40)]


def fill(services: Services) -> int:
    today = services.today()
    case = services.create_case(
        "Per Vangen",
        coordinator="Kari Koordinator",
        plan_start=today - timedelta(days=400),
        plan_end=today + timedelta(days=270),
        next_revision=today + timedelta(days=60),
    )
    services.add_member(case.id, "Per Vangen", "Planeier", kind=MemberKind.PERSON)
    nora = services.add_member(case.id, "Nora Nilsen", "NAV-veileder", organisation="NAV",
                               last_confirmed=today - timedelta(days=10))  # fmt: skip
    goal = services.add_goal(case.id, "Jeg vil beholde jobben", evaluate_by=today + timedelta(days=2))
    for what in ("Arbeidstrening", "Jobbspesialist", "Skoleskyss"):
        services.add_measure(case.id, what, goal_ids=[goal.id], responsible_member_id=nora.id,
                             last_confirmed=today - timedelta(days=300))  # fmt: skip
    services.add_action_item(case.id, "Sende søknad om tilrettelegging", owner_member_id=nora.id,
                             due_on=today - timedelta(days=3))  # fmt: skip
    services.meetings.plan_meeting(case.id, datetime.combine(today, time(14, 0)), place="NAV, møterom 2")
    services.meetings.plan_meeting(case.id, datetime.combine(today + timedelta(days=6), time(9, 0)), place="Skolen")
    return case.id


@pytest.fixture
def app(store: Store, tmp_path: Path) -> IptermApp:
    services = Services(store, FixedClock(WEDNESDAY))
    fill(services)
    return IptermApp(services, Settings(path=tmp_path / "config.toml"))


def due_rows(app: IptermApp) -> list[list[str]]:
    due = app.screen.query_one("#due", DataTable)
    return [[str(c) for c in due.get_row_at(i)] for i in range(due.row_count)]


@pytest.mark.parametrize("size", SIZES)
async def test_sections_by_urgency_with_times_owners_and_a_mark(app: IptermApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        rows = due_rows(app)
        headings = [r[0] for r in rows if not r[1]]
        assert headings == ["Forfalt (1)", "I dag (1)", "Denne uken (1)", "Senere (1)", "Å følge opp (1)"]
        overdue, today, week, later, stale = (rows[rows.index([h, "", "", ""]) + 1] for h in headings)
        assert overdue[0] == "! 15.11.2026"  # the mark reads without colour
        assert overdue[1] == "Oppgave" and overdue[2] == "Per Vangen"
        assert overdue[3] == "Nora Nilsen (NAV): Sende søknad om tilrettelegging"  # the owner, then the task
        assert today == ["18.11.2026 14:00", "Ansvarsgruppemøte", "Per Vangen", "NAV, møterom 2"]
        assert week[1] == "Evaluering av mål" and week[0] == "20.11.2026"
        assert later[0] == "24.11.2026 09:00" and later[3] == "Skolen"
        assert stale[3] == "3 tiltak ikke bekreftet på over 180 dager"  # after every dated item
        text = screen_plain(app)
        assert "Forfalt 1  ·  I dag 1  ·  Denne uken 1  ·  Senere 1  ·  Å følge opp 1" in text
        # The whole selected row, wrapped under the list: the task's text is readable at 80 columns too.
        assert "Sende søknad om" in text and "tilrettelegging" in text


@pytest.mark.parametrize("size", SIZES)
async def test_end_goes_to_the_last_row_and_keeps_the_table(app: IptermApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        due = app.screen.query_one("#due", DataTable)
        await pilot.press("end")
        await pilot.pause()
        assert due.cursor_row == due.row_count - 1
        lines = screen_plain(app).splitlines()
        assert any(line.lstrip().startswith("Når") and "Hva" in line for line in lines)  # headings still there
        assert any("Tiltak ikke bekreftet" in line for line in lines)
        await pilot.press("home")
        await pilot.pause()
        assert due.cursor_row == 0


async def test_today_key_and_enter_open_the_meeting_where_it_is(app: IptermApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("i", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case screen")
        assert app.screen.query_one("TabbedContent").active == "meetings"


async def test_first_run_says_what_to_do(store: Store, tmp_path: Path) -> None:
    app = IptermApp(Services(store, FixedClock(WEDNESDAY)), Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        text = screen_plain(app)
        assert "Her er ingen saker ennå" in text
        assert "Ctrl+N   opprett den første saken" in text and "ipterm --demo" in text and "?" in text
        assert "Når" not in text  # no empty table headings
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseForm), "new case form")
