"""The coordination data of an individual plan, as plain dataclasses.

Names follow the table in the domain notes: English in code, Norwegian in the UI. Objects are
immutable; services build new ones with `dataclasses.replace` and hand them to the store.
Ids are integers given by the store; `None` means "not saved yet".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class CaseStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class MemberKind(StrEnum):
    """Who a group member is in relation to the person; the meeting planner counts these."""

    PERSON = "person"  # the person the plan is for
    RELATIVE = "relative"  # pårørende, foresatte, verge
    ADVOCATE = "advocate"  # likeperson, støttekontakt chosen by the person
    SERVICE = "service"  # a professional from a service


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PAUSED = "paused"
    DROPPED = "dropped"


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    ENDED = "ended"
    STOPPED = "stopped"


OPEN_MEASURE_STATUSES = frozenset({MeasureStatus.PLANNED, MeasureStatus.ACTIVE})


class EvaluationOutcome(StrEnum):
    ACHIEVED = "achieved"
    PARTLY_ACHIEVED = "partly_achieved"  # "delvis nådd": what meetings say most; the goal goes on
    CONTINUE = "continue"
    CHANGE = "change"
    STOP = "stop"


class ConsentMethod(StrEnum):
    WRITTEN = "written"
    ORAL = "oral"
    DIGITAL = "digital"


class ConsentSection(StrEnum):
    """Parts of a case a consent can open to a recipient."""

    PLAN = "plan"  # that the plan exists, the coordinator, plan period
    GOALS = "goals"
    MEASURES = "measures"
    GROUP = "group"
    MEETINGS = "meetings"
    EVALUATIONS = "evaluations"
    NOTES = "notes"


class InfoKind(StrEnum):
    """Kinds of confidential information, as people give consent to them ("not health matters")."""

    HEALTH = "health"  # helse og behandling
    NAV = "nav"  # NAV og økonomi
    CHILD_WELFARE = "child_welfare"  # barnevern
    SCHOOL = "school"  # skole og barnehage
    HOUSING = "housing"  # bolig
    FAMILY = "family"  # familieforhold


ALL_KINDS: tuple[InfoKind, ...] = tuple(InfoKind)


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Attendance(StrEnum):
    INVITED = "invited"
    PRESENT = "present"
    ABSENT = "absent"
    APOLOGIES = "apologies"  # meldt forfall


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class NoteKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    VISIT = "visit"
    MEETING = "meeting"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Case:
    """One person's individual plan and the facts around it."""

    person_name: str
    id: int | None = None
    national_id: str | None = None
    birth_date: date | None = None
    status: CaseStatus = CaseStatus.ACTIVE
    coordinator: str = ""
    plan_start: date | None = None
    plan_end: date | None = None
    next_revision: date | None = None
    resources: str = ""  # § 19 a: the person's resources
    needs: str = ""  # § 19 a: needs for services
    collaboration: str = ""  # § 19 i: collaboration with other providers and agencies
    meeting_cadence_days: int = 120
    created_at: datetime | None = None
    updated_at: datetime | None = None
    closed_on: date | None = None


@dataclass(frozen=True, slots=True)
class RelatedPerson:
    """Pårørende, foresatt or verge: someone around the person, member of the group or not."""

    case_id: int
    name: str
    relation: str  # free text from a vocabulary: mor, far, verge, ektefelle …
    id: int | None = None
    contact: str = ""
    is_guardian: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class Member:
    """A member of the responsibility group."""

    case_id: int
    name: str
    role: str
    id: int | None = None
    kind: MemberKind = MemberKind.SERVICE
    organisation: str = ""
    phone: str = ""
    email: str = ""
    contributes: str = ""  # § 19 d: what this participant contributes
    has_decision_authority: bool = False
    is_coordinator: bool = False
    last_confirmed: date | None = None
    active: bool = True
    sector: InfoKind | None = None  # the kind of information this member's service holds; None: not said


@dataclass(frozen=True, slots=True)
class Goal:
    """A goal, in the person's own words where possible; sub-goals point at a main goal."""

    case_id: int
    text: str
    id: int | None = None
    parent_id: int | None = None
    is_own_words: bool = True
    status: GoalStatus = GoalStatus.ACTIVE
    evaluate_by: date | None = None
    position: int = 0
    created_on: date | None = None
    info_kind: InfoKind | None = None  # None: shared with everyone who may see the goals


