"""A case's dates as an iCalendar file (.ics): planned group meetings, evaluation dates of goals and
measures, the plan's next revision and consents running out.

Calendars are often shared with colleagues and synced to phones, so an entry names the case by its
number and the person by initials only ("IP 7 (J.B.H.)"), and carries no goal or measure text: the plan
itself says what "Evaluere mål 2" is about. Each entry has a UID made from the case and what it is, so
importing a newer file updates the entries instead of adding them twice. Meetings are in local
(floating) time, as they were typed; the other dates are all-day entries.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from ipterm import __version__
from ipterm.domain.models import OPEN_MEASURE_STATUSES, CaseFile, GoalStatus, MeetingStatus
from ipterm.domain.text import clean_for_terminal
from ipterm.export.documents import DocumentContext, case_tag
from ipterm.i18n import _, language

MEETING_LENGTH = timedelta(hours=1)  # a group meeting has no recorded end; an hour is the common length


def case_calendar(case_file: CaseFile, today: date, *, full: CaseFile | None = None) -> bytes:
    """The calendar of one case (`case_file` may be scoped for a recipient, and is what is numbered)."""
    from icalendar import Calendar, Event

    ctx = DocumentContext(case_file, today, full=full)
    case = case_file.case
    label = case_tag(case.id, case.person_name)
    stamp = datetime.combine(today, time(0, 0))  # the same bytes for the same data on the same day

    calendar = Calendar()
    calendar.add("prodid", f"-//ipterm//ipterm {__version__}//{language().upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Individuell plan – {case}", case=label))

    def add(uid: str, summary: str, start: date | datetime, *, end: datetime | None = None, place: str = "") -> None:
        event = Event()
        event.add("uid", f"ipterm-{case.id}-{uid}@ipterm")
        event.add("dtstamp", stamp)
        event.add("summary", f"{summary} – {label}")
        event.add("dtstart", start)
        if end is not None:
            event.add("dtend", end)
        else:
            event.add("dtend", start + timedelta(days=1))  # an all-day entry
        if place:
            event.add("location", clean_for_terminal(place, single_line=True))
        calendar.add_component(event)

    for meeting in sorted(case_file.meetings, key=lambda m: m.starts_at):
        if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.RUNNING) and meeting.starts_at.date() >= today:
            add(f"meeting-{meeting.id}", _("Ansvarsgruppemøte"), meeting.starts_at,
                end=meeting.starts_at + MEETING_LENGTH, place=meeting.place)  # fmt: skip
    for goal in case_file.goals:
        if goal.status is GoalStatus.ACTIVE and goal.evaluate_by is not None:
            add(f"goal-{goal.id}", _("Evaluere {goal}", goal=ctx.goal_label(goal.id).lower()), goal.evaluate_by)
    for measure in case_file.measures:
        if measure.status in OPEN_MEASURE_STATUSES and measure.evaluate_by is not None:
            add(f"measure-{measure.id}", _("Evaluere tiltak {number}", number=ctx.measure_number(measure.id)).rstrip(),
                measure.evaluate_by)  # fmt: skip
    if case.next_revision is not None:
        add("revision", _("Revidere planen"), case.next_revision)
    for consent in case_file.consents:
        if consent.withdrawn_on is None and consent.expires_on is not None:
            add(f"consent-{consent.id}", _("Samtykke utløper"), consent.expires_on)
    return calendar.to_ical()
