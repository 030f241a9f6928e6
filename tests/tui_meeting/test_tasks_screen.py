"""The tasks view: mark done, move to another owner and date, cancel, show all; by keys on a real database."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App
from textual.widgets import DataTable, Input, Select

from ipterm.domain.models import ActionStatus
from ipterm.services import Services
from ipterm.tui.screens.tasks_screen import TaskEditForm, TasksScreen
from tests.tui_meeting.test_meeting_screen import screen_text, wait_for


class Host(App[None]):
    def __init__(self, services: Services, case_id: int | None) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id

    def on_mount(self) -> None:
        self.push_screen(TasksScreen(self.services, self.case_id))


async def test_tasks_are_done_moved_and_cancelled_by_keys(services: Services) -> None:
    case = services.create_case("Ola Nordmann")
    nora = services.add_member(case.id, "Nora Nilsen", "NAV-veileder", organisation="NAV").id
    kari = services.add_member(case.id, "Kari Lie", "Fastlege").id
    today = services.today()
    late = services.add_action_item(case.id, "Sende søknad", owner_member_id=nora, due_on=today - timedelta(days=3))
    soon = services.add_action_item(case.id, "Ringe skolen", owner_member_id=nora, due_on=today + timedelta(days=2))
    third = services.add_action_item(case.id, "Bestille tolk", due_on=today + timedelta(days=9))
    app = Host(services, case.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), "tasks screen")
        text = screen_text(app)
        assert "#o1" in text and "Sende søknad" in text and "3 d over" in text and "uavklart" in text
        await pilot.press("d")  # the first row (the overdue one) is done today
        await wait_for(pilot, lambda: services.tasks.get(late.id).status is ActionStatus.DONE, "done")
        assert services.tasks.get(late.id).done_on == today
        assert app.screen.query_one(DataTable).row_count == 2  # only open ones are listed

        await pilot.press("e")  # "Ringe skolen" is now first: move it to Kari, two weeks on
        await wait_for(pilot, lambda: isinstance(app.screen, TaskEditForm), "edit form")
        form = app.screen
        form.query_one("#f-owner", Select).value = kari
        due = form.query_one("#f-due_on", Input)
        due.value = "+2u"
        await pilot.pause()
        assert "tirsdag" in screen_text(app) or str((today + timedelta(weeks=2)).day) in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), "back in the list")
        moved = services.tasks.get(soon.id)
        assert (moved.owner_member_id, moved.due_on) == (kari, today + timedelta(weeks=2))

        await pilot.press("up", "x")  # the moved task kept the cursor; the other one is now first
        await wait_for(pilot, lambda: not isinstance(app.screen, TasksScreen), "asks before cancelling")
        assert services.tasks.get(third.id).status is ActionStatus.OPEN and "Avlyse oppgaven" in screen_text(app)
        await pilot.press("j")
        await wait_for(pilot, lambda: services.tasks.get(third.id).status is ActionStatus.CANCELLED, "cancelled")
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "utført" in text and "avlyst" in text and app.screen.query_one(DataTable).row_count == 3
    # every change is in the audit trail
    changes = [e for e in services.audit_trail(case.id) if e.entity == "action_item" and e.action == "update"]
    assert len(changes) >= 3
