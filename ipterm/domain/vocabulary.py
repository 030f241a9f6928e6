"""One vocabulary: the label of every enum value, as a message id, the same on screen, in the CLI and in
every document. `ipterm.i18n.label(value)` renders one in the current language; the enum's class name is
the catalogue context, so "avsluttet" can be one word for a measure and another for a case.
"""

from __future__ import annotations

from enum import Enum

from ipterm.domain.due import DueKind, DueSection
from ipterm.domain.messages import pN_
from ipterm.domain.minutes import LineKind
from ipterm.domain.models import (
    ActionStatus,
    Attendance,
    CaseStatus,
    ConsentMethod,
    ConsentSection,
    EvaluationOutcome,
    GoalStatus,
    InfoKind,
    MeasureStatus,
    MeetingStatus,
    MemberKind,
    NoteKind,
)
from ipterm.domain.sync import OutboxState

_ENTRIES: list[tuple[Enum, str]] = [
    (CaseStatus.ACTIVE, pN_("CaseStatus", "aktiv")),
    (CaseStatus.PAUSED, pN_("CaseStatus", "satt på pause")),
    (CaseStatus.CLOSED, pN_("CaseStatus", "avsluttet")),
    (MemberKind.PERSON, pN_("MemberKind", "planeier")),
    (MemberKind.RELATIVE, pN_("MemberKind", "pårørende")),
    (MemberKind.ADVOCATE, pN_("MemberKind", "støtteperson")),
    (MemberKind.SERVICE, pN_("MemberKind", "tjenesteyter")),
    (GoalStatus.ACTIVE, pN_("GoalStatus", "aktivt")),
    (GoalStatus.ACHIEVED, pN_("GoalStatus", "nådd")),
    (GoalStatus.PAUSED, pN_("GoalStatus", "satt på pause")),
    (GoalStatus.DROPPED, pN_("GoalStatus", "avsluttet, ikke nådd")),
    (MeasureStatus.PLANNED, pN_("MeasureStatus", "planlagt")),
    (MeasureStatus.ACTIVE, pN_("MeasureStatus", "pågår")),
    (MeasureStatus.ENDED, pN_("MeasureStatus", "avsluttet")),
    (MeasureStatus.STOPPED, pN_("MeasureStatus", "stoppet")),
    (EvaluationOutcome.ACHIEVED, pN_("EvaluationOutcome", "nådd")),
    (EvaluationOutcome.PARTLY_ACHIEVED, pN_("EvaluationOutcome", "delvis nådd")),
    (EvaluationOutcome.CONTINUE, pN_("EvaluationOutcome", "videreføres")),
    (EvaluationOutcome.CHANGE, pN_("EvaluationOutcome", "endres")),
    (EvaluationOutcome.STOP, pN_("EvaluationOutcome", "avsluttes")),
    (ConsentMethod.WRITTEN, pN_("ConsentMethod", "skriftlig")),
    (ConsentMethod.ORAL, pN_("ConsentMethod", "muntlig")),
    (ConsentMethod.DIGITAL, pN_("ConsentMethod", "digitalt")),
    (ConsentSection.PLAN, pN_("ConsentSection", "planen (koordinator og planperiode)")),
    (ConsentSection.GOALS, pN_("ConsentSection", "mål")),
    (ConsentSection.MEASURES, pN_("ConsentSection", "tiltak")),
    (ConsentSection.GROUP, pN_("ConsentSection", "ansvarsgruppen")),
    (ConsentSection.MEETINGS, pN_("ConsentSection", "møter og referater")),
    (ConsentSection.EVALUATIONS, pN_("ConsentSection", "evalueringer")),
    (ConsentSection.NOTES, pN_("ConsentSection", "notater")),
    (InfoKind.HEALTH, pN_("InfoKind", "helse og behandling")),
    (InfoKind.NAV, pN_("InfoKind", "NAV og økonomi")),
    (InfoKind.CHILD_WELFARE, pN_("InfoKind", "barnevern")),
    (InfoKind.SCHOOL, pN_("InfoKind", "skole og barnehage")),
    (InfoKind.HOUSING, pN_("InfoKind", "bolig")),
    (InfoKind.FAMILY, pN_("InfoKind", "familieforhold")),
    (MeetingStatus.PLANNED, pN_("MeetingStatus", "planlagt")),
    (MeetingStatus.RUNNING, pN_("MeetingStatus", "pågår")),
    (MeetingStatus.CLOSED, pN_("MeetingStatus", "avholdt")),
    (MeetingStatus.CANCELLED, pN_("MeetingStatus", "avlyst")),
    (Attendance.INVITED, pN_("Attendance", "innkalt")),
    (Attendance.PRESENT, pN_("Attendance", "til stede")),
    (Attendance.ABSENT, pN_("Attendance", "ikke møtt")),
    (Attendance.APOLOGIES, pN_("Attendance", "meldt forfall")),
    (ActionStatus.OPEN, pN_("ActionStatus", "åpen")),
    (ActionStatus.DONE, pN_("ActionStatus", "utført")),
    (ActionStatus.CANCELLED, pN_("ActionStatus", "avlyst")),
    (NoteKind.PHONE, pN_("NoteKind", "telefon")),
    (NoteKind.EMAIL, pN_("NoteKind", "e-post")),
    (NoteKind.VISIT, pN_("NoteKind", "besøk")),
    (NoteKind.MEETING, pN_("NoteKind", "møte")),
    (NoteKind.OTHER, pN_("NoteKind", "annet")),
    (LineKind.NOTE, pN_("LineKind", "Notat")),
    (LineKind.DECISION, pN_("LineKind", "Beslutning")),
    (LineKind.ACTION, pN_("LineKind", "Oppgave")),
    (LineKind.MEASURE, pN_("LineKind", "Tiltak")),
    (LineKind.EVALUATION, pN_("LineKind", "Evaluering")),
    (LineKind.VIEW, pN_("LineKind", "Personens syn")),
    (LineKind.NEXT_MEETING, pN_("LineKind", "Neste møte")),
    (LineKind.FOLLOW_UP, pN_("LineKind", "Oppfølging av oppgave")),
    (LineKind.PERSON_POINT, pN_("LineKind", "Personen vil ta opp")),
    (DueKind.GOAL_EVALUATION, pN_("DueKind", "Evaluering av mål")),
    (DueKind.MEASURE_EVALUATION, pN_("DueKind", "Evaluering av tiltak")),
    (DueKind.REVISION, pN_("DueKind", "Revisjon av planen")),
    (DueKind.ACTION_ITEM, pN_("DueKind", "Oppgave")),
    (DueKind.CONSENT_EXPIRY, pN_("DueKind", "Samtykke utløper")),
    (DueKind.MEETING, pN_("DueKind", "Ansvarsgruppemøte")),
    (DueKind.UNCLEAR_RESPONSIBILITY, pN_("DueKind", "Uavklart ansvar")),
    (DueKind.STALE_MEASURE, pN_("DueKind", "Tiltak ikke bekreftet")),
    (DueKind.STALE_MEMBER, pN_("DueKind", "Kontaktopplysninger ikke bekreftet")),
    (DueKind.NO_RECENT_MEETING, pN_("DueKind", "Lenge siden forrige møte")),
    (DueKind.CONSENT_FROM_PERSON, pN_("DueKind", "Nytt samtykke fra personen")),
    (DueKind.ERASE, pN_("DueKind", "Sak kan slettes")),
    (OutboxState.QUEUED, pN_("OutboxState", "i kø")),
    (OutboxState.SENDING, pN_("OutboxState", "sendes")),
    (OutboxState.SENT, pN_("OutboxState", "sendt")),
    (OutboxState.FAILED, pN_("OutboxState", "feilet")),
    (DueSection.OVERDUE, pN_("DueSection", "Forfalt")),
    (DueSection.TODAY, pN_("DueSection", "I dag")),
    (DueSection.THIS_WEEK, pN_("DueSection", "Denne uken")),
    (DueSection.LATER, pN_("DueSection", "Senere")),
    (DueSection.FOLLOW_UP, pN_("DueSection", "Å følge opp")),
]

# StrEnum members equal their values ("active" is a case, goal and measure status), so the table is keyed
# by the enum class as well.
LABELS: dict[tuple[type, str], str] = {(type(k), k.value): v for k, v in _ENTRIES}


def msgid_of(value: Enum) -> str | None:
    """The label's message id, or None for a value without one; its context is the enum's class name."""
    return LABELS.get((type(value), value.value))
