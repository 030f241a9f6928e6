"""Minutes typed at any speed: each Enter stores exactly the text before it, pastes become lines in order.

Keys are handed to the driver in one burst, with no pause for the app to catch up, as a fast typist or
a terminal delivering an unbracketed paste does."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual import events
from textual.app import App

from ipterm.domain.models import MemberKind
from ipterm.services import Services
from ipterm.tui.screens.meeting_screen import MeetingScreen, MinutesInput
from tests.tui_meeting.test_meeting_screen import Host, wait_for


@pytest.fixture
def meeting_id(services: Services) -> int:
    c = services.create_case("Ola Nordmann", coordinator="Kari Koordinator")
    services.add_member(c.id, "Ola Nordmann", "Planeier", kind=MemberKind.PERSON)
    services.add_member(c.id, "Nora Nilsen", "NAV-veileder", organisation="NAV")
    return services.meetings.plan_meeting(c.id, datetime(2026, 11, 22, 10)).id


def burst(app: App, text: str) -> None:
    """Every character as a key event, all at once; \\r is Enter and \\n is Ctrl+J, as a terminal sends them."""
    for ch in text:
        if ch == "\r":
            key, char = "enter", "\r"
        elif ch == "\n":
            key, char = "ctrl+j", "\n"
        elif ch == " ":
            key, char = "space", " "
        else:
            key, char = (ch if ch.isalnum() else events.Key(ch, ch).key), ch
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


def paste(app: App, text: str) -> None:
    event = events.Paste(text)
    event.set_sender(app)
    app._driver.send_message(event)


async def stored_after(pilot, services: Services, meeting_id: int, count: int) -> list[str]:
    await wait_for(pilot, lambda: len(services.meetings.lines(meeting_id)) >= count, f"{count} lines")
    await pilot.pause(0.1)
    return [line.text for line in services.meetings.lines(meeting_id)]


async def test_an_unbracketed_paste_of_lines_with_cr_becomes_one_line_each(services: Services, meeting_id: int) -> None:
    app = Host(services, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        burst(app, "L1\rL2\rL3\rL4\rL5\rL6\r")
        assert await stored_after(pilot, services, meeting_id, 6) == ["L1", "L2", "L3", "L4", "L5", "L6"]
        assert app.screen.query_one(MinutesInput).value == ""
        assert app.screen.query_one("#lines").row_count == 6


async def test_lines_typed_in_one_burst_with_newlines_keep_their_kinds(services: Services, meeting_id: int) -> None:
    app = Host(services, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        burst(app, "o: Sende søknad @nora innen 15.1\nb: Ola prøver halv stilling\nsiste linje")
        lines = await stored_after(pilot, services, meeting_id, 2)
        assert lines == ["o: Sende søknad @nora innen 15.1", "b: Ola prøver halv stilling"]
        # what was typed after the last Enter is still in the field, not lost and not stored
        await wait_for(pilot, lambda: app.screen.query_one(MinutesInput).value == "siste linje", "rest in field")


async def test_a_bracketed_paste_of_many_lines_becomes_one_line_each_in_order(
    services: Services, meeting_id: int
) -> None:
    app = Host(services, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        burst(app, "Først: ")
        paste(app, "A1\r\nA2\nA3\rA4\n")
        burst(app, "etter\r")
        lines = await stored_after(pilot, services, meeting_id, 5)
        assert lines == ["Først: A1", "A2", "A3", "A4", "etter"]
        paste(app, "B1\nB2")  # no newline at the end: the unfinished line waits in the field
        await stored_after(pilot, services, meeting_id, 6)
        assert app.screen.query_one(MinutesInput).value == "B2"
        assert [line.text for line in services.meetings.lines(meeting_id)][-1] == "B1"
        paste(app, " og C")  # a one-line paste is ordinary typing
        await wait_for(pilot, lambda: app.screen.query_one(MinutesInput).value == "B2 og C", "one-line paste")


async def test_a_line_with_o_and_b_typed_fast_gives_one_action_and_one_decision(
    services: Services, meeting_id: int
) -> None:
    app = Host(services, meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        paste(app, "o: Ringe skolen @nora fredag\nb: Ola begynner på lageret\n")
        await stored_after(pilot, services, meeting_id, 2)
        plan = services.meetings.preview_close(meeting_id).plan
        assert [a.text for a in plan.actions] == ["Ringe skolen"]
        assert [d.text for d in plan.decisions] == ["Ola begynner på lageret"]