@dataclass(frozen=True, slots=True)
class ServiceDecisionRef:
    """A reference to a formal decision (vedtak) made elsewhere; never a copy of it."""

    case_id: int
    system: str
    reference: str
    id: int | None = None
    decided_on: date | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure (tiltak) serving one or more goals. No responsible member means "unclear"."""

    case_id: int
    what: str
    id: int | None = None
    goal_ids: tuple[int, ...] = ()
    scope: str = ""  # omfang: "2 t/uke"
    how: str = ""  # § 19 f: how it is carried out
    responsible_member_id: int | None = None
    from_date: date | None = None
    to_date: date | None = None
    status: MeasureStatus = MeasureStatus.ACTIVE
    last_confirmed: date | None = None
    evaluate_by: date | None = None
    service_decision: str = ""  # reference text to a vedtak (system + number)
    info_kind: InfoKind | None = None  # None: the responsible service's sector

    @property
    def is_responsibility_unclear(self) -> bool:
        return self.responsible_member_id is None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A dated assessment of a goal or a measure."""

    case_id: int
    evaluated_on: date
    outcome: EvaluationOutcome
    id: int | None = None
    goal_id: int | None = None
    measure_id: int | None = None
    comment: str = ""
    meeting_id: int | None = None


@dataclass(frozen=True, slots=True)
class Consent:
    """Consent to the plan and to sharing with named participants (§ 19 h)."""

    case_id: int
    given_on: date
    method: ConsentMethod
    id: int | None = None
    covers_plan: bool = True
    recipient_member_ids: tuple[int, ...] = ()
    sections: tuple[ConsentSection, ...] = ()
    own_measures_only: bool = False  # only what the recipient's own service is responsible for
    kinds: tuple[InfoKind, ...] = ALL_KINDS  # kinds of information the recipient may see
    service_member_ids: tuple[int, ...] = ()  # further services (by a member of each) whose items are shared
    recipient_related_ids: tuple[int, ...] = ()  # recipients outside the group (a sister, a grandparent)
    scope_text: str = ""
    expires_on: date | None = None
    original_location: str = ""  # where the signed original is kept
    given_by: str = ""  # the person, or a guardian on their behalf
    withdrawn_on: date | None = None

    def is_valid_on(self, day: date) -> bool:
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        return self.expires_on is None or self.expires_on >= day


@dataclass(frozen=True, slots=True)
class Meeting:
    """A responsibility-group meeting (ansvarsgruppemøte)."""

    case_id: int
    starts_at: datetime
    id: int | None = None
    place: str = ""
    status: MeetingStatus = MeetingStatus.PLANNED
    agenda: tuple[str, ...] = ()
    minutes_writer: str = ""
    next_meeting_on: date | None = None
    summary: str = ""
    closed_at: datetime | None = None
    # Agenda point text -> InfoKind value, for points the coordinator gave a kind. Keyed by the text, so
    # moving points keeps their kinds and an edited point loses its kind (and is then shared less).
    agenda_kinds: dict[str, str] = field(default_factory=dict)
    video_link: str = ""
    # "Hva vil du ta opp?": the person's own points, recorded before the meeting; first on the agenda.
    person_points: tuple[str, ...] = ()
    # What the meeting must decide, so it decides instead of reporting status.
    decisions_needed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingTemplate:
    """Defaults for planning a meeting. `agenda_sections` may hold PLAN_POINTS, which expands to the
    points generated from the plan (goals, measures due, open action items …)."""

    name: str
    id: int | None = None
    case_id: int | None = None  # None: a global template
    invitee_member_ids: tuple[int, ...] = ()
    invitee_roles: tuple[str, ...] = ()  # for global templates: "NAV", "fastlege", "skole" …
    minutes_writer: str = ""
    agenda_sections: tuple[str, ...] = ()
    place: str = ""


PLAN_POINTS = "{plan}"


@dataclass(frozen=True, slots=True)
class MeetingParticipant:
    meeting_id: int
    member_id: int
    attendance: Attendance = Attendance.INVITED
    why_invited: str = ""
    written_input: str = ""  # sent by a member who has apologies (forfall), shown in the meeting and minutes


