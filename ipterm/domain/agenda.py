"""Meeting planning rules: an agenda generated from the plan, and the balance of who is invited.

Good practice is to use the plan's goals and measures as the agenda and to start with what the person
wants to talk about, so the meeting does not turn into status reports between professionals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ipterm.domain.dates import format_date
from ipterm.domain.messages import Message, message
from ipterm.domain.models import (
    OPEN_MEASURE_STATUSES,
    ActionStatus,
    CaseFile,
    GoalStatus,
    MeetingStatus,
    Member,
    MemberKind,
)

STALE_AFTER_DAYS = 180


def genitive(name: str) -> str:
    """Norwegian possessive: "Idas", but "Jonas'" and "Max'" (a name ending in s, x or z takes an apostrophe)."""
    return f"{name}'" if name[-1:].lower() in "sxz" else f"{name}s"


def build_agenda(case_file: CaseFile, meeting_day: date, *, stale_after_days: int = STALE_AFTER_DAYS) -> list[str]:
    """Agenda points in the recommended order; each is one editable line."""
    person = case_file.case.person_name.split()[0] if case_file.case.person_name.split() else "personen"
    points = [f"{genitive(person)} egne saker"]
    numbers = case_file.goal_numbers()
    for n, goal in enumerate(case_file.main_goals(), start=1):
        if goal.status is GoalStatus.ACTIVE:
            # Documents number main goals 1, 2, 3 (sub-goals 1.1 …); the screen and the minutes lines use #n
            # over all goals. Where the two differ the point says both, so the minutes agree with themselves.
            label = f"#{numbers[goal.id]}" if n == numbers[goal.id] else f"{n} (#{numbers[goal.id]})"
            points.append(f"Status mål {label}: {goal.text}")
    measure_numbers = case_file.measure_numbers()
    horizon = meeting_day + timedelta(days=14)
    for measure in case_file.measures:
        if measure.status in OPEN_MEASURE_STATUSES and measure.evaluate_by and measure.evaluate_by <= horizon:
            points.append(f"Evaluere tiltak #t{measure_numbers[measure.id]}: {measure.what}")
    last = _last_closed_meeting_id(case_file)
    open_items = [a for a in case_file.action_items if a.status is ActionStatus.OPEN]
    if open_items:
        from_last = [a for a in open_items if last is not None and a.meeting_id == last]
        label = "Åpne oppgaver fra forrige møte" if from_last else "Åpne oppgaver"
        numbers = case_file.action_numbers()
        shown = "; ".join(f"#o{numbers[a.id]} {a.text}" for a in (from_last or open_items)[:8] if a.id in numbers)
        points.append(f"{label} (følg opp med f: #o1 ferdig / ny frist): {shown}")
    expiring = [
        c for c in case_file.consents
        if c.withdrawn_on is None and c.expires_on and c.expires_on <= meeting_day + timedelta(days=60)
    ]  # fmt: skip
    if expiring:
        points.append("Samtykke som utløper: " + ", ".join(format_date(c.expires_on) for c in expiring))
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
