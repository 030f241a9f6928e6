"""Date fields in forms look the way the field looks, and say the full date with its weekday."""

from __future__ import annotations

from datetime import date

from textual.app import App
from textual.widgets import Input, Static

from ipterm.services import FixedClock, Services
from ipterm.tui.screens.case_forms import ConsentForm
from ipterm.tui.screens.plan_forms import GoalForm
from tests.tui_meeting.test_meeting_screen import wait_for


class Host(App[None]):
    def __init__(self, services: Services, form) -> None:
        super().__init__()
        self.services = services
        self.form = form

    def on_mount(self) -> None:
        self.push_screen(self.form)


async def _hint_after_typing(form, field: str, text: str, pilot) -> str:
    box = form.query_one(f"#f-{field}", Input)
    box.value = text
    await pilot.pause()
    await pilot.pause()
    return str(form.query_one(f"#hint-{field}", Static).render())


async def test_a_forward_date_field_on_1_december(services: Services) -> None:
    services.clock = FixedClock(date(2026, 12, 1))
    case = services.create_case("Ola Nordmann")
    form = GoalForm(services, case.id)
    app = Host(services, form)
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen is form, "goal form")
        assert await _hint_after_typing(form, "evaluate_by", "1.3", pilot) == "mandag 1.3.2027"
        assert await _hint_after_typing(form, "evaluate_by", "15.1", pilot) == "fredag 15.1.2027"
        flagged = await _hint_after_typing(form, "evaluate_by", "1.3.2026", pilot)
        assert "søndag 1.3.2026" in flagged and "passert" in flagged


async def test_a_consent_given_date_looks_back(services: Services) -> None:
    services.clock = FixedClock(date(2027, 1, 5))
    case = services.create_case("Ola Nordmann")
    form = ConsentForm(services, case.id)
    app = Host(services, form)
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen is form, "consent form")
        assert await _hint_after_typing(form, "given_on", "20.12", pilot) == "søndag 20.12.2026"
        expiry = await _hint_after_typing(form, "expires_on", "20.12", pilot)
        assert expiry == "mandag 20.12.2027"