@dataclass(frozen=True, slots=True)
class MeetingLine:
    """One timestamped line of minutes as typed; kept verbatim whatever it parses to."""

    meeting_id: int
    position: int
    written_at: datetime
    text: str
    id: int | None = None
    info_kind: InfoKind | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    case_id: int
    text: str
    decided_on: date
    id: int | None = None
    meeting_id: int | None = None
    alternatives: str = ""
    person_view: str = ""
    person_present: bool = False
    service_member_id: int | None = None  # the service the decision is about, when it is one service's
    info_kind: InfoKind | None = None


@dataclass(frozen=True, slots=True)
class ActionItem:
    case_id: int
    text: str
    id: int | None = None
    owner_member_id: int | None = None
    due_on: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    meeting_id: int | None = None
    measure_id: int | None = None
    done_on: date | None = None
    info_kind: InfoKind | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A short contact note ("telefon med læreren"), strictly per case."""

    case_id: int
    text: str
    written_at: datetime
    id: int | None = None
    kind: NoteKind = NoteKind.OTHER
    info_kind: InfoKind | None = None


@dataclass(frozen=True, slots=True)
class CoordinatorAssignment:
    case_id: int
    coordinator: str
    from_date: date
    id: int | None = None
    to_date: date | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Assessment:
    """A mapping of resources and needs (kartlegging), referenced rather than copied."""

    case_id: int
    assessed_on: date
    area: str
    id: int | None = None
    summary: str = ""
    reference: str = ""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    entity: str
    entity_id: int
    action: str  # create / update / delete
    id: int | None = None
    case_id: int | None = None
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseFile:
    """Everything recorded on one case, as the workspace, exports and handovers need it."""

    case: Case
    related: tuple[RelatedPerson, ...] = ()
    members: tuple[Member, ...] = ()
    goals: tuple[Goal, ...] = ()
    measures: tuple[Measure, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    consents: tuple[Consent, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    decisions: tuple[Decision, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    notes: tuple[Note, ...] = ()
    coordinators: tuple[CoordinatorAssignment, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    service_decisions: tuple[ServiceDecisionRef, ...] = ()
    participants: tuple[MeetingParticipant, ...] = ()
    meeting_lines: tuple[MeetingLine, ...] = ()
    # When the plan's content last changed, from the audit log (not the case row, which a note or an
    # export leaves alone and a mere re-save touches).
    plan_changed_at: datetime | None = None

    def meeting(self, meeting_id: int | None) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def participants_of(self, meeting_id: int) -> tuple[MeetingParticipant, ...]:
        return tuple(p for p in self.participants if p.meeting_id == meeting_id)

    def lines_of(self, meeting_id: int) -> tuple[MeetingLine, ...]:
        return tuple(line for line in self.meeting_lines if line.meeting_id == meeting_id)

    def goal_numbers(self) -> dict[int, int]:
        """Goal id -> the number shown on screen and typed in minutes (#1, #2 …), in plan order."""
        return {g.id: n for n, g in enumerate(self.goals, start=1) if g.id is not None}

    def measure_numbers(self) -> dict[int, int]:
        """Measure id -> its number (#t1, #t2 …)."""
        return {m.id: n for n, m in enumerate(self.measures, start=1) if m.id is not None}

    def member_numbers(self) -> dict[int, int]:
        """Member id -> the member's short number in this case (1, 2, 3 … in the order they were added),
        shown in the group list and accepted by `export --for`. Stable: a new member gets the next one."""
        return {m.id: n for n, m in enumerate(sorted(self.members, key=lambda m: m.id or 0), 1) if m.id is not None}

    def related_numbers(self) -> dict[int, int]:
        """Related person id -> their short number, shown and typed as p1, p2 …"""
        return {r.id: n for n, r in enumerate(sorted(self.related, key=lambda r: r.id or 0), 1) if r.id is not None}

    def action_numbers(self) -> dict[int, int]:
        """Action item id -> its number in the case (#o1, #o2 …), oldest first; items are never deleted."""
        ordered = sorted((a for a in self.action_items if a.id is not None), key=lambda a: a.id or 0)
        return {a.id: n for n, a in enumerate(ordered, start=1) if a.id is not None}

    def member(self, member_id: int | None) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def goal(self, goal_id: int | None) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def main_goals(self) -> tuple[Goal, ...]:
        return tuple(g for g in self.goals if g.parent_id is None)

    def sub_goals(self, goal_id: int) -> tuple[Goal, ...]:
        return tuple(g for g in self.goals if g.parent_id == goal_id)

    def measures_for_goal(self, goal_id: int) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if goal_id in m.goal_ids)
