"""Meeting mode driven by keys at 80x24 on a real encrypted database."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

import pytest
from textual.app import App
from textual.widgets import DataTable, Static

from ipterm.domain.models import Attendance, MeetingStatus, MemberKind
from ipterm.services import Services
from ipterm.tui.screens.meeting_screen import MeetingScreen, MinutesInput


class Host(App[None]):
    def __init__(self, services: Services, meeting_id: int) -> None:
        super().__init__()
        self.services = services
        self.meeting_id = meeting_id

    def on_mount(self) -> None:
        self.push_screen(MeetingScreen(self.services, self.meeting_id))


@pytest.fixture
def meeting(services: Services) -> dict[str, int]:
    c = services.create_case("Ola Nordmann", coordinator="Kari Koordinator")
    ids = {"case": c.id}
    ids["ola"] = services.add_member(c.id, "Ola Nordmann", "Planeier", kind=MemberKind.PERSON).id
    ids["nav"] = services.add_member(c.id, "Nora Nilsen", "NAV-veileder", organisation="NAV").id
    ids["lege"] = services.add_member(c.id, "Kari Lie", "Fastlege", organisation="Legesenteret").id
    ids["goal"] = services.add_goal(c.id, "Jeg vil beholde jobben").id
    ids["meeting"] = services.meetings.plan_meeting(c.id, datetime(2026, 11, 22, 10), place="Rådhuset").id
    return ids


def screen_text(app: App) -> str:
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def wait_for(pilot, predicate, description: str) -> None:
    for _ in range(100):
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for: {description}")


async def type_line(pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])
    await pilot.press("enter")


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_whole_meeting_by_keys(services: Services, meeting: dict[str, int], size: tuple[int, int]) -> None:
    app = Host(services, meeting["meeting"])
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        # attendance: F2 to the list, p = present on Ola, down, space cycles Nora to present, down, f = apologies
        await pilot.press("f2", "p", "down", "space", "down", "f", "f4")
        attendance = services.store.attendance(meeting["meeting"])
        assert attendance == {
            meeting["ola"]: Attendance.PRESENT,
            meeting["nav"]: Attendance.PRESENT,
            meeting["lege"]: Attendance.APOLOGIES,
        }

        await type_line(pilot, "Ola forteller at jobben går bedre")
        await type_line(pilot, "s: Jeg vil jobbe")
        await type_line(pilot, "b: Halv stilling i tre måneder alt: sykmelding")
        # @mention completion with Tab, and the inline preview while typing
        await pilot.press(*"o: Sende søknad @no")
        await pilot.press("tab")
        await pilot.press(*" innen 1.12")
        box = app.screen.query_one(MinutesInput)
        assert box.value == "o: Sende søknad @Nora  innen 1.12"
        preview = str(app.screen.query_one("#preview", Static).render())
        assert "Oppgave" in preview and "Nora Nilsen" in preview and "tirsdag 1.12.2026" in preview
        await pilot.press("enter")
        await type_line(pilot, "t: Arbeidstrening #1 @nav fra 1.12 til 1.3.27")
        await type_line(pilot, "e: #1 fortsett bedre enn ventet")
        await type_line(pilot, "Vi avtaler halv stilling videre")
        # convert that plain line to a decision after the fact: F3 to the lines, b
        await pilot.press("f3", "b", "f4")
        await type_line(pilot, "n: 20.2.2027")
        lines = [x.text for x in services.meetings.lines(meeting["meeting"])]
        assert lines[6] == "b: Vi avtaler halv stilling videre"
        assert len(lines) == 8
        assert "Ola forteller at jobben går bedre" in screen_text(app)

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MeetingCloseScreen", "review screen")
        review = screen_text(app)
        assert "Beslutninger (2)" in review and "Oppgaver (1)" in review
        assert "Sende søknad → Nora Nilsen, frist tirsdag 1.12.2026" in review
        body = str(app.screen.query_one("#close-summary", Static).render())
        assert "mangler omfang" in body  # the new measure has no scope or how: asked once, then closed
        await pilot.press("enter")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: (
                not isinstance(app.screen, MeetingScreen | type(None))
                and type(app.screen).__name__ != "MeetingCloseScreen"
            ),
            "back to host",
        )

    cf = services.case_file(meeting["case"])
    assert cf.meeting(meeting["meeting"]).status is MeetingStatus.CLOSED
    assert {d.text for d in cf.decisions} == {"Halv stilling i tre måneder", "Vi avtaler halv stilling videre"}
    assert all(d.person_present for d in cf.decisions)
    assert [(a.text, a.owner_member_id, a.due_on) for a in cf.action_items] == [
        ("Sende søknad", meeting["nav"], date(2026, 12, 1))
    ]
    assert any(m.what == "Arbeidstrening" and m.responsible_member_id == meeting["nav"] for m in cf.measures)
    assert [e.outcome.value for e in cf.evaluations] == ["continue"]
    assert cf.meeting(meeting["meeting"]).next_meeting_on == date(2027, 2, 20)


async def test_hostile_line_is_shown_harmlessly(services: Services, meeting: dict[str, int]) -> None:
    services.meetings.add_line(meeting["meeting"], "ring \x1b]0;x\x07\x1b[2Jmor [bold]nå[/bold]")
    app = Host(services, meeting["meeting"])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        table = app.screen.query_one("#lines", DataTable)
        cell = str(table.get_row_at(0)[2])
        assert cell == "ring mor [bold]nå[/bold]"
        assert "\x1b" not in screen_text(app)
