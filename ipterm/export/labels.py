"""Norwegian words for the values the domain stores in English, as they are printed in documents.

Every enum the documents show has one table here, keyed by the enum member, so a new member without a
label fails the label tests instead of printing an English code in a Norwegian document.
"""

from __future__ import annotations

from collections.abc import Collection

from ipterm.domain.models import (
    ActionStatus,
    Attendance,
    CaseStatus,
    ConsentMethod,
    ConsentSection,
    EvaluationOutcome,
    GoalStatus,
    MeasureStatus,
    MeetingStatus,
    MemberKind,
)

CASE_STATUS = {CaseStatus.ACTIVE: "aktiv", CaseStatus.PAUSED: "satt på pause", CaseStatus.CLOSED: "avsluttet"}
GOAL_STATUS = {
    GoalStatus.ACTIVE: "aktivt",
    GoalStatus.ACHIEVED: "nådd",
    GoalStatus.PAUSED: "satt på pause",
    GoalStatus.DROPPED: "avsluttet uten å bli nådd",
}
MEASURE_STATUS = {
    MeasureStatus.PLANNED: "planlagt",
    MeasureStatus.ACTIVE: "pågår",
    MeasureStatus.ENDED: "avsluttet",
    MeasureStatus.STOPPED: "stoppet",
}
ACTION_STATUS = {ActionStatus.OPEN: "åpen", ActionStatus.DONE: "utført", ActionStatus.CANCELLED: "avlyst"}
MEETING_STATUS = {
    MeetingStatus.PLANNED: "planlagt",
    MeetingStatus.RUNNING: "pågår",
    MeetingStatus.CLOSED: "avholdt",
    MeetingStatus.CANCELLED: "avlyst",
}
ATTENDANCE = {
    Attendance.INVITED: "innkalt",
    Attendance.PRESENT: "til stede",
    Attendance.ABSENT: "ikke møtt",
    Attendance.APOLOGIES: "meldt forfall",
}
OUTCOME = {
    EvaluationOutcome.ACHIEVED: "nådd",
    EvaluationOutcome.PARTLY_ACHIEVED: "delvis nådd",
    EvaluationOutcome.CONTINUE: "fortsetter",
    EvaluationOutcome.CHANGE: "endres",
    EvaluationOutcome.STOP: "avsluttes",
}
METHOD = {ConsentMethod.WRITTEN: "skriftlig", ConsentMethod.ORAL: "muntlig", ConsentMethod.DIGITAL: "digitalt"}
SECTION = {
    ConsentSection.PLAN: "planen (koordinator og planperiode)",
    ConsentSection.GOALS: "mål",
    ConsentSection.MEASURES: "tiltak",
    ConsentSection.GROUP: "ansvarsgruppen",
    ConsentSection.MEETINGS: "møter og referater",
    ConsentSection.EVALUATIONS: "evalueringer",
    ConsentSection.NOTES: "notater",
}
MEMBER_KIND = {
    MemberKind.PERSON: "planeier",
    MemberKind.RELATIVE: "pårørende",
    MemberKind.ADVOCATE: "likeperson/støtte",
    MemberKind.SERVICE: "tjenesteyter",
}
DOCUMENT_TITLE = {
    "plan": "Individuell plan",
    "minutes": "Referat fra ansvarsgruppemøte",
    "handover": "Overføringsnotat ved bytte av koordinator",
}
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
CONFIDENTIAL = "Taushetsbelagt. Unntatt offentlighet, jf. offl. § 13 og fvl. § 13"
UNCLEAR = "Ansvar uavklart"
OVERDUE = "forfalt"
OVERDUE_LEGEND = "«Forfalt»: fristen for evalueringen er passert."
NOT_SHARED = "Ikke med i dette utdraget: samtykket omfatter ikke denne delen."


def sections_text(sections: Collection[ConsentSection]) -> str:
    """The sections in words and in enum order: "mål, tiltak og møter og referater"."""
    names = [SECTION[s] for s in ConsentSection if s in sections]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


COLLABORATION_NOT_SHARED = "Samarbeid med andre tjenester (ikke med i dette utdraget)."
