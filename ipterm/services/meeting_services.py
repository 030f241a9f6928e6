"""Responsibility-group meetings: plan, run (attendance, minutes typed line by line), close into the plan."""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ipterm import paths
from ipterm.domain.agenda import Balance, build_agenda, invite_balance
from ipterm.domain.changes import is_plan_change
from ipterm.domain.errors import NotFoundError, ValidationError
from ipterm.domain.meeting_close import ClosePlan, PlannedEvaluation, PlannedMeasure, plan_close
from ipterm.domain.messages import message
from ipterm.domain.minutes import ParsedLine, complete_mention, fold, parse_line
from ipterm.domain.models import (
    PLAN_POINTS,
    ActionItem,
    ActionStatus,
    Attendance,
    AuditEntry,
    Decision,
    Evaluation,
    Goal,
    GoalStatus,
    Measure,
    MeasureStatus,
    Meeting,
    MeetingLine,
    MeetingParticipant,
    MeetingStatus,
    MeetingTemplate,
    MemberKind,
    Note,
    NoteKind,
)
from ipterm.domain.shipped_templates import FilledTemplate, ShippedTemplate, fill_template, parse_templates
from ipterm.domain.validation import require_text

if TYPE_CHECKING:
    from ipterm.services.case_services import Services
    from ipterm.store.database import Store


def _shipped_templates() -> tuple[ShippedTemplate, ...]:
    return _read_shipped(paths.meeting_templates_file())


@functools.cache
def _read_shipped(path: Path) -> tuple[ShippedTemplate, ...]:
    return parse_templates(tomllib.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True, slots=True)
class ClosePreview:
    """What the review screen shows before the coordinator confirms closing the meeting."""

    plan: ClosePlan
    changes_since_last: tuple[AuditEntry, ...]


