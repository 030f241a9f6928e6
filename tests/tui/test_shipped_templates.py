"""A coordinator plans the first meeting of a new case from the shipped «Oppstartsmøte», by keyboard only:
the template invites the group by role, names the role nobody in the group has, puts the coordinator down
as minutes writer and gives the agenda (consent, coordinator, kartlegging). Changed, it is kept as the
case's own template."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Select, SelectionList, Static

from ipterm.config import Settings
from ipterm.domain.models import MemberKind
from ipterm.i18n import set_language
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen

from ..conftest import TODAY
from .test_app_flows import wait_for
from .test_keys import open_case


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


def new_case(services: Services) -> dict[str, int]:
    c = services.create_case("Mina Berg", coordinator="Kari Koordinator")
    ids = {"case": c.id}
    ids["mina"] = services.add_member(c.id, "Mina Berg", "Planeier", kind=MemberKind.PERSON).id
    ids["kari"] = services.add_member(c.id, "Kari Koordinator", "Koordinator", organisation="Helse og mestring",
                                      is_coordinator=True).id  # fmt: skip
    ids["nav"] = services.add_member(c.id, "Nils Nav", "NAV-veileder", organisation="NAV Fjordvik").id
    ids["gp"] = services.add_member(c.id, "Grete Lege", "Fastlege", organisation="Fjordvik legesenter").id
    ids["gone"] = services.add_member(c.id, "Ole Borte", "Miljøarbeider", organisation="Bolig").id
    services.remove_member(ids["gone"])  # no longer in the group: never invited
    return ids


async def choose_template(pilot, name: str) -> None:
    """From the place field: Tab to the template chooser, open it, go down to `name`, Enter."""
    screen = pilot.app.screen
    await pilot.press("tab")
    chooser = screen.query_one("#template", Select)
    assert screen.focused is chooser
    await pilot.press("enter")
    await pilot.pause()
    labels = [str(prompt) for prompt, _value in chooser._options]  # the blank prompt first
    await pilot.press(*["down"] * next(n for n, label in enumerate(labels) if label.startswith(name)), "enter")
    await pilot.pause()


async def test_first_meeting_from_the_shipped_oppstartsmote(services: Services, tmp_path: Path) -> None:
    ids = new_case(services)
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(pilot, app)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "planner")
        await pilot.press(*"+7d", "tab", *"09:30", "tab", *"Helse og mestring, møterom 1")
        await choose_template(pilot, "Oppstartsmøte (følger med)")
        planner = app.screen
        note = str(planner.query_one("#template-note", Static).render())
        # nobody in this group is a relative: said in words, with what to do
        assert "Ingen i gruppen har rollen: Pårørende / foresatte. Legg dem til i fanen Gruppe" in note
        assert planner.query_one("#writer", Input).value == "Kari Koordinator"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, MeetingPlanScreen), "meeting saved")
    (meeting,) = services.case_file(ids["case"]).meetings
    assert meeting.starts_at == datetime.combine(TODAY + timedelta(days=7), datetime.min.time()).replace(
        hour=9, minute=30
    )
    assert meeting.place == "Helse og mestring, møterom 1"
    assert meeting.minutes_writer == "Kari Koordinator"
    assert meeting.agenda[:4] == (
        "Velkommen: hvem er med, og hva gjør hver tjeneste?",
        "Samtykke: til at planen lages, og hvem som får hvilke opplysninger",
        "Koordinator: personens ønske, og hvem som blir koordinator",
        "Kartlegging: personens mål, ressurser og behov for tjenester",
    )
    invited = set(services.store.attendance(meeting.id))
    assert invited == {ids["mina"], ids["kari"], ids["nav"], ids["gp"]}


async def test_a_changed_shipped_template_is_kept_as_the_cases_own(services: Services, tmp_path: Path) -> None:
    ids = new_case(services)
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, app)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "planner")
        await pilot.press("tab", "tab")  # to the place field
        await choose_template(pilot, "Samarbeidsmøte før utskriving (følger med)")
        note = str(app.screen.query_one("#template-note", Static).render())
        assert "Sykehuset, Hjemmetjenesten" in note  # the two roles this group has nobody for
        chooser = app.screen.query_one("#invitees", SelectionList)
        assert set(chooser.selected) == {ids["mina"], ids["kari"], ids["gp"]}
        await pilot.press("tab", "space")  # untick the invitee under the cursor: the changed copy
        kept = set(chooser.selected)
        assert len(kept) == 2
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    own = [t for t in services.meetings.templates(ids["case"]) if t.case_id == ids["case"]]
    assert [t.name for t in own] == ["Samarbeidsmøte før utskriving (egen)"]
    assert own[0].minutes_writer == "Kari Koordinator"
    assert own[0].agenda_sections[0] == "Status fra sykehuset og planlagt utskrivingsdato"
    assert "{plan}" in own[0].agenda_sections  # the plan's points are made anew for each meeting
    assert set(own[0].invitee_member_ids) == kept
