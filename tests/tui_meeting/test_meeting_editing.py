"""Lines are corrected and deleted until the meeting closes (audited); Esc never drops a half-typed line;
meeting mode has its help with the line syntax and key ids."""

from __future__ import annotations

import dataclasses

from textual.widgets import DataTable

from ipterm.services import Services
from ipterm.tui.screens.confirm_dialog import ConfirmDialog
from ipterm.tui.screens.help_screen import HelpScreen
from ipterm.tui.screens.meeting_screen import MeetingScreen, MinutesInput
from tests.tui_meeting.test_fast_input import burst, meeting_id  # noqa: F401 - fixture used by name
from tests.tui_meeting.test_meeting_screen import Host, screen_text, wait_for


async def test_a_line_is_edited_in_place_and_deleted_after_asking(services: Services, meeting_id: int) -> None:  # noqa: F811
    app = Host(services, meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        burst(app, "o: Sende søknad @nora innen 15.1\rFeil linje\r")
        await wait_for(pilot, lambda: len(services.meetings.lines(meeting_id)) == 2, "two lines")
        burst(app, "halvskrevet")
        await pilot.press("f3", "up", "enter")  # the first line back into the input
        box = app.screen.query_one(MinutesInput)
        await wait_for(pilot, lambda: box.value == "o: Sende søknad @nora innen 15.1", "line in the input")
        await pilot.press("ctrl+u")
        burst(app, "o: Sende søknaden @nora innen 20.1\r")
        await wait_for(pilot, lambda: services.meetings.lines(meeting_id)[0].text.endswith("20.1"), "edited")
        assert [x.text for x in services.meetings.lines(meeting_id)] == [
            "o: Sende søknaden @nora innen 20.1",
            "Feil linje",
        ]
        await wait_for(pilot, lambda: box.value == "halvskrevet", "the half-typed line is back")
        assert "Sende søknaden" in screen_text(app)

        await pilot.press("f3", "down", "delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asks first")
        await pilot.press("j")
        await wait_for(pilot, lambda: len(services.meetings.lines(meeting_id)) == 1, "deleted")
        assert app.screen.query_one("#lines", DataTable).row_count == 1
    trail = [(e.entity, e.action) for e in services.store.audit_trail(services.meetings.get(meeting_id).case_id)]
    assert ("meeting_line", "update") in trail and ("meeting_line", "delete") in trail


async def test_esc_keeps_a_half_typed_line_as_the_draft(services: Services, meeting_id: int) -> None:  # noqa: F811
    app = Host(services, meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        burst(app, "o: Ringe skolen @no")
        await wait_for(pilot, lambda: app.screen.query_one(MinutesInput).value.endswith("@no"), "typed")
        first = app.screen
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not first, "left the meeting")
        assert services.meetings.lines(meeting_id) == []
        again = MeetingScreen(services, meeting_id)
        app.push_screen(again)
        await wait_for(pilot, lambda: app.screen is again and again.query(MinutesInput), "opened again")
        await wait_for(pilot, lambda: again.query_one(MinutesInput).value == "o: Ringe skolen @no", "the draft")


async def test_meeting_help_lists_keys_with_ids_and_the_line_syntax(services: Services, meeting_id: int) -> None:  # noqa: F811
    app = Host(services, meeting_id)
    async with app.run_test(size=(120, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        text = screen_text(app)
        for shown in ("meeting.attendance.present", "meeting.line.delete", "meeting.close", "delvis nådd",
                      "f: #o3 ferdig", "kl. 10"):  # fmt: skip
            assert shown in text, shown


async def test_tab_completes_open_tasks_and_an_incomplete_measure_is_asked_about(
    services: Services,
    meeting_id: int,  # noqa: F811
) -> None:
    from ipterm.domain.models import MeetingStatus
    from ipterm.tui.screens.meeting_close_screen import MeetingCloseScreen

    case_id = services.meetings.get(meeting_id).case_id
    services.add_action_item(case_id, "Søke om støttekontakt")
    goal = services.add_goal(case_id, "Jeg vil jobbe")
    assert goal.id
    app = Host(services, meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        box = app.screen.query_one(MinutesInput)
        burst(app, "f: #o")
        await wait_for(pilot, lambda: box.value == "f: #o", "typed")
        await pilot.press("tab")
        await wait_for(pilot, lambda: box.value == "f: #o1 ", "completed")
        burst(app, "ferdig\rt: Jobbtrening #1 @nora\r")
        await wait_for(pilot, lambda: len(services.meetings.lines(meeting_id)) == 2, "two lines")
        assert services.meetings.lines(meeting_id)[0].text == "f: #o1 ferdig"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingCloseScreen), "review")
        assert "mangler omfang: …, hvordan: …" in screen_text(app)
        await pilot.press("enter")  # asked first: nothing applied yet
        await pilot.pause(0.2)
        assert services.meetings.get(meeting_id).status is MeetingStatus.RUNNING
        await pilot.press("enter")  # the coordinator closes anyway
        await wait_for(pilot, lambda: services.meetings.get(meeting_id).status is MeetingStatus.CLOSED, "closed")


async def test_members_present_are_confirmed_unless_unticked_in_the_review(services: Services, meeting_id: int) -> None:  # noqa: F811
    from datetime import date

    from ipterm.domain.models import Attendance, MeetingStatus
    from ipterm.tui.screens.meeting_close_screen import MeetingCloseScreen

    case_id = services.meetings.get(meeting_id).case_id
    old = date(2026, 1, 5)
    members = services.members(case_id)
    for m in members:
        services.store.members.update(dataclasses.replace(services.store.members.get(m.id), last_confirmed=old))
        services.meetings.set_attendance(meeting_id, m.id, Attendance.PRESENT)
    first, second = sorted(members, key=lambda m: m.id)
    app = Host(services, meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingCloseScreen), "review")
        await pilot.press("tab")
        assert app.screen.focused is not None and app.screen.focused.id == "confirm-members", app.screen.focused
        await pilot.press("space")  # the first one present is unticked
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: services.meetings.get(meeting_id).status is MeetingStatus.CLOSED, "closed")
    confirmed = {m.id: m.last_confirmed for m in services.members(case_id)}
    assert confirmed == {first.id: old, second.id: services.today()}


