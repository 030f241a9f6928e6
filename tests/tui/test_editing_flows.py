"""Editing by keys on a real encrypted database: a new case with its group, a goal, two measures and a
consent, then edits, a cancelled edit and the language switch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, SelectionList

from ipterm.config import Settings
from ipterm.domain.dates import add_months
from ipterm.domain.national_id import synthetic_id
from ipterm.i18n import set_language
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_forms import CaseForm, ConsentForm, MemberForm
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.confirm_dialog import ConfirmDialog
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.plan_forms import GoalForm, MeasureForm

from ..conftest import TODAY
from .test_app_flows import screen_text, wait_for

FNR = synthetic_id(date(2009, 3, 14))


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


@pytest.fixture
def app(services: Services, tmp_path: Path) -> IptermApp:
    return IptermApp(services, Settings(path=tmp_path / "config.toml"))


async def test_new_case_with_group_goal_measures_and_consent_then_edit(app: IptermApp, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseForm), "case form")
        await pilot.press(*"Mari Fjell", "enter", *"150309")
        await pilot.pause()
        assert "6 av 11 sifre" in screen_text(app)  # still typing: no error yet
        await pilot.press(*"12345")
        await pilot.pause()
        assert "Kontrollsifrene i fødselsnummeret stemmer ikke" in screen_text(app)
        app.screen.query_one("#f-national_id", Input).value = ""
        await pilot.press(*FNR)
        await pilot.pause()
        assert "Gyldig fødselsnummer, født lørdag 14.3.2009 (syntetisk testnummer)" in screen_text(app)
        await pilot.press("enter", *"Kari Koordinator", "enter", *"i dag", "enter", *"1.1.2026", "enter")
        await pilot.pause()
        assert "Til-dato kan ikke være før fra-dato" in screen_text(app)  # the period runs backwards
        await pilot.press("shift+tab", *["backspace"] * 8, *"1.12.2027", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "the new case")
        await wait_for(pilot, lambda: "Mari Fjell" in screen_text(app), "the name in the title")

        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, MemberForm), "member form")
        await pilot.press(*"Ola Lærer", "enter", *"Kontaktlærer", "tab", "tab", *"Fjell skole")
        await pilot.press("tab", "tab", "tab", "tab", "space", "ctrl+s")  # decision authority on
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "back from member form")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, MemberForm), "member form again")
        await pilot.press(*"Sara Helse", "enter", *"Helsesykepleier", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "two members")
        assert "Koordinatorer rundt personen" in screen_text(app)
        around = app.screen.query_one("#around-table", DataTable)
        assert [str(around.get_row_at(i)[0]) for i in range(around.row_count)] == ["Ola Lærer"]

        await pilot.press("1", "g")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "goal form")
        await pilot.press(*"Jeg vil gå på skolen hver dag", "tab", "tab", "tab", *"+3m", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "goal saved")

        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "measure form")
        await pilot.press(*"Skoleskyss", "enter", *"hver skoledag", "enter", *"taxi", "enter")
        await pilot.press("space", "down", "enter")  # goal: Space opens, the only one; picking it goes on
        await pilot.press("space", "down", "enter")  # responsible: Ola
        await pilot.press(*"i dag", "tab", *"+1å", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "first measure")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "second measure form")
        await pilot.press(*"Samtaler med helsesykepleier", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "second measure")
        assert "UAVKLART" in screen_text(app)  # no one responsible yet, and the plan says so

        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentForm), "consent form")
        app.screen.query_one("#f-recipients", SelectionList).focus()
        await pilot.press("space", "enter")  # the first recipient: Ola; Enter goes on to the parts
        await pilot.press("space", "enter", "space")  # the plan, and the first kind (nothing starts ticked)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "consent saved")

        await pilot.press("1")
        plan = app.screen.query_one("#plan-table", DataTable)
        plan.move_cursor(row=plan.get_row_index(f"m{_measure(services, 'Skoleskyss').id}"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "edit form")
        assert app.screen.query_one("#f-scope", Input).value == "hver skoledag"
        app.screen.query_one("#f-scope", Input).focus()
        await pilot.press("end", *" og ved behov", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asked before discarding")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "still in the form")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "edit saved")

        plan.move_cursor(row=plan.get_row_index(f"m{_measure(services, 'Samtaler med helsesykepleier').id}"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "second edit form")
        app.screen.query_one("#f-what", Input).focus()
        await pilot.press(*"!!", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asked again")
        await pilot.press("j")  # discard
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "discarded")

    case = next(c for c in services.list_cases() if c.person_name == "Mari Fjell")
    assert case.national_id == FNR and case.coordinator == "Kari Koordinator"
    assert case.plan_start == TODAY and case.plan_end == date(2027, 12, 1)
    cf = services.case_file(case.id)
    ola = next(m for m in cf.members if m.name == "Ola Lærer")
    assert ola.role == "Kontaktlærer" and ola.organisation == "Fjell skole" and ola.has_decision_authority
    assert {m.name for m in cf.members} == {"Ola Lærer", "Sara Helse"}
    [goal] = cf.goals
    assert goal.text == "Jeg vil gå på skolen hver dag" and goal.evaluate_by == add_months(TODAY, 3)
    transport = _measure(services, "Skoleskyss")
    assert transport.scope == "hver skoledag og ved behov" and transport.how == "taxi"
    assert transport.goal_ids == (goal.id,) and transport.responsible_member_id == ola.id
    assert transport.from_date == TODAY and transport.to_date == add_months(TODAY, 12)
    talks = _measure(services, "Samtaler med helsesykepleier")
    assert talks.responsible_member_id is None and talks.what == "Samtaler med helsesykepleier"
    [consent] = cf.consents
    assert consent.given_on == TODAY and consent.recipient_member_ids == (ola.id,)
    changes = [e for e in services.audit_trail(case.id) if e.entity == "measure" and e.action == "update"]
    assert any("scope" in e.changes for e in changes)


def _measure(services: Services, what: str):
    return next(m for m in services.store.measures.where() if m.what == what)


async def test_footer_and_forms_follow_the_language(app: IptermApp, services: Services) -> None:
    services.create_case("Per Vangen", coordinator="Kari")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        assert "Ny sak" in screen_text(app)
        app.set_language("en")
        await wait_for(pilot, lambda: "New case" in screen_text(app), "the footer in English")
        assert "Ny sak" not in screen_text(app) and "Today / This week" in screen_text(app)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseForm), "case form")
        await pilot.press(*"Test Person", "enter", *"31.02.2026")
        await pilot.pause()
        text = screen_text(app)
        assert "New case" in text and "Plan from" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "discard question")
        assert "Discard what you have typed?" in screen_text(app)


async def test_keys_remapped_in_the_config(services: Services, tmp_path: Path) -> None:
    case = services.create_case("Per Vangen", coordinator="Kari")
    services.add_goal(case.id, "Jeg vil bo hjemme")
    keymap = {"case.measure.new": "ctrl+t", "no.such.key": "f9"}
    app = IptermApp(services, Settings(path=tmp_path / "config.toml", keymap=keymap))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: "Ukjent tast-id i [keymap]: no.such.key" in screen_text(app), "the warning")
        await pilot.press("s", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("t")  # the old key does nothing now
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("f1")
        await wait_for(pilot, lambda: "Ctrl+T" in screen_text(app) and "Nytt tiltak" in screen_text(app), "help")
        await pilot.press("escape", "ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "measure form by the new key")
