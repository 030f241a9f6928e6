"""Hostile text in every text field: stored verbatim, shown harmlessly, exported without breaking anything."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import datetime, timedelta

import pytest

from ipterm.domain.models import ConsentMethod, MemberKind
from ipterm.export import ExportKind, render
from ipterm.export.fhir import validate_bundle
from ipterm.services import Services

from ..conftest import TODAY

HOSTILE = [
    "\x1b]0;pwned\x07\x1b[2J\x1b[31mrød\x1b[0m",  # OSC title, clear screen, colours
    "null\x00byte",
    "\u202eevil.exe\u202c og \u200fشكرا\u200f",  # bidi override, RTL mark, Arabic
    "Z̷̡̛a̸l̶g̴o̵ c\u0301ombining",
    "emoji 🙂👨‍👩‍👧 og æøå",
    '[bold]markup[/bold] #set $x$ <tag> \\ "quotes"',
]
BIG = "Lang tekst. " * 90_000  # about 1 MB pasted into one note


@pytest.fixture
def hostile_case(services: Services) -> int:
    text = " | ".join(HOSTILE)
    c = services.create_case(
        f"Hostil {HOSTILE[0]}",
        coordinator=HOSTILE[1],
        plan_start=TODAY,
        plan_end=TODAY + timedelta(days=200),
        next_revision=TODAY + timedelta(days=100),
        resources=text,
        needs=text,
        collaboration=text,
    )
    person = services.add_member(c.id, HOSTILE[2], HOSTILE[3], kind=MemberKind.PERSON, contributes=text)
    member = services.add_member(c.id, HOSTILE[4], HOSTILE[5], organisation=text, phone=HOSTILE[0], contributes=text)
    goal = services.add_goal(c.id, text)
    services.add_measure(c.id, text, goal_ids=[goal.id], scope=HOSTILE[2], how=text, responsible_member_id=member.id)
    services.add_consent(
        c.id,
        given_on=TODAY,
        method=ConsentMethod.WRITTEN,
        recipient_member_ids=[member.id],
        scope_text=text,
        original_location=HOSTILE[3],
        given_by=HOSTILE[4],
    )
    services.add_note(c.id, text)
    services.add_note(c.id, BIG)
    meeting = services.meetings.plan_meeting(c.id, datetime(2026, 11, 22, 10), place=text)
    services.meetings.set_attendance(meeting.id, person.id, services.meetings.cycle_attendance(meeting.id, person.id))
    for line in HOSTILE:
        services.meetings.add_line(meeting.id, line)
        services.meetings.add_line(meeting.id, f"b: {line} alt: {line} syn: {line}")
    services.meetings.close(meeting.id)
    return c.id


def test_stored_verbatim(services: Services, hostile_case: int) -> None:
    cf = services.case_file(hostile_case)
    assert cf.case.person_name == f"Hostil {HOSTILE[0]}"
    assert any(n.text == BIG.strip() for n in cf.notes)  # surrounding blanks trimmed, nothing else
    assert [line.text for line in cf.meeting_lines][:2] == [
        HOSTILE[0],
        f"b: {HOSTILE[0]} alt: {HOSTILE[0]} syn: {HOSTILE[0]}",
    ]
    assert services.search("Lang tekst")  # the 1 MB note is indexed and found


@pytest.mark.slow
def test_every_export_kind_survives(services: Services, hostile_case: int) -> None:
    from pypdf import PdfReader

    cf = services.case_file(hostile_case)
    meeting_id = cf.meetings[0].id
    for kind in (ExportKind.PLAN, ExportKind.MINUTES, ExportKind.HANDOVER):
        pdf = render(kind, cf, TODAY, meeting_id=meeting_id, allow_incomplete=True).content
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "[bold]markup[/bold]" in text and "æøå" in text, kind
        assert "\x1b" not in text and "\x00" not in text, kind
    body = json.loads(render(ExportKind.JSON, cf, TODAY).content)
    assert body["case"]["person_name"] == f"Hostil {HOSTILE[0]}"  # JSON keeps the exact stored text
    bundle = json.loads(render(ExportKind.FHIR, cf, TODAY).content)
    assert validate_bundle(bundle) == []


async def test_shown_harmlessly_in_the_tui(services: Services, hostile_case: int, tmp_path) -> None:
    from ipterm.config import Settings
    from ipterm.tui.app import IptermApp
    from ipterm.tui.screens.case_screen import CaseScreen

    app = IptermApp(services, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("s", "enter")
        for _ in range(50):
            if isinstance(app.screen, CaseScreen):
                break
            await pilot.pause(0.05)
        for tab in "1234567":
            await pilot.press(tab)
            await pilot.pause(0.1)
            screen = html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot()))
            assert "\x1b" not in screen and "\x00" not in screen and "\u202e" not in screen
        assert isinstance(app.screen, CaseScreen)
