"""What needs the coordinator's attention, across all own cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple


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


DUE_LABELS: dict[DueKind, tuple[str, str]] = {
    DueKind.GOAL_EVALUATION: ("Evaluering av mål", "Goal evaluation"),
    DueKind.MEASURE_EVALUATION: ("Evaluering av tiltak", "Measure evaluation"),
    DueKind.REVISION: ("Revisjon av planen", "Plan revision"),
    DueKind.ACTION_ITEM: ("Oppgave", "Action item"),
    DueKind.CONSENT_EXPIRY: ("Samtykke utløper", "Consent expires"),
    DueKind.MEETING: ("Ansvarsgruppemøte", "Group meeting"),
    DueKind.UNCLEAR_RESPONSIBILITY: ("Uavklart ansvar", "Responsibility unclear"),
    DueKind.STALE_MEASURE: ("Tiltak ikke bekreftet", "Measure not confirmed"),
    DueKind.STALE_MEMBER: ("Kontakt ikke bekreftet", "Contact not confirmed"),
    DueKind.NO_RECENT_MEETING: ("Lenge siden møte", "No recent meeting"),
    DueKind.CONSENT_FROM_PERSON: ("Nytt samtykke fra personen", "New consent from the person"),
    DueKind.ERASE: ("Sak kan slettes", "Case can be erased"),
}


@dataclass(frozen=True, slots=True)
class DueWindow:
    """How far ahead and back the due list looks."""

    today: date
    ahead_days: int = 7
    consent_ahead_days: int = 30
    stale_after_days: int = 180
    erase_after_days: int = 90
    """A closed case is due for erasure this many days after it was closed."""


def birthday_detail(years: str, language: str = "nb") -> str:
    """What a 16th or 18th birthday means for consent, for the due list's detail column."""
    if years == "16":
        return (
            "fyller 16: samtykker selv i helsespørsmål" if language != "en" else "turns 16: consents in health matters"
        )
    return "fyller 18: samtykker selv i alt" if language != "en" else "turns 18: consents in everything"


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

    def label(self, language: str = "nb") -> str:
        nb, en = DUE_LABELS[self.kind]
        return en if language == "en" else nb


class DueSection(StrEnum):
    """Where a due item sits on the dashboard: by how soon it needs doing."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    LATER = "later"
    FOLLOW_UP = "follow_up"


SECTION_LABELS: dict[DueSection, tuple[str, str]] = {
    DueSection.OVERDUE: ("Forfalt", "Overdue"),
    DueSection.TODAY: ("I dag", "Today"),
    DueSection.THIS_WEEK: ("Denne uken", "This week"),
    DueSection.LATER: ("Senere", "Later"),
    DueSection.FOLLOW_UP: ("Å følge opp", "To follow up"),
}

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


def summary_text(item: DueItem, language: str = "nb", *, stale_after_days: int = 180) -> str:
    """The words for a per-case summary row ("3 tiltak ikke bekreftet på over 180 dager")."""
    en = language == "en"
    if item.kind is DueKind.STALE_MEASURE:
        n = item.text
        one = n == "1"
        if en:
            return f"{n} measure{'' if one else 's'} not confirmed for over {stale_after_days} days"
        return f"{n} tiltak ikke bekreftet på over {stale_after_days} dager"
    if item.kind is DueKind.STALE_MEMBER:
        n = item.text
        one = n == "1"
        if en:
            return f"{n} contact{'' if one else 's'} not confirmed for over {stale_after_days} days"
        return f"{n} kontakt{'' if one else 'er'} ikke bekreftet på over {stale_after_days} dager"
    if item.kind is DueKind.NO_RECENT_MEETING:
        if item.on is None:
            return "No group meeting held yet" if en else "Ikke holdt ansvarsgruppemøte ennå"
        day = f"{item.on.day}.{item.on.month}.{item.on.year}"
        return f"No group meeting since {day}" if en else f"Ikke ansvarsgruppemøte siden {day}"
    if item.kind is DueKind.UNCLEAR_RESPONSIBILITY:
        return f"No one responsible: {item.text}" if en else f"Ingen ansvarlig: {item.text}"
    return item.text
