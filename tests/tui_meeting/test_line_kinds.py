"""A line's kind of information, set by one key in meeting mode, follows what the line becomes at the close,
so the school's extract of the minutes leaves out a health matter that NAV is responsible for."""

from __future__ import annotations

from datetime import date, datetime

from textual.widgets import DataTable

from ipterm.domain.models import ConsentMethod, ConsentSection, InfoKind, MemberKind
from ipterm.services import Services
from ipterm.tui.screens.consent_screen import KindDialog
from ipterm.tui.screens.meeting_screen import MeetingScreen
from tests.export.pdf_tools import flat_text
from tests.tui_meeting.test_fast_input import burst
from tests.tui_meeting.test_meeting_screen import Host, screen_text, wait_for


async def test_i_on_a_line_gives_it_a_kind_that_its_task_keeps_and_extracts_respect(services: Services) -> None:
    case = services.create_case("Ola Nordmann", coordinator="Kari Koordinator")
    services.add_member(case.id, "Ola Nordmann", "Planeier", kind=MemberKind.PERSON)
    nora = services.add_member(case.id, "Nora Nilsen", "NAV-veileder", organisation="NAV")
    school = services.add_member(case.id, "Siri Skog", "Kontaktlærer", organisation="Bakkely skole")
    assert nora.sector is InfoKind.NAV
    services.add_consent(
        case.id, given_on=date(2026, 11, 1), method=ConsentMethod.WRITTEN, recipient_member_ids=[school.id],
        sections=[ConsentSection.PLAN, ConsentSection.MEETINGS], kinds=(InfoKind.SCHOOL, InfoKind.NAV),
    )  # fmt: skip
    meeting = services.meetings.plan_meeting(case.id, datetime(2026, 11, 22, 10))
    services.meetings.start(meeting.id)

    app = Host(services, meeting.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        burst(app, "o: Bestille time hos psykolog @nora innen 15.1\ro: Sende skjema om arbeidstrening @nora +2u\r")
        await wait_for(pilot, lambda: len(services.meetings.lines(meeting.id)) == 2, "two lines")
        await pilot.press("f3", "up", "i")
        await wait_for(pilot, lambda: isinstance(app.screen, KindDialog), "the kind dialog")
        assert "Bestille time hos psykolog" in screen_text(app)
        await pilot.press("1")  # helse og behandling
        await wait_for(pilot, lambda: services.meetings.lines(meeting.id)[0].info_kind is InfoKind.HEALTH, "saved")
        await pilot.pause()
        assert "[helse og behandling]" in screen_text(app), screen_text(app)[-3000:]
        lines = app.screen.query_one("#lines", DataTable)
        assert lines.row_count == 2
        assert services.meetings.lines(meeting.id)[1].info_kind is None

    services.meetings.close(meeting.id)
    tasks = {a.text: a.info_kind for a in services.case_file(case.id).action_items}
    assert tasks == {"Bestille time hos psykolog": InfoKind.HEALTH, "Sende skjema om arbeidstrening": None}

    whole = flat_text(services.exports.export(case.id, "minutes", meeting_id=meeting.id).rendered.content)
    for_school = services.exports.export(case.id, "minutes", meeting_id=meeting.id, recipient_member_id=school.id)
    extract = flat_text(for_school.rendered.content)
    assert "Bestille time hos psykolog" in whole and "Sende skjema om arbeidstrening" in whole
    assert "Sende skjema om arbeidstrening" in extract
    assert "psykolog" not in extract
