"""Meeting planning rules: an agenda generated from the plan, and the balance of who is invited.

Good practice is to use the plan's goals and measures as the agenda and to start with what the person
wants to talk about, so the meeting does not turn into status reports between professionals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ipterm.domain.dates import format_date
from ipterm.domain.messages import Message, message
from ipterm.domain.models import (
    OPEN_MEASURE_STATUSES,
    ActionStatus,
    CaseFile,
    GoalStatus,
    Meeting,
    MeetingStatus,
    Member,
    MemberKind,
)

STALE_AFTER_DAYS = 180


def genitive(name: str) -> str:
    """Norwegian possessive: "Idas", but "Jonas'" and "Max'" (a name ending in s, x or z takes an apostrophe)."""
    return f"{name}'" if name[-1:].lower() in "sxz" else f"{name}s"


DECISIONS_POINT = "Beslutninger som skal tas i dag"


def first_name(case_file: CaseFile) -> str:
    """The person's first name, as the agenda and the summons speak of them ("hva mener Jonas")."""
    words = case_file.case.person_name.split()
    return words[0] if words else "personen"


def own_matters_point(name: str) -> str:
    """The agenda's first point when the person has not yet said what they want to bring up."""
    return f"Hva vil {name} ta opp?"


def goal_point(number: int, text: str, name: str) -> str:
    return f"Mål {number} «{text}»: hva har skjedd, hva mener {name}, og hva gjør vi videre?"


def measure_point(number: int, what: str) -> str:
    return f"Evaluering av tiltak {number} «{what}»: virker det, og skal det fortsette?"


def build_agenda(case_file: CaseFile, meeting_day: date, *, stale_after_days: int = STALE_AFTER_DAYS) -> list[str]:
    """Agenda points in the recommended order, in plain words (no #numbers); each is one editable line.

    The person's own points come first (`agenda_with_points` puts those recorded on the meeting before
    these), then what must be decided today, then the goals as the plan numbers them (1, 2, 3 over the main
    goals), measures due for evaluation, open tasks, consents, and what needs clearing up.
    """
    person = first_name(case_file)
    points = [own_matters_point(person), DECISIONS_POINT]
    for n, goal in enumerate(case_file.main_goals(), start=1):
        if goal.status is GoalStatus.ACTIVE:
            points.append(goal_point(n, goal.text, person))
    measure_numbers = case_file.measure_numbers()
    horizon = meeting_day + timedelta(days=14)
    for measure in case_file.measures:
        if measure.status in OPEN_MEASURE_STATUSES and measure.evaluate_by and measure.evaluate_by <= horizon:
            points.append(measure_point(measure_numbers[measure.id], measure.what))
    last = _last_closed_meeting_id(case_file)
    open_items = [a for a in case_file.action_items if a.status is ActionStatus.OPEN]
    if open_items:
        from_last = [a for a in open_items if last is not None and a.meeting_id == last]
        label = "Oppgaver fra forrige møte" if from_last else "Oppgaver som ikke er gjort"
        shown = ", ".join(f"«{a.text}»" for a in (from_last or open_items)[:8])
        points.append(f"{label}: hvordan har det gått? {shown}")
    expiring = [
        c for c in case_file.consents
        if c.withdrawn_on is None and c.expires_on and c.expires_on <= meeting_day + timedelta(days=60)
    ]  # fmt: skip
    if expiring:
        days = ", ".join(format_date(c.expires_on) for c in expiring)
        points.append(f"Samtykke som går ut {days}: skal {person} gi et nytt?")
    stale_before = meeting_day - timedelta(days=stale_after_days)
    stale = [
        m for m in case_file.measures
        if m.status in OPEN_MEASURE_STATUSES and (m.last_confirmed is None or m.last_confirmed < stale_before)
    ]  # fmt: skip
    unclear = [m for m in case_file.measures if m.status in OPEN_MEASURE_STATUSES and m.is_responsibility_unclear]
    if stale or unclear:
        parts = []
        if unclear:
            parts.append(f"{len(unclear)} tiltak uten ansvarlig")
        if stale:
            parts.append(f"{len(stale)} tiltak ikke bekreftet på lenge")
        points.append("Avklare: " + ", ".join(parts))
    points.append("Nye behov og ønsker")
    points.append("Neste møte")
    return points


