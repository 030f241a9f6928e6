"""What needs the coordinator's attention, across all own cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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

    def label(self, language: str = "nb") -> str:
        nb, en = DUE_LABELS[self.kind]
        return en if language == "en" else nb