async def test_tab_never_leaves_the_line_and_a_second_tab_offers_the_next_name(
    services: Services,
    meeting_id: int,  # noqa: F811
) -> None:
    case_id = services.meetings.get(meeting_id).case_id
    services.add_member(case_id, "Nils Nygård", "Lege", organisation="Legesenteret")
    app = Host(services, meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        box = app.screen.query_one(MinutesInput)
        burst(app, "o: Ringe @n")
        await wait_for(pilot, lambda: box.value == "o: Ringe @n", "typed")
        await pilot.press("tab")
        first = box.value
        await pilot.press("tab")  # the next one who fits, in place of the first
        second = box.value
        assert {first, second} == {"o: Ringe @Nora ", "o: Ringe @Nils "}, (first, second)
        await pilot.press("tab", "tab", "tab")  # and round again; still in the line
        assert app.screen.focused is box
        box.value = "b: Vi avtaler"
        box.cursor_position = len(box.value)
        await pilot.press("tab", "i", "x")  # nothing to complete: the letters stay text, no list key fires
        assert app.screen.focused is box and box.value == "b: Vi avtalerix"
        box.value = "o: Ringe @no innen fredag"
        box.cursor_position = len("o: Ringe @no")
        await pilot.press("tab")
        assert box.value == "o: Ringe @Nora innen fredag"  # one space before what follows, not two


async def test_the_review_lists_every_member_present_for_confirming_with_their_ticks(
    services: Services,
    meeting_id: int,  # noqa: F811
) -> None:
    from ipterm.domain.models import Attendance
    from ipterm.tui.screens.meeting_close_screen import MeetingCloseScreen
    from tests.tui.screen import screen_plain

    case_id = services.meetings.get(meeting_id).case_id
    for name in ("Tove Lunde", "Elin Strand", "Bjørn Dahl"):
        services.add_member(case_id, name, "Rådgiver", organisation="Kommunen")
    for m in services.members(case_id):
        services.meetings.set_attendance(meeting_id, m.id, Attendance.PRESENT)
    app = Host(services, meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingCloseScreen), "review")
        await pilot.press("tab", "space")  # the first one unticked: its box is empty, the others keep X
        await pilot.pause()
        rows = [line for line in screen_plain(app).splitlines() if "▐" in line]
        assert len(rows) == 5, rows  # all five present, not the first two
        assert sum("▐X▌" in r for r in rows) == 4 and sum("▐ ▌" in r for r in rows) == 1, rows


async def test_the_preview_says_at_once_when_a_follow_up_names_no_open_task(
    services: Services,
    meeting_id: int,  # noqa: F811
) -> None:
    case_id = services.meetings.get(meeting_id).case_id
    services.add_action_item(case_id, "Søke om støttekontakt")
    app = Host(services, meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        burst(app, "f: #o12 ferdig")

        def preview() -> str:  # the preview wraps at 100 columns: read it as one text
            return " ".join(screen_text(app).replace("▎", " ").split())

        await wait_for(pilot, lambda: "#o12 er ikke en åpen oppgave" in preview(), "warned while typing")
        box = app.screen.query_one(MinutesInput)
        box.value = "f: #o1 ferdig"
        await pilot.pause()
        assert "er ikke en åpen oppgave" not in preview()


async def test_a_task_without_a_deadline_is_flagged_and_the_summary_survives_esc(
    services: Services,
    meeting_id: int,  # noqa: F811
) -> None:
    """`o: … @nora fra 1.1`: the words «fra 1.1» vanished and the review showed no ⚠ for the missing
    deadline; Esc to fix it and Ctrl+S again emptied the summary already typed."""
    from ipterm.tui.screens.meeting_close_screen import MeetingCloseScreen
    from ipterm.tui.widgets.field_input import FieldInput

    app = Host(services, meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        burst(app, "o: Søke om støttekontakt @nora fra 1.1\r")
        await wait_for(pilot, lambda: len(services.meetings.lines(meeting_id)) == 1, "stored")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingCloseScreen), "review")
        text = screen_text(app)
        assert "Søke om støttekontakt fra 1.1" in text and "ingen frist" in text
        burst(app, "Vi ble enige om støttekontakt")
        summary = app.screen.query_one("#close-summary-input", FieldInput)
        await wait_for(pilot, lambda: summary.value == "Vi ble enige om støttekontakt", "summary typed")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "back to fix the line")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingCloseScreen), "review again")
        again = app.screen.query_one("#close-summary-input", FieldInput)
        assert again.value == "Vi ble enige om støttekontakt"