def person_point(name: str, point: str) -> str:
    return f"{name} vil ta opp: {point}"


def decisions_point(decisions: tuple[str, ...] | list[str]) -> str:
    return f"{DECISIONS_POINT}: " + "; ".join(decisions) if decisions else DECISIONS_POINT


def agenda_with_points(meeting: Meeting, name: str) -> list[str]:
    """The agenda as people read it: the person's own points first, then what must be decided today, then
    the rest. The stored agenda keeps the coordinator's lines; the points recorded on the meeting ("Hva vil
    du ta opp?", the decisions to take) are put in where they belong, so editing them later needs no
    rewrite of the agenda."""
    own = [person_point(name, p) for p in meeting.person_points if p.strip()]
    rest = list(meeting.agenda)
    if own:
        # The placeholder question is answered by the points themselves.
        rest = [p for p in rest if p != own_matters_point(name)]
    if meeting.decisions_needed:
        line = decisions_point(meeting.decisions_needed)
        at = next((i for i, p in enumerate(rest) if p == DECISIONS_POINT), None)
        if at is None:
            rest.insert(1 if rest and rest[0] == own_matters_point(name) else 0, line)
        else:
            rest[at] = line
    return own + rest


def meeting_refs(case_file: CaseFile, point: str) -> tuple[str, ...]:
    """The numbers meeting mode's lines use (#2, #t3, #o1) for the goals, measures and tasks an agenda point
    names in «…», so the coordinator can type `e: #2 …` without the agenda printing them."""
    quoted = set(re.findall(r"«([^»]*)»", point))
    if not quoted:
        return ()
    refs: list[str] = []
    goal_numbers = case_file.goal_numbers()
    if point.startswith("Mål "):
        refs += [f"#{goal_numbers[g.id]}" for g in case_file.goals if g.text in quoted and g.id in goal_numbers]
    elif point.startswith("Evaluering av tiltak "):
        numbers = case_file.measure_numbers()
        refs += [f"#t{numbers[m.id]}" for m in case_file.measures if m.what in quoted and m.id in numbers]
    else:
        numbers = case_file.action_numbers()
        refs += [
            f"#o{numbers[a.id]}"
            for a in case_file.action_items
            if a.status is ActionStatus.OPEN and a.text in quoted and a.id in numbers
        ]
    return tuple(dict.fromkeys(refs))


def _last_closed_meeting_id(case_file: CaseFile) -> int | None:
    closed = [m for m in case_file.meetings if m.status is MeetingStatus.CLOSED]
    return max(closed, key=lambda m: m.starts_at).id if closed else None


@dataclass(frozen=True, slots=True)
class Balance:
    professionals: int
    person_side: int  # the person, relatives and advocates
    person_invited: bool

    def warning(self) -> Message | None:
        """A gentle warning when the person risks being outnumbered or left out."""
        if not self.person_invited:
            return message("Personen selv er ikke innkalt. Planen er personens: kall inn, eller skriv hvorfor ikke.")
        if self.professionals > 2 * max(self.person_side, 1) and self.professionals >= 4:
            return message(
                "{professionals} fagfolk mot {person_side} på personens side. "
                "Vurder å kalle inn pårørende eller en støtteperson, eller færre tjenester.",
                professionals=self.professionals,
                person_side=self.person_side,
            )
        return None


def invite_balance(invited: list[Member]) -> Balance:
    professionals = sum(1 for m in invited if m.kind is MemberKind.SERVICE)
    person_side = sum(1 for m in invited if m.kind is not MemberKind.SERVICE)
    person_invited = any(m.kind is MemberKind.PERSON for m in invited)
    return Balance(professionals, person_side, person_invited)
