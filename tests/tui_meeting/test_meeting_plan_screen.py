"""Planning a meeting by keys: date, place, invitees with the balance warning, agenda reordering."""

from __future__ import annotations

from datetime import datetime

from textual.app import App
from textual.widgets import Static

from ipterm.domain.models import MemberKind
from ipterm.services import Services
from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen

from .test_meeting_screen import wait_for


class Host(App[None]):
    def __init__(self, services: Services, case_id: int) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self.result: int | None = None

    def on_mount(self) -> None:
        self.push_screen(MeetingPlanScreen(self.services, self.case_id), self._done)

    def _done(self, meeting_id: int | None) -> None:
        self.result = meeting_id


async def test_plan_a_meeting_by_keys(services: Services) -> None:
    c = services.create_case("Lise Lund")
    lise = services.add_member(c.id, "Lise Lund", "Planeier", kind=MemberKind.PERSON)
    for name, role in [("A Nav", "NAV-veileder"), ("B Lege", "Fastlege"), ("C DPS", "Terapeut"), ("D Bolig", "Bolig")]:
        services.add_member(c.id, name, role)
    services.add_goal(c.id, "Egen leilighet")
    app = Host(services, c.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "plan screen")
        await pilot.press(*"31.2", "tab")
        assert "er ikke en dato" in str(app.screen.query_one("#plan-message", Static).render())
        await pilot.press("shift+tab", *["backspace"] * 4, *"+3d")
        await pilot.press("tab", *"13:30", "tab", *"Teams")
        await pilot.press("tab", "tab")  # past the template chooser to the invitee list
        await pilot.press("space")  # untick Lise: the person herself is no longer invited
        message = str(app.screen.query_one("#plan-message", Static).render())
        assert "ikke innkalt" in message
        await pilot.press("space")
        await pilot.press("tab")  # to the agenda; move the first point down
        await pilot.press("alt+down", "ctrl+s")
        await wait_for(pilot, lambda: app.result is not None, "meeting saved")
    meeting = services.store.meetings.get(app.result)
    assert meeting.starts_at == datetime(2026, 11, 25, 13, 30)
    assert meeting.place == "Teams"
    assert meeting.agenda[1] == "Hva vil Lise ta opp?" and meeting.agenda[0] == "Beslutninger som skal tas i dag"
    assert "Mål 1 «Egen leilighet»: hva har skjedd, hva mener Lise, og hva gjør vi videre?" in meeting.agenda
    assert len(services.store.participants(meeting.id)) == 5
    assert lise.id in services.store.attendance(meeting.id)


async def test_enter_goes_to_the_next_field_and_esc_asks_before_dropping_what_is_typed(services: Services) -> None:
    from textual.widgets import Input

    from ipterm.tui.screens.confirm_dialog import ConfirmDialog

    c = services.create_case("Lise Lund")
    services.add_member(c.id, "A Nav", "NAV-veileder")
    app = Host(services, c.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "plan screen")
        plan = app.screen
        await pilot.press(*"+1u", "enter", *"10:00", "enter", *"Teams")
        assert [plan.query_one(f"#{n}", Input).value for n in ("date", "time", "place")] == ["+1u", "10:00", "Teams"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asks first")
        await pilot.press("escape")  # no: back to the planner with everything still there
        await wait_for(pilot, lambda: app.screen is plan, "back in the planner")
        assert plan.query_one("#place", Input).value == "Teams"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.result is not None, "saved")
    assert services.meetings.get(app.result).place == "Teams"