class MeetingServices:
    """Use cases of meeting mode; reached as `services.meetings`."""

    def __init__(self, services: Services) -> None:
        self._s = services
        # Half-typed lines of meetings left with Esc, by meeting id: back in the input when it is reopened.
        self.drafts: dict[int, str] = {}

    @property
    def store(self) -> Store:
        # Looked up each time: after an auto-lock the services get a freshly unlocked store.
        return self._s.store

    # -- planning ------------------------------------------------------------------------------
    def plan_meeting(
        self,
        case_id: int,
        starts_at: datetime,
        *,
        place: str = "",
        invitees: Iterable[tuple[int, str]] | None = None,
        minutes_writer: str = "",
        agenda: Iterable[str] | None = None,
        video_link: str = "",
        person_points: Iterable[str] = (),
        decisions_needed: Iterable[str] = (),
    ) -> Meeting:
        """A planned meeting with an agenda generated from the plan (unless one is given) and its invitees.

        `invitees` are (member id, why invited); by default every active member of the group.
        `person_points` are what the person wants to bring up ("Hva vil du ta opp?"), first on the agenda;
        `decisions_needed` what the meeting must decide.
        """
        case_file = self._s.case_file(case_id)
        members = {m.id: m for m in case_file.members if m.active}
        chosen = (
            list(invitees) if invitees is not None else [(mid, m.contributes or m.role) for mid, m in members.items()]
        )
        unknown = [mid for mid, _ in chosen if mid not in members]
        if unknown:
            raise ValidationError("En invitert er ikke med i ansvarsgruppen.", field="invitees")
        points = list(agenda) if agenda is not None else build_agenda(case_file, starts_at.date())
        with self.store.transaction():
            meeting = self.store.meetings.add(
                Meeting(
                    case_id=case_id,
                    starts_at=starts_at,
                    place=place.strip(),
                    agenda=tuple(p.strip() for p in points if p.strip()),
                    minutes_writer=minutes_writer.strip() or case_file.case.coordinator,
                    video_link=video_link.strip(),
                    person_points=_lines(person_points),
                    decisions_needed=_lines(decisions_needed),
                )
            )
            for member_id, why in chosen:
                self.store.set_participant(
                    MeetingParticipant(meeting_id=meeting.id, member_id=member_id, why_invited=why.strip())
                )
        return meeting

    def set_summons_details(
        self,
        meeting_id: int,
        *,
        video_link: str | None = None,
        person_points: Iterable[str] | None = None,
        decisions_needed: Iterable[str] | None = None,
    ) -> Meeting:
        """The video link, the person's own points and what must be decided, for a meeting not yet closed."""
        self._open_meeting(meeting_id)
        changes: dict[str, object] = {}
        if video_link is not None:
            changes["video_link"] = video_link.strip()
        if person_points is not None:
            changes["person_points"] = _lines(person_points)
        if decisions_needed is not None:
            changes["decisions_needed"] = _lines(decisions_needed)
        return self.store.meetings.change(meeting_id, **changes) if changes else self.store.meetings.get(meeting_id)

    def set_written_input(self, meeting_id: int, member_id: int, text: str) -> None:
        """What a member who cannot come sent in writing; shown in the meeting and printed in the minutes."""
        self._open_meeting(meeting_id)
        current = {p.member_id: p for p in self.store.participants(meeting_id)}
        if member_id not in current:
            raise ValidationError("Deltakeren er ikke innkalt til dette møtet.", field="member")
        self.store.set_participant(dataclasses.replace(current[member_id], written_input=text.strip()))

    def participants(self, meeting_id: int) -> list[MeetingParticipant]:
        return self.store.participants(meeting_id)

    def balance(self, meeting_id: int) -> Balance:
        meeting = self.store.meetings.get(meeting_id)
        invited_ids = {p.member_id for p in self.store.participants(meeting_id)}
        members = [m for m in self.store.members.for_case(meeting.case_id) if m.id in invited_ids]
        return invite_balance(members)

    def move_agenda_point(self, meeting_id: int, index: int, offset: int) -> Meeting:
        meeting = self.store.meetings.get(meeting_id)
        points = list(meeting.agenda)
        target = index + offset
        if not (0 <= index < len(points) and 0 <= target < len(points)):
            return meeting
        points[index], points[target] = points[target], points[index]
        return self.store.meetings.change(meeting_id, agenda=tuple(points))

    # -- templates -----------------------------------------------------------------------------
    def templates(self, case_id: int) -> list[MeetingTemplate]:
        """Templates for this case first, then the global ones."""
        return [
            *self.store.meeting_templates.where("case_id = ?", (case_id,)),
            *self.store.meeting_templates.where("case_id IS NULL"),
        ]

    def save_template(
        self,
        name: str,
        *,
        case_id: int | None = None,
        invitee_member_ids: Iterable[int] = (),
        invitee_roles: Iterable[str] = (),
        minutes_writer: str = "",
        agenda_sections: Iterable[str] = (PLAN_POINTS,),
        place: str = "",
    ) -> MeetingTemplate:
        template = MeetingTemplate(
            name=require_text(name, message("Navnet på malen"), field="name"),
            case_id=case_id,
            invitee_member_ids=tuple(invitee_member_ids),
            invitee_roles=tuple(r.strip() for r in invitee_roles if r.strip()),
            minutes_writer=minutes_writer.strip(),
            agenda_sections=tuple(a.strip() for a in agenda_sections if a.strip()),
            place=place.strip(),
        )
        return self.store.meeting_templates.add(template)

    def template_from_meeting(self, meeting_id: int, name: str, *, for_case: bool = True) -> MeetingTemplate:
        """Keep a meeting's invitees, minutes writer and agenda as a template for the next time."""
        meeting = self.store.meetings.get(meeting_id)
        members = {m.id: m for m in self.store.members.for_case(meeting.case_id)}
        invited = [p.member_id for p in self.store.participants(meeting_id)]
        return self.save_template(
            name,
            case_id=meeting.case_id if for_case else None,
            invitee_member_ids=invited if for_case else (),
            invitee_roles=() if for_case else [members[i].organisation or members[i].role for i in invited],
            minutes_writer=meeting.minutes_writer,
            agenda_sections=meeting.agenda if for_case else (PLAN_POINTS,),
            place=meeting.place,
        )

    def shipped_templates(self) -> tuple[ShippedTemplate, ...]:
        """The templates shipped with ipterm for the situations, read once and checked strictly."""
        return _shipped_templates()

    def fill_shipped(self, case_id: int, key: str) -> FilledTemplate:
        """A shipped template applied to the case's group: invitees by role, the roles nobody fills, the
        minutes writer and the agenda sections."""
        template = next((t for t in self.shipped_templates() if t.key == key), None)
        if template is None:
            raise NotFoundError("Fant ingen møtemal som heter {key}.", key=key)
        return fill_template(template, self._s.case_file(case_id))

    def plan_from_shipped(self, case_id: int, key: str, starts_at: datetime, *, place: str = "") -> Meeting:
        """Plan a meeting from a shipped template, as `plan_from_template` does for the user's own."""
        filled = self.fill_shipped(case_id, key)
        generated = build_agenda(self._s.case_file(case_id), starts_at.date())
        agenda: list[str] = []
        for section in filled.agenda_sections:
            agenda.extend(generated if section == PLAN_POINTS else [section])
        return self.plan_meeting(
            case_id, starts_at, place=place, minutes_writer=filled.minutes_writer, agenda=agenda,
            invitees=list(filled.invitees),
        )  # fmt: skip

    def plan_from_template(self, case_id: int, template_id: int, starts_at: datetime) -> Meeting:
        """Plan a meeting with a template's invitees, writer, place and agenda sections."""
        template = self.store.meeting_templates.get(template_id)
        case_file = self._s.case_file(case_id)
        active = [m for m in case_file.members if m.active]
        if template.case_id == case_id:
            chosen = [m for m in active if m.id in template.invitee_member_ids]
        else:
            words = [fold(r) for r in template.invitee_roles]
            chosen = [
                m
                for m in active
                if m.kind is not MemberKind.SERVICE
                or any(w and (w in fold(m.role) or w in fold(m.organisation)) for w in words)
            ]
        generated = build_agenda(case_file, starts_at.date())
        agenda: list[str] = []
        for section in template.agenda_sections or (PLAN_POINTS,):
            agenda.extend(generated if section == PLAN_POINTS else [section])
        return self.plan_meeting(
            case_id, starts_at, place=template.place, minutes_writer=template.minutes_writer, agenda=agenda,
            invitees=[(m.id, m.contributes or m.role) for m in chosen],
        )  # fmt: skip

    # -- running -------------------------------------------------------------------------------
    def start(self, meeting_id: int) -> Meeting:
        meeting = self._open_meeting(meeting_id)
        if meeting.status is MeetingStatus.RUNNING:
            return meeting
        started = dataclasses.replace(meeting, status=MeetingStatus.RUNNING)
        now = self._s.clock.now()
        if meeting.starts_at.date() != now.date():
            # Held on another day than planned (the coordinator was asked): the record is of the day it was
            # held. Kept at the planned date, a meeting held on 3.12 read "28.12, avsluttet 03.12".
            started = dataclasses.replace(started, starts_at=now)
        return self.store.meetings.update(started)

    def _open_meeting(self, meeting_id: int) -> Meeting:
        meeting = self.store.meetings.get(meeting_id)
        if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
            raise ValidationError("Møtet er avsluttet og kan ikke endres.")
        return meeting

    def set_attendance(self, meeting_id: int, member_id: int, attendance: Attendance) -> None:
        self._open_meeting(meeting_id)
        current = {p.member_id: p for p in self.store.participants(meeting_id)}
        if member_id in current:
            self.store.set_participant(dataclasses.replace(current[member_id], attendance=attendance))
        else:
            self.store.set_participant(
                MeetingParticipant(meeting_id=meeting_id, member_id=member_id, attendance=attendance)
            )

    def cycle_attendance(self, meeting_id: int, member_id: int) -> Attendance:
        """invited -> present -> apologies -> absent -> present … (one key in the meeting screen)."""
        order = [Attendance.PRESENT, Attendance.APOLOGIES, Attendance.ABSENT]
        now = self.store.attendance(meeting_id).get(member_id, Attendance.INVITED)
        following = order[(order.index(now) + 1) % len(order)] if now in order else Attendance.PRESENT
        self.set_attendance(meeting_id, member_id, following)
        return following

    def get(self, meeting_id: int) -> Meeting:
        return self.store.meetings.get(meeting_id)

    def attendance(self, meeting_id: int) -> dict[int, Attendance]:
        return self.store.attendance(meeting_id)

    def line(self, line_id: int) -> MeetingLine:
        return self.store.meeting_lines.get(line_id)

    def template(self, template_id: int) -> MeetingTemplate:
        return self.store.meeting_templates.get(template_id)

    def lines(self, meeting_id: int) -> list[MeetingLine]:
        return self.store.meeting_lines.for_case(meeting_id)

    def add_line(self, meeting_id: int, text: str) -> MeetingLine:
        """Save one typed line at once (committed before this returns: a crash loses nothing typed before)."""
        self._open_meeting(meeting_id)
        row = self.store.conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM meeting_lines WHERE meeting_id = ?", (meeting_id,)
        ).fetchone()
        line = MeetingLine(meeting_id=meeting_id, position=int(row[0]), written_at=self._s.clock.now(), text=text)
        return self.store.meeting_lines.add(line)

    def update_line(self, line_id: int, text: str) -> MeetingLine:
        """Correct a line until the meeting is closed; the change is in the case's history."""
        line = self.store.meeting_lines.get(line_id)
        meeting = self._open_meeting(line.meeting_id)
        with self.store.transaction():
            updated = self.store.meeting_lines.update(dataclasses.replace(line, text=text))
            if text != line.text:
                self.store.audit("meeting_line", line_id, meeting.case_id, "update", {"text": [line.text, text]})
        return updated

    def delete_line(self, line_id: int) -> None:
        line = self.store.meeting_lines.get(line_id)
        meeting = self._open_meeting(line.meeting_id)
        with self.store.transaction():
            self.store.meeting_lines.delete(line_id)
            self.store.audit("meeting_line", line_id, meeting.case_id, "delete", {"text": [line.text, None]})

    def preview_line(self, meeting_id: int, text: str) -> ParsedLine:
        """The inline meaning of a line as it is being typed."""
        meeting = self.store.meetings.get(meeting_id)
        members = [m for m in self.store.members.for_case(meeting.case_id) if m.active]
        return parse_line(text, members, self._s.today())

    def complete_member(self, meeting_id: int, prefix: str, *, nameless: bool = False) -> list[str]:
        """`@prefix` completions; `nameless` in privacy mode (see `complete_mention`)."""
        meeting = self.store.meetings.get(meeting_id)
        members = [m for m in self.store.members.for_case(meeting.case_id) if m.active]
        return complete_mention(prefix, members, nameless=nameless)

    # -- closing -------------------------------------------------------------------------------
    def preview_close(self, meeting_id: int) -> ClosePreview:
        meeting = self._open_meeting(meeting_id)
        case_file = self._s.case_file(meeting.case_id)
        plan = plan_close(case_file, meeting_id, self._s.today())
        previous = [
            m for m in case_file.meetings if m.status is MeetingStatus.CLOSED and m.closed_at and m.id != meeting_id
        ]
        since = max((m.closed_at for m in previous), default=None)
        trail = self.store.audit_trail(meeting.case_id, limit=2000)
        # Plan changes only: attendance, minutes lines, exports and notes are the record of work, not the plan.
        changes = tuple(e for e in trail if (since is None or e.at > since) and is_plan_change(e))
        return ClosePreview(plan=plan, changes_since_last=changes)

    def close(
        self, meeting_id: int, *, summary: str = "", confirm_member_ids: Iterable[int] | None = None
    ) -> ClosePlan:
        """Apply the meeting to the plan in one transaction and mark it closed.

        Creates the decisions, action items, new or changed measures and evaluations the lines ask for,
        plans the next meeting, and records the person's views as notes on the case. Members present have
        their contact details confirmed today (`confirm_member_ids` narrows that to the ones still ticked).
        """
        meeting = self._open_meeting(meeting_id)
        case_id = meeting.case_id
        today = self._s.today()
        plan = plan_close(self._s.case_file(case_id), meeting_id, today)
        store = self.store
        with store.transaction():
            for d in plan.decisions:
                store.decisions.add(
                    Decision(case_id=case_id, text=d.text, decided_on=today, meeting_id=meeting_id,
                             alternatives=d.alternatives, person_view=d.person_view, person_present=d.person_present,
                             info_kind=d.info_kind)
                )  # fmt: skip
            for a in plan.actions:
                store.action_items.add(
                    ActionItem(case_id=case_id, text=a.text, owner_member_id=a.owner_member_id, due_on=a.due_on,
                               meeting_id=meeting_id, info_kind=a.info_kind)
                )  # fmt: skip
            for m in plan.measures:
                self._apply_measure(case_id, m, today)
            for f in plan.follow_ups:
                changes: dict[str, object] = {}
                if f.status:
                    changes.update(status=ActionStatus(f.status), done_on=today)
                if f.due_on:
                    changes["due_on"] = f.due_on
                if f.owner_member_id is not None:
                    changes["owner_member_id"] = f.owner_member_id
                store.action_items.change(f.action_id, **changes)
            for e in plan.evaluations:
                self._apply_evaluation(case_id, e, meeting_id, today)
            for view in plan.views:
                store.notes.add(
                    Note(case_id=case_id, text=f"Personens syn (møte {meeting.starts_at:%d.%m.%Y}): {view}",
                         written_at=self._s.clock.now(), kind=NoteKind.MEETING)
                )  # fmt: skip
            closed = dataclasses.replace(
                meeting, status=MeetingStatus.CLOSED, closed_at=self._s.clock.now(),
                next_meeting_on=plan.next_meeting_on or meeting.next_meeting_on,
                summary=summary.strip() or meeting.summary,
                person_points=meeting.person_points
                + tuple(p for p in plan.person_points if p not in meeting.person_points),
            )  # fmt: skip
            store.meetings.update(closed)
            present = {
                p.member_id for p in store.participants(meeting_id) if p.attendance is Attendance.PRESENT
            }  # fmt: skip
            if confirm_member_ids is not None:
                present &= set(confirm_member_ids)
            for member in store.members.for_case(case_id):
                # Those at the table confirmed who they are and how to reach them (the review says so).
                if member.id in present and member.last_confirmed != today:
                    store.members.update(dataclasses.replace(member, last_confirmed=today))
            if plan.next_meeting_on:
                self._plan_next(meeting, plan.next_meeting_on, plan.next_meeting_at)
        return plan

    def _apply_measure(self, case_id: int, planned: PlannedMeasure, today: date) -> None:
        store = self.store
        if planned.changes_measure_id is not None:
            current = store.measures.get(planned.changes_measure_id)
            changes: dict[str, object] = {"last_confirmed": today}
            if planned.what:
                changes["what"] = planned.what
            if planned.goal_ids:
                changes["goal_ids"] = tuple(dict.fromkeys(current.goal_ids + planned.goal_ids))
            if planned.responsible_member_id is not None:
                changes["responsible_member_id"] = planned.responsible_member_id
            if planned.from_date:
                changes["from_date"] = planned.from_date
            if planned.to_date:
                changes["to_date"] = planned.to_date
            if planned.scope:
                changes["scope"] = planned.scope
            if planned.how:
                changes["how"] = planned.how
            if planned.info_kind is not None:
                changes["info_kind"] = planned.info_kind
            store.measures.update(dataclasses.replace(current, **changes))
            return
        store.measures.add(
            Measure(case_id=case_id, what=planned.what, goal_ids=planned.goal_ids,
                    responsible_member_id=planned.responsible_member_id, from_date=planned.from_date or today,
                    to_date=planned.to_date, last_confirmed=today,
                    # One that starts later is planned until then, not running.
                    status=MeasureStatus.PLANNED if (planned.from_date or today) > today else MeasureStatus.ACTIVE,
                    scope=planned.scope, how=planned.how, info_kind=planned.info_kind)
        )  # fmt: skip

    def _apply_evaluation(self, case_id: int, planned: PlannedEvaluation, meeting_id: int, today: date) -> None:
        store = self.store
        store.evaluations.add(
            Evaluation(case_id=case_id, evaluated_on=today, outcome=planned.outcome, goal_id=planned.goal_id,
                       measure_id=planned.measure_id, comment=planned.comment, meeting_id=meeting_id)
        )  # fmt: skip
        if planned.goal_id is not None:
            goal: Goal = store.goals.get(planned.goal_id)
            status = {"achieved": GoalStatus.ACHIEVED, "stop": GoalStatus.DROPPED}.get(planned.outcome.value)
            # An evaluation moves the next one on; it never leaves a going goal without a date.
            store.goals.update(
                dataclasses.replace(
                    goal, status=status or goal.status, evaluate_by=planned.next_evaluate_by or goal.evaluate_by
                )
            )
        else:
            measure = store.measures.get(planned.measure_id)
            changes: dict[str, object] = {
                "evaluate_by": planned.next_evaluate_by or measure.evaluate_by,
                "last_confirmed": today,
            }
            if planned.outcome.value == "stop":
                changes.update(status=MeasureStatus.STOPPED, to_date=today)
            store.measures.update(dataclasses.replace(measure, **changes))

    def _plan_next(self, meeting: Meeting, on: date, at: time | None = None) -> Meeting:
        """Exactly one next meeting: an already planned one is moved to the new date, not doubled."""
        starts_at = datetime.combine(on, at or meeting.starts_at.time())
        case_file = self._s.case_file(meeting.case_id)
        planned = [m for m in case_file.meetings if m.status is MeetingStatus.PLANNED and m.id != meeting.id]
        if planned:
            first, *others = sorted(planned, key=lambda m: m.starts_at)
            for extra in others:
                # Left by an older close: one of them is the next meeting, the rest would confuse the due list.
                self.store.meetings.update(dataclasses.replace(extra, status=MeetingStatus.CANCELLED))
            moved = datetime.combine(on, at or first.starts_at.time())
            return self.store.meetings.update(dataclasses.replace(first, starts_at=moved))
        invited = self.store.participants(meeting.id)
        nxt = self.store.meetings.add(
            Meeting(case_id=meeting.case_id, starts_at=starts_at, place=meeting.place,
                    minutes_writer=meeting.minutes_writer)
        )  # fmt: skip
        for p in invited:
            self.store.set_participant(
                MeetingParticipant(meeting_id=nxt.id, member_id=p.member_id, why_invited=p.why_invited)
            )
        return self.store.meetings.update(dataclasses.replace(nxt, agenda=tuple(build_agenda(case_file, on))))

    def move(self, meeting_id: int, starts_at: datetime) -> Meeting:
        """Move a planned meeting to another date and time."""
        meeting = self._open_meeting(meeting_id)
        return self.store.meetings.update(dataclasses.replace(meeting, starts_at=starts_at))

    def cancel(self, meeting_id: int) -> Meeting:
        meeting = self._open_meeting(meeting_id)
        return self.store.meetings.update(dataclasses.replace(meeting, status=MeetingStatus.CANCELLED))

    # -- contact notes with the same syntax ----------------------------------------------------
    def add_contact_note(self, case_id: int, text: str, *, kind: NoteKind = NoteKind.OTHER) -> tuple[Note, list]:
        """A two-line contact note; any `o:` line in it also becomes an action item.

        Returns the note and the action items created.
        """
        body = require_text(text, message("Notatet"), field="text")
        members = [m for m in self.store.members.for_case(case_id) if m.active]
        created = []
        with self.store.transaction():
            note = self._s.add_note(case_id, body, kind=kind)
            for raw in body.splitlines():
                line = parse_line(raw, members, self._s.today())
                if line.kind.value == "action" and line.text and not line.unresolved_mentions:
                    created.append(
                        self.store.action_items.add(
                            ActionItem(case_id=case_id, text=line.text, owner_member_id=line.owner_id,
                                       due_on=line.due or self._s.today() + timedelta(days=14))
                        )
                    )  # fmt: skip
        return note, created


def _lines(texts: Iterable[str]) -> tuple[str, ...]:
    """One point per line, blank ones left out (a field may hold several lines)."""
    return tuple(line.strip() for text in texts for line in text.splitlines() if line.strip())
