"""What closing a meeting will change in the plan, worked out from the typed lines before anything is
written, so the coordinator can review it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from ipterm.domain.messages import N_, Message, message
from ipterm.domain.minutes import LineKind, ParsedLine, parse_line
from ipterm.domain.models import ActionStatus, Attendance, CaseFile, EvaluationOutcome, InfoKind, MemberKind


@dataclass(frozen=True, slots=True)
class PlannedDecision:
    text: str
    alternatives: str
    person_view: str
    person_present: bool
    info_kind: InfoKind | None = None  # the line's own kind, when the coordinator set one (i in F3)


@dataclass(frozen=True, slots=True)
class PlannedAction:
    text: str
    owner_member_id: int | None
    due_on: date | None
    info_kind: InfoKind | None = None


@dataclass(frozen=True, slots=True)
class PlannedMeasure:
    what: str
    goal_ids: tuple[int, ...]
    responsible_member_id: int | None
    from_date: date | None
    to_date: date | None
    changes_measure_id: int | None = None  # set when the line changes an existing measure (#t3)
    scope: str = ""
    how: str = ""
    info_kind: InfoKind | None = None

    def lacks(self) -> tuple[str, ...]:
        """What a new measure still needs for a complete plan (§ 19 e and f), said in the review."""
        if self.changes_measure_id is not None:
            return ()
        missing = []
        if self.responsible_member_id is None:
            missing.append(N_("ansvarlig (@navn)"))
        if not self.scope:
            missing.append(N_("omfang: …"))
        if not self.how:
            missing.append(N_("hvordan: …"))
        return tuple(missing)


@dataclass(frozen=True, slots=True)
class PlannedEvaluation:
    outcome: EvaluationOutcome
    comment: str
    goal_id: int | None = None
    measure_id: int | None = None
    next_evaluate_by: date | None = None  # typed on the line, or proposed from the case's cadence
    proposed: bool = False  # True when next_evaluate_by was proposed, not typed


@dataclass(frozen=True, slots=True)
class PlannedFollowUp:
    """What the meeting said about an earlier, still open action item (`f: #o3 ferdig`)."""

    action_id: int
    number: int
    status: str = ""  # "done", "cancelled" or "" (still open)
    due_on: date | None = None
    owner_member_id: int | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class ClosePlan:
    """Everything that confirming the close will write, in one transaction."""

    decisions: tuple[PlannedDecision, ...] = ()
    actions: tuple[PlannedAction, ...] = ()
    measures: tuple[PlannedMeasure, ...] = ()
    evaluations: tuple[PlannedEvaluation, ...] = ()
    views: tuple[str, ...] = ()
    follow_ups: tuple[PlannedFollowUp, ...] = ()
    person_points: tuple[str, ...] = ()  # p: lines, added to the meeting's own points ("Hva vil du ta opp?")
    next_meeting_on: date | None = None
    next_meeting_at: time | None = None
    skipped: tuple[tuple[str, Message], ...] = field(default=())  # (line, problem)


def person_present(case_file: CaseFile, meeting_id: int) -> bool:
    person_ids = {m.id for m in case_file.members if m.kind is MemberKind.PERSON}
    return any(
        p.member_id in person_ids and p.attendance is Attendance.PRESENT for p in case_file.participants_of(meeting_id)
    )


def working_day(day: date) -> date:
    """The day itself on Monday to Friday, else the Monday after."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def plan_close(case_file: CaseFile, meeting_id: int, today: date, *, closed: bool = False) -> ClosePlan:
    """Read every line of the meeting and collect the plan changes it asks for.

    Lines with a problem that makes them unusable (an evaluation with no goal, an action item naming
    nobody known) are listed in `skipped`; they stay in the minutes verbatim. `closed` reads the lines of
    a meeting already closed (for its minutes): a task it followed up is no longer open, and that is fine.
    """
    members = [m for m in case_file.members if m.active]
    goal_by_number = {n: gid for gid, n in case_file.goal_numbers().items()}
    measure_by_number = {n: mid for mid, n in case_file.measure_numbers().items()}
    present = person_present(case_file, meeting_id)
    cadence = timedelta(days=max(case_file.case.meeting_cadence_days or 120, 1))
    decisions, actions, measures, evaluations, views, follow_ups = [], [], [], [], [], []
    person_points: list[str] = []
    action_by_number = {n: aid for aid, n in case_file.action_numbers().items()}
    open_actions = {a.id for a in case_file.action_items if a.status is ActionStatus.OPEN}
    # A follow-up is about a task that existed before this meeting: once the meeting is closed, its own new
    # tasks (or a later meeting's) would otherwise answer to a number that named nothing when it was typed.
    this = case_file.meeting(meeting_id)
    later = {m.id for m in case_file.meetings if this is not None and m.starts_at >= this.starts_at}
    earlier_actions = {a.id for a in case_file.action_items if a.meeting_id not in later}
    skipped: list[tuple[str, Message]] = []
    next_on: date | None = None
    next_at: time | None = None
    last_view = ""

    def skip(line: ParsedLine, why: Message) -> None:
        skipped.append((line.raw, why))

    for stored in case_file.lines_of(meeting_id):
        line = parse_line(stored.text, members, today)
        kind = line.kind
        if kind is LineKind.NOTE:
            continue
        if kind is LineKind.PERSON_POINT:
            if line.text:
                person_points.append(line.text)
            continue
        if kind is LineKind.VIEW:
            if line.text:
                views.append(line.text)
                last_view = line.text
            continue
        if kind is LineKind.DECISION:
            if not line.text:
                skip(line, message("Beslutningen mangler tekst"))
                continue
            decisions.append(
                PlannedDecision(line.text, line.alternatives, line.person_view or last_view, present, stored.info_kind)
            )
            last_view = ""  # a view said before a decision belongs to that decision only
        elif kind is LineKind.ACTION:
            if not line.text or line.unresolved_mentions:
                skip(line, (line.problems[0] if line.problems else message("Oppgaven mangler tekst")))
                continue
            actions.append(PlannedAction(line.text, line.owner_id, line.due, stored.info_kind))
        elif kind is LineKind.MEASURE:
            unknown = [n for n in line.goal_numbers if n not in goal_by_number]
            target = [measure_by_number.get(n) for n in line.measure_numbers]
            if unknown or None in target or line.unresolved_mentions:
                skip(line, message("Ukjent mål, tiltak eller person i linjen"))
                continue
            if not line.text and not target:
                skip(line, message("Tiltaket mangler tekst"))
                continue
            measures.append(
                PlannedMeasure(
                    what=line.text,
                    goal_ids=tuple(goal_by_number[n] for n in line.goal_numbers),
                    responsible_member_id=line.owner_id,
                    from_date=line.from_date,
                    to_date=line.to_date,
                    changes_measure_id=target[0] if target else None,
                    scope=line.scope,
                    how=line.how,
                    info_kind=stored.info_kind,
                )
            )
        elif kind is LineKind.EVALUATION:
            if line.outcome is None or not (line.goal_numbers or line.measure_numbers):
                skip(line, (line.problems[0] if line.problems else message("Ufullstendig evaluering")))
                continue
            ends = line.outcome in (EvaluationOutcome.ACHIEVED, EvaluationOutcome.STOP)
            nxt = None if ends else (line.due or today + cadence)
            proposed = not ends and line.due is None
            if line.goal_numbers:
                gid = goal_by_number.get(line.goal_numbers[0])
                if gid is None:
                    skip(line, message("Ukjent mål"))
                    continue
                evaluations.append(PlannedEvaluation(line.outcome, line.text, gid, None, nxt, proposed))
            else:
                mid = measure_by_number.get(line.measure_numbers[0])
                if mid is None:
                    skip(line, message("Ukjent tiltak"))
                    continue
                evaluations.append(PlannedEvaluation(line.outcome, line.text, None, mid, nxt, proposed))
        elif kind is LineKind.FOLLOW_UP:
            if not line.task_numbers or line.unresolved_mentions:
                skip(line, (line.problems[0] if line.problems else message("Hvilken oppgave?")))
                continue
            if not (line.task_status or line.due or line.owner_id):
                skip(line, line.problems[0])
                continue
            for number in line.task_numbers:
                aid = action_by_number.get(number)
                if aid is None or aid not in earlier_actions or (aid not in open_actions and not closed):
                    skip(line, message("#o{number} er ikke en åpen oppgave", number=number))
                    continue
                follow_ups.append(PlannedFollowUp(aid, number, line.task_status, line.due, line.owner_id, line.text))
        elif kind is LineKind.NEXT_MEETING:
            if line.due is None:
                skip(line, (line.problems[0] if line.problems else message("Mangler dato")))
                continue
            next_on, next_at = line.due, line.at
    # A proposed evaluation is due after the case's cadence, on a working day, or at the next meeting if that
    # comes first: it was proposed for a Saturday, a month after the meeting where the group would evaluate.
    proposed_on = working_day(today + cadence)
    if next_on is not None and today < next_on < proposed_on:
        proposed_on = next_on
    evaluations = [replace(e, next_evaluate_by=proposed_on) if e.proposed else e for e in evaluations]
    return ClosePlan(
        decisions=tuple(decisions),
        actions=tuple(actions),
        measures=tuple(measures),
        evaluations=tuple(evaluations),
        views=tuple(views),
        follow_ups=tuple(follow_ups),
        person_points=tuple(person_points),
        next_meeting_on=next_on,
        next_meeting_at=next_at,
        skipped=tuple(skipped),
    )
