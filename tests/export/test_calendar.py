"""The .ics export: meetings, evaluation dates, revision and consent expiry, named by case number and initials."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from icalendar import Calendar

from ipterm.domain.models import Meeting, MeetingStatus
from ipterm.export import ExportKind, render
from tests.export.sample_case import CASE_ID, G_FRIEND, M_ASSISTANT, TEACHER, TODAY, child_case

PLACE = "Fjellvik skole\x1b[31m, møterom 2"


def with_planned_meeting():
    cf = child_case()
    planned = Meeting(CASE_ID, datetime(2027, 1, 19, 13, 30), id=9, place=PLACE, status=MeetingStatus.PLANNED)
    return dataclasses.replace(cf, meetings=(*cf.meetings, planned))


def events(content: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(content)
    return {
        str(e["uid"]): {
            "summary": str(e["summary"]),
            "start": e.decoded("dtstart"),
            "end": e.decoded("dtend"),
            "location": str(e.get("location", "")),
        }
        for e in calendar.walk("VEVENT")
    }


def test_meetings_evaluations_revision_and_consents_are_in_the_calendar() -> None:
    cf = with_planned_meeting()
    rendered = render(ExportKind.ICS, cf, TODAY)
    assert rendered.media_type == "text/calendar" and rendered.filename.endswith(".ics")
    found = events(rendered.content)
    meeting = found[f"ipterm-{CASE_ID}-meeting-9@ipterm"]
    assert meeting["start"] == datetime(2027, 1, 19, 13, 30) and meeting["end"] == datetime(2027, 1, 19, 14, 30)
    assert meeting["location"] == "Fjellvik skole, møterom 2"  # the escape sequence is gone, the text kept
    assert f"ipterm-{CASE_ID}-meeting-3@ipterm" not in found  # a meeting already held is not an appointment
    goal = next(g for g in cf.goals if g.id == G_FRIEND)
    assert found[f"ipterm-{CASE_ID}-goal-{G_FRIEND}@ipterm"]["start"] == goal.evaluate_by
    assert found[f"ipterm-{CASE_ID}-goal-{G_FRIEND}@ipterm"]["summary"] == f"Evaluere mål 1 – IP {CASE_ID} (E.L.S.)"
    measure = next(m for m in cf.measures if m.id == M_ASSISTANT)
    assert found[f"ipterm-{CASE_ID}-measure-{M_ASSISTANT}@ipterm"]["start"] == measure.evaluate_by
    assert found[f"ipterm-{CASE_ID}-revision@ipterm"]["start"] == cf.case.next_revision
    assert found[f"ipterm-{CASE_ID}-revision@ipterm"]["end"] == date.fromordinal(cf.case.next_revision.toordinal() + 1)
    expiring = {c.id for c in cf.consents if c.expires_on and c.withdrawn_on is None}
    assert {u for u in found if "-consent-" in u} == {f"ipterm-{CASE_ID}-consent-{n}@ipterm" for n in expiring}
    text = rendered.content.decode()
    assert "Emma" not in text and "Solberg" not in text  # initials only: calendars are shared and synced
    assert all(g.text not in text for g in cf.goals) and all(m.what not in text for m in cf.measures)


def test_the_same_day_gives_the_same_bytes_and_an_edit_keeps_the_entry() -> None:
    cf = with_planned_meeting()
    first = render(ExportKind.ICS, cf, TODAY).content
    assert render(ExportKind.ICS, cf, TODAY).content == first
    goals = tuple(dataclasses.replace(g, evaluate_by=date(2027, 3, 1)) if g.id == G_FRIEND else g for g in cf.goals)
    moved = events(render(ExportKind.ICS, dataclasses.replace(cf, goals=goals), TODAY).content)
    uid = f"ipterm-{CASE_ID}-goal-{G_FRIEND}@ipterm"
    assert moved[uid]["start"] == date(2027, 3, 1)  # the same entry, moved: importing it updates, not duplicates
    assert set(moved) == set(events(first))


def test_an_extract_for_the_school_holds_what_its_consent_covers() -> None:
    cf = with_planned_meeting()
    school = events(render(ExportKind.ICS, cf, TODAY, recipient_member_id=TEACHER).content)
    whole = events(render(ExportKind.ICS, cf, TODAY).content)
    assert f"ipterm-{CASE_ID}-meeting-9@ipterm" in school  # the school's consent covers meetings
    assert len(school) < len(whole)
    own = {c.id for c in cf.consents if TEACHER in c.recipient_member_ids}
    assert {u for u in school if "-consent-" in u} == {f"ipterm-{CASE_ID}-consent-{n}@ipterm" for n in own}
