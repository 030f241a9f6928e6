"""The summons, as a coordinator makes it: plan the meeting with a video link and what Jonas wants to bring
up, record that the psychologist sends apologies with written input, save the summons from the export
dialog, send the school its extract; then hold the meeting (Jonas adds a point with `p:`) and read the
minutes. Real SQLCipher database, real Typst, the PDFs read back with pypdf."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from ipterm.config import Settings
from ipterm.domain.errors import ValidationError
from ipterm.domain.models import Attendance, ConsentMethod, ConsentSection, InfoKind, MeetingStatus, MemberKind
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.confirm_dialog import ConfirmDialog
from ipterm.tui.screens.export_dialog import ExportDialog
from ipterm.tui.screens.meeting_close_screen import MeetingCloseScreen
from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen, SummonsForm
from ipterm.tui.screens.meeting_screen import MeetingScreen
from tests.conftest import TEST_KEY
from tests.export.pdf_tools import flat_text
from tests.tui.test_app_flows import wait_for
from tests.tui_meeting.test_fast_input import burst

TODAY = date(2026, 12, 1)
LINK = "https://meet.example.no/ag-jonas-42"


def make_case(services: Services) -> tuple[int, dict[str, int]]:
    case = services.create_case("Jonas Berg", coordinator="Marit Sandvik", meeting_cadence_days=90)
    cid = case.id
    ids = {
        "jonas": services.add_member(cid, "Jonas Berg", "Planeier", kind=MemberKind.PERSON).id,
        "marit": services.add_member(
            cid, "Marit Sandvik", "Koordinator", organisation="Psykisk helse og rus", phone="412 55 801",
            is_coordinator=True,
        ).id,
        "laerer": services.add_member(cid, "Anette Kleppe", "Kontaktlærer", organisation="Bakkely skole").id,
        "psykolog": services.add_member(cid, "Hanne Vik", "Psykolog", organisation="Åsen DPS").id,
    }  # fmt: skip
    services.add_goal(cid, "Jeg vil fullføre skoleåret", evaluate_by=TODAY + timedelta(days=60))
    # The school may see school matters, the group and the meetings; not health, not the DPS.
    services.add_consent(
        cid, given_on=TODAY - timedelta(days=10), method=ConsentMethod.WRITTEN, recipient_member_ids=[ids["laerer"]],
        sections=[ConsentSection.PLAN, ConsentSection.GOALS, ConsentSection.GROUP, ConsentSection.MEETINGS],
        kinds=[InfoKind.SCHOOL], own_measures_only=True, expires_on=TODAY + timedelta(days=300),
    )  # fmt: skip
    return cid, ids


async def type_into(pilot, app: IptermApp, selector: str, text: str) -> None:
    app.screen.query_one(selector).focus()
    await pilot.pause()
    burst(app, text)
    await pilot.pause()


async def test_a_summons_from_planning_to_minutes(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data" / "ipterm.db", key=TEST_KEY, create=True)
    services = Services(store, FixedClock(TODAY, time(9, 0)))
    cid, ids = make_case(services)
    out = tmp_path / "ut"
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(CaseScreen(services, cid))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "planner")
        await pilot.press(*"+3d", "tab", *"10:00", "tab")
        await type_into(pilot, app, "#place", "Bakkely skole, møterommet")
        await type_into(pilot, app, "#video-link", LINK)
        await type_into(pilot, app, "#person-points", "Jeg vil snakke om eksamen; Kan jeg slippe gym?")
        await type_into(pilot, app, "#decisions-needed", "Skal Jonas ha eksamen muntlig?")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "meeting saved")
        meeting = next(m for m in services.case_file(cid).meetings if m.status is MeetingStatus.PLANNED)
        assert meeting.video_link == LINK
        assert meeting.person_points == ("Jeg vil snakke om eksamen", "Kan jeg slippe gym?")
        assert meeting.decisions_needed == ("Skal Jonas ha eksamen muntlig?",)

        # I on the planned meeting: the psychologist cannot come and sends a few lines instead.
        table = app.screen.query_one("#meeting-table", DataTable)
        await wait_for(pilot, lambda: app.screen.focused is table, "meetings tab with the new meeting")
        await pilot.press("I")
        await wait_for(pilot, lambda: isinstance(app.screen, SummonsForm), "summons form")
        await type_into(pilot, app, f"#f-input_{ids['psykolog']}", "Jonas møter jevnt til samtaler.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "form saved")
        written = {p.member_id: p.written_input for p in services.meetings.participants(meeting.id)}
        assert written[ids["psykolog"]] == "Jonas møter jevnt til samtaler."

        # The summons from the export dialog, into a folder.
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog), "export dialog")
        dialog = app.screen
        index = next(n for n, c in enumerate(dialog.choices) if c.kind == "summons")
        kinds = dialog.query_one("#export-kinds", OptionList)
        kinds.focus()
        await pilot.press("home", *["down"] * index)
        assert kinds.highlighted == index
        assert "Jonas' egne punkter først" in " ".join(str(dialog.query_one("#export-contents").render()).split())
        await pilot.press("enter", "end", "ctrl+u", *f"{out}/", "enter")
        await wait_for(pilot, lambda: out.is_dir() and any(out.glob("*summons*.pdf")), "the summons on disk")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "back in the case")

        summons = flat_text(next(out.glob("*summons*.pdf")).read_bytes())
        assert "Innkalling til ansvarsgruppemøte".upper() in summons.upper()
        assert "fredag 4. desember 2026 kl. 10.00" in summons and "Bakkely skole, møterommet" in summons
        assert LINK in summons
        for who in ("Jonas Berg", "Anette Kleppe", "Kontaktlærer", "Hanne Vik", "Åsen DPS", "Marit Sandvik"):
            assert who in summons
        agenda = summons.split("Saksliste", 1)[1]
        # The person's own points first, then what must be decided, then the goal in plain words.
        assert (
            agenda.index("Jonas vil ta opp: Jeg vil snakke om eksamen")
            < agenda.index("Beslutninger som skal tas i dag: Skal Jonas ha eksamen muntlig?")
            < agenda.index("Mål 1 «Jeg vil fullføre skoleåret»: hva har skjedd, hva mener Jonas")
        )
        assert "Hva vil du ta opp?" in summons and "412 55 801" in summons
        assert "har meldt forfall" in summons
        assert "#" not in agenda

        # The school's extract: the DPS psychologist and her service are not named, nor the free text.
        school = flat_text(services.exports.export(cid, "summons", recipient_member_id=ids["laerer"]).rendered.content)
        assert "Anette Kleppe" in school and "Jonas Berg" in school and LINK in school
        assert "Hanne Vik" not in school and "DPS" not in school and "Psykolog" not in school
        assert "eksamen" not in school and "samtaler" not in school  # untagged points go only to a full consent
        assert "ikke med i dette utdraget" in school

        # The meeting is held: Enter opens it (on another day, so it asks), Jonas adds a point with p:.
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog | MeetingScreen), "opening")
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting mode")
        side = str(app.screen.query_one("#agenda", Static).render())
        assert "Jonas vil ta opp: Jeg vil snakke om eksamen" in side
        assert "Skriftlige innspill" in side and "Jonas møter jevnt til samtaler." in side
        assert "#1" in side  # meeting mode shows the number its lines take, beside the goal point
        burst(app, "p: Jeg vil ha hjelp med leksene\r")
        await wait_for(pilot, lambda: len(services.meetings.lines(meeting.id)) == 1, "line stored")
        assert app.screen.query_one("#line-input", Input).value == ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingCloseScreen), "close review")
        burst(app, "Kort møte\r")
        await wait_for(pilot, lambda: services.meetings.get(meeting.id).status is MeetingStatus.CLOSED, "closed")

    held = services.meetings.get(meeting.id)
    assert held.person_points[-1] == "Jeg vil ha hjelp med leksene"
    assert services.meetings.attendance(meeting.id)[ids["psykolog"]] is Attendance.APOLOGIES
    minutes = flat_text(services.exports.export(cid, "minutes", meeting_id=meeting.id).rendered.content)
    assert "Skriftlige innspill fra dem som hadde forfall" in minutes and "Jonas møter jevnt til samtaler." in minutes
    assert minutes.index("Jonas vil ta opp: Jeg vil ha hjelp med leksene") < minutes.index("Beslutninger som skal")
    # A held meeting gets no summons; the refusal points to the minutes.
    with pytest.raises(ValidationError, match="--kind minutes"):
        services.exports.export(cid, "summons", meeting_id=meeting.id)
    store.close()
