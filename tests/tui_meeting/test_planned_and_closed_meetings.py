"""From a case's Meetings tab: a planned meeting is moved (f) or cancelled (x, after asking); a closed
meeting opens read-only with its decisions, tasks and lines."""

from __future__ import annotations

from datetime import datetime

from textual.app import App
from textual.widgets import Input

from ipterm.domain.models import MeetingStatus, MemberKind
from ipterm.services import Services
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.confirm_dialog import ConfirmDialog
from ipterm.tui.screens.meeting_plan_screen import MoveMeetingForm
from ipterm.tui.screens.meeting_record_screen import MeetingRecordScreen
from tests.tui_meeting.test_meeting_screen import screen_text, wait_for


class Host(App[None]):
    def __init__(self, services: Services, case_id: int) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id

    def on_mount(self) -> None:
        self.push_screen(CaseScreen(self.services, self.case_id, tab="meetings"))


async def test_move_cancel_and_read_a_closed_meeting(services: Services) -> None:
    case = services.create_case("Ola Nordmann")
    services.add_member(case.id, "Ola Nordmann", "Planeier", kind=MemberKind.PERSON)
    nora = services.add_member(case.id, "Nora Nilsen", "NAV-veileder", organisation="NAV")
    goal = services.add_goal(case.id, "Jobbe")
    services.add_measure(case.id, "Arbeidstrening", goal_ids=[goal.id], responsible_member_id=nora.id)
    held = services.meetings.plan_meeting(case.id, datetime(2026, 11, 22, 9))
    services.meetings.start(held.id)
    for text in ("b: Ola begynner på lageret alt: vente", "o: Sende søknad @nora innen 15.1",
                 "e: #t1 fortsett med god framgang"):  # fmt: skip
        services.meetings.add_line(held.id, text)
    services.meetings.close(held.id, summary="Godt møte")
    planned = [m for m in services.case_file(case.id).meetings if m.status is MeetingStatus.PLANNED]
    assert planned == []
    later = services.meetings.plan_meeting(case.id, datetime(2027, 1, 20, 10))
    app = Host(services, case.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case screen")
        table = app.screen.query_one("#meeting-table")
        table.focus()
        await pilot.pause()
        rows = [table.get_row_at(n) for n in range(table.row_count)]
        later_row = next(n for n, r in enumerate(rows) if "20.01.2027" in str(r[0]) or "2027" in str(r[0]))
        table.move_cursor(row=later_row)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, MoveMeetingForm), "move form")
        app.screen.query_one("#f-day", Input).value = "2.3"
        app.screen.query_one("#f-at", Input).value = "kl. 13"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: services.meetings.get(later.id).starts_at == datetime(2027, 3, 2, 13), "moved")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "back")
        table.focus()
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asks")
        await pilot.press("j")
        await wait_for(pilot, lambda: services.meetings.get(later.id).status is MeetingStatus.CANCELLED, "cancelled")

        rows = [table.get_row_at(n) for n in range(table.row_count)]
        held_row = next(n for n, r in enumerate(rows) if "22.11.2026" in str(r[0]))
        table.move_cursor(row=held_row)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingRecordScreen), "read-only record")
        text = screen_text(app)
        for shown in ("kan ikke endres", "Godt møte", "Ola begynner på lageret", "vente", "Sende søknad", "åpen",
                      nora.name, "#t1 "):  # fmt: skip
            assert shown in text, shown
        assert "#t?" not in text
        assert services.meetings.get(held.id).status is MeetingStatus.CLOSED
