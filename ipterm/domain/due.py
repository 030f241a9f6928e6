"""What needs the coordinator's attention, across all own cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from ipterm.domain.messages import Message, message, plural


class DueKind(StrEnum):
    GOAL_EVALUATION = "goal_evaluation"
    MEASURE_EVALUATION = "measure_evaluation"
    REVISION = "revision"
    ACTION_ITEM = "action_item"
    CONSENT_EXPIRY = "consent_expiry"
    MEETING = "meeting"
    UNCLEAR_RESPONSIBILITY = "unclear_responsibility"
    STALE_MEASURE = "stale_measure"
    STALE_MEMBER = "stale_member"
    NO_RECENT_MEETING = "no_recent_meeting"
    CONSENT_FROM_PERSON = "consent_from_person"  # the person turns 16 or 18: `text` is "16" or "18"
    ERASE = "erase"


@dataclass(frozen=True, slots=True)
class DueWindow:
    """How far ahead and back the due list looks."""

    today: date
    ahead_days: int = 7
    consent_ahead_days: int = 30
    stale_after_days: int = 180
    erase_after_days: int = 90
    """A closed case is due for erasure this many days after it was closed."""


def birthday_detail(years: str) -> Message:
    """What a 16th or 18th birthday means for consent, for the due list's detail column."""
    if years == "16":
        return message("fyller 16: samtykker selv i helsespørsmål")
    return message("fyller 18: samtykker selv i alt")


class DueItem(NamedTuple):
    """One thing to follow up. A tuple rather than a dataclass: the due list can hold thousands
    and is rebuilt on every dashboard refresh.

    For STALE_MEASURE and STALE_MEMBER one item covers a whole case: `text` is the count and `on` the
    oldest confirmation date; `ref_id` is the case id.
    """

    kind: DueKind
    case_id: int
    person_name: str
    text: str
    on: date | None = None
    ref_id: int | None = None
    is_overdue: bool = False
    at: str = ""  # time of day ("10:00") for meetings
    owner: str = ""  # who is to do it (action items: the owner, with service)

    def label(self) -> Message:
        from ipterm.domain.vocabulary import msgid_of

        return Message(msgid_of(self.kind) or self.kind.value, context="DueKind")


class DueSection(StrEnum):
    """Where a due item sits on the dashboard: by how soon it needs doing."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    LATER = "later"
    FOLLOW_UP = "follow_up"


# Counted or undated things: "what is old", read after "what is now".
SUMMARY_KINDS = frozenset(
    {DueKind.STALE_MEASURE, DueKind.STALE_MEMBER, DueKind.NO_RECENT_MEETING, DueKind.UNCLEAR_RESPONSIBILITY}
)


def section_of(item: DueItem, today: date) -> DueSection:
    if item.kind in SUMMARY_KINDS or item.on is None:
        return DueSection.FOLLOW_UP
    if item.on < today:
        return DueSection.OVERDUE
    if item.on == today:
        return DueSection.TODAY
    if item.on <= today + timedelta(days=6 - today.weekday()):  # through Sunday
        return DueSection.THIS_WEEK
    return DueSection.LATER


def by_urgency(items: list[DueItem], today: date) -> list[tuple[DueSection, list[DueItem]]]:
    """The items in sections Forfalt, I dag, Denne uken, Senere, then the per-case summaries; each dated
    section by date and time of day. Empty sections are left out."""
    sections: dict[DueSection, list[DueItem]] = {s: [] for s in DueSection}
    for item in items:
        sections[section_of(item, today)].append(item)
    for section, found in sections.items():
        if section is not DueSection.FOLLOW_UP:
            found.sort(key=lambda i: (i.on, i.at or "99"))  # stable: same moment keeps the query's order
    return [(s, found) for s, found in sections.items() if found]


def summary_text(item: DueItem, *, stale_after_days: int = 180) -> Message | str:
    """The words for a per-case summary row ("3 tiltak ikke bekreftet på over 180 dager")."""
    days = stale_after_days
    if item.kind is DueKind.STALE_MEASURE:
        n = int(item.text)
        return plural(
            "{n} tiltak ikke bekreftet på over {days} dager",
            "{n} tiltak ikke bekreftet på over {days} dager",
            n,
            days=days,
        )
    if item.kind is DueKind.STALE_MEMBER:
        n = int(item.text)
        if item.on is not None:
            day = f"{item.on.day}.{item.on.month}.{item.on.year}"
            return plural(
                "{n} kontakt ikke bekreftet siden {day}", "{n} kontakter ikke bekreftet siden {day}", n, day=day
            )
        return plural(
            "{n} kontakt ikke bekreftet på over {days} dager",
            "{n} kontakter ikke bekreftet på over {days} dager",
            n,
            days=days,
        )
    if item.kind is DueKind.NO_RECENT_MEETING:
        if item.on is None:
            return message("Ikke holdt ansvarsgruppemøte ennå")
        return message("Ikke ansvarsgruppemøte siden {day}", day=f"{item.on.day}.{item.on.month}.{item.on.year}")
    if item.kind is DueKind.UNCLEAR_RESPONSIBILITY:
        return message("Ingen ansvarlig: {text}", text=item.text)
    return item.text
