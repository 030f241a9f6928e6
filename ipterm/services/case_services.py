"""Create, change and read cases and everything recorded on them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipterm.domain.conflicts import refuse_lost_update
from ipterm.domain.due import DueItem, DueWindow
from ipterm.domain.errors import NotFoundError, ValidationError
from ipterm.domain.messages import message
from ipterm.domain.models import (
    ActionItem,
    AuditEntry,
    Case,
    CaseFile,
    CaseStatus,
    Consent,
    ConsentMethod,
    ConsentSection,
    Decision,
    Evaluation,
    EvaluationOutcome,
    Goal,
    InfoKind,
    Measure,
    MeasureStatus,
    Meeting,
    Member,
    MemberKind,
    Note,
    NoteKind,
    RelatedPerson,
)
from ipterm.domain.national_id import parse_national_id
from ipterm.domain.scoping import guess_sector
from ipterm.domain.search import SearchHit
from ipterm.domain.validation import check_period, check_plan_period, normalise_national_id, require_text
from ipterm.services.clock import Clock, SystemClock
from ipterm.store import queries
from ipterm.store.database import Store

if TYPE_CHECKING:
    from ipterm.config import Settings
    from ipterm.domain.completeness import Gap, PlanItem
    from ipterm.domain.drafts import Draft
    from ipterm.services.backup_services import BackupServices
    from ipterm.services.export_services import ExportServices
    from ipterm.services.meeting_services import MeetingServices
    from ipterm.services.sync_services import SyncServices
    from ipterm.services.task_services import TaskServices


_KINDED = {"measure": "measures", "goal": "goals", "decision": "decisions", "action_item": "action_items",
          "note": "notes", "meeting_line": "meeting_lines"}  # fmt: skip


class Services:
    """The one service layer: every change goes through here, in one transaction, audited."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        store.now = self.clock.now
        self._meetings: MeetingServices | None = None
        self._tasks: TaskServices | None = None
        self._exports: ExportServices | None = None
        self.on_export_stored: Callable[[int], object] | None = None
        self.full_name_in_pdf_metadata = False  # from the settings (`Settings.full_name_in_pdf_metadata`)
        self.document_language = "nb"  # from the settings (`Settings.document_language`)
        self._sync_settings: Settings | None = None
        self._own_sync: SyncServices | None = None  # a worker connection's outbox, closed with it

    def close_for_lock(self) -> Callable[[], None]:
        """Close the database for the lock screen, but keep it marked as open by this app: a restore from
        another process is refused until the app is unlocked and has let go, or has quit. Returns what lets
        go of that mark."""
        from ipterm.store.errors import StoreError
        from ipterm.store.lock import DatabaseLock

        try:
            hold = DatabaseLock.shared(self.store.path, wait=0)
        except StoreError:  # a restore is under way elsewhere: nothing to hold
            hold = None
        self.store.close()
        return hold.release if hold is not None else (lambda: None)

    def resume(self, store: Store) -> None:
        """Carry on, after unlocking, on the store the lock screen opened (the same database)."""
        store.now = self.clock.now
        self.store = store

    def close(self) -> None:
        if self._own_sync is not None:
            self._own_sync.close()
        self.store.close()

    def own_connection(self) -> Services:
        """The same services on a database connection of their own, for a worker thread; `close()` it
        when done. Open it on the thread that starts the worker: a lock right after cannot then close the
        database before the worker has its connection.

        A connection is never shared between threads: a store's transaction depth is per store, so a
        worker's export on the UI's store swallowed a note saved meanwhile into its transaction (lost when
        the export failed), and locking closed the connection under the worker. Exports stored through
        these services are queued for sync like the parent's, and documents follow the parent's settings."""
        other = Services(self.store.clone(), self.clock)
        other.full_name_in_pdf_metadata = self.full_name_in_pdf_metadata
        other.document_language = self.document_language
        if self._sync_settings is not None:
            other._own_sync = other.sync(self._sync_settings)
        return other

    @contextmanager
    def on_own_connection(self) -> Iterator[Services]:
        """`own_connection()`, closed afterwards."""
        other = self.own_connection()
        try:
            yield other
        finally:
            other.close()

    # -- drafts ------------------------------------------------------------------------------------
    def keep_drafts(self, drafts: list[tuple[str, int | None, dict[str, Any]]]) -> None:
        """Keep what is open and unsaved (kind, case, the typed values) inside the database, replacing the
        drafts kept before: called when the terminal closes or the app locks."""
        from ipterm.store import drafts as store_drafts

        with self.store.transaction():
            store_drafts.replace_all(self.store.conn, drafts, self.clock.now())

    def drafts(self) -> list[Draft]:
        from ipterm.store import drafts as store_drafts

        return store_drafts.all_drafts(self.store.conn)

    def discard_drafts(self, draft_id: int | None = None) -> None:
        """One draft (taken back or thrown away), or all of them."""
        from ipterm.store import drafts as store_drafts

        with self.store.transaction():
            store_drafts.delete(self.store.conn, draft_id)

    @classmethod
    def unlock(cls, path: Path, passphrase: str, clock: Clock | None = None) -> Services:
        """Open the encrypted database with the passphrase (Argon2id: a noticeable fraction of a second).

        Raises:
            IptermError: a wrong passphrase, a missing, damaged or foreign file, in plain words.
        """
        return cls(Store.unlock(path, passphrase), clock)

    @property
    def exports(self) -> ExportServices:
        """Plan summaries, minutes, handovers, JSON and FHIR, logged in the database."""
        from ipterm.services.export_services import ExportServices

        if self._exports is None:
            self._exports = ExportServices(self)
        return self._exports

    @property
    def backups(self) -> BackupServices:
        from ipterm.services.backup_services import BackupServices

        return BackupServices(self)

    def sync(self, settings: Settings) -> SyncServices:
        """The outbox for the destination in `settings`; exports are queued to it from now on."""
        from ipterm.services.sync_services import SyncServices

        sync = SyncServices(self, settings)
        self._sync_settings = settings
        self.on_export_stored = sync.queue_export if sync.configured else None
        return sync

    @property
    def meetings(self) -> MeetingServices:
        """Meeting mode: plan, run and close responsibility-group meetings."""
        if self._meetings is None:
            from ipterm.services.meeting_services import MeetingServices

            self._meetings = MeetingServices(self)
        return self._meetings

    @property
    def tasks(self) -> TaskServices:
        """Tasks (action items): list, mark done, cancel, move to another owner or date."""
        if self._tasks is None:
            from ipterm.services.task_services import TaskServices

            self._tasks = TaskServices(self)
        return self._tasks

    def today(self) -> date:
        return self.clock.today()

    # -- cases ---------------------------------------------------------------------------------
    def list_cases(self, *, include_closed: bool = False) -> list[Case]:
        if include_closed:
            return self.store.cases.where()
        return self.store.cases.where("status != 'closed'")

    def get_case(self, case_id: int) -> Case:
        return self.store.cases.get(case_id)

    def case_file(self, case_id: int) -> CaseFile:
        return self.store.load_case_file(case_id)

    def _check_case(self, case: Case) -> Case:
        name = require_text(case.person_name, message("Navn"), field="person_name")
        national_id = normalise_national_id(case.national_id)
        check_plan_period(case.plan_start, case.plan_end, case.next_revision)
        if case.meeting_cadence_days < 7 or case.meeting_cadence_days > 730:
            raise ValidationError("Møteintervallet må være mellom 7 og 730 dager.", field="meeting_cadence_days")
        if national_id:
            clash = self.store.cases.where("national_id = ? AND id IS NOT ?", (national_id, case.id))
            if clash:
                raise ValidationError("Det finnes allerede en sak med dette fødselsnummeret.", field="national_id")
        birth_date = case.birth_date
        if national_id and birth_date is None:
            # The number holds the birth date: without it the 16th and 18th birthdays (new consent) and the
            # child's age pass unseen for a case made with only a fødselsnummer.
            birth_date = parse_national_id(national_id).birth_date
        return dataclasses.replace(case, person_name=name, national_id=national_id, birth_date=birth_date)

    def create_case(self, person_name: str, **fields: Any) -> Case:
        now = self.clock.now()
        case = self._check_case(Case(person_name=person_name, created_at=now, updated_at=now, **fields))
        with self.store.transaction():
            saved = self.store.cases.add(case)
            if saved.coordinator:
                self._start_coordinator(saved, saved.plan_start or self.today(), "")
        return saved

    def _start_coordinator(self, case: Case, from_date: date, reason: str) -> None:
        from ipterm.domain.models import CoordinatorAssignment

        self.store.coordinators.add(
            CoordinatorAssignment(case_id=case.id, coordinator=case.coordinator, from_date=from_date, reason=reason)
        )

    def update_case(self, case_id: int, *, expected: Case | None = None, **fields: Any) -> Case:
        """`expected`: the case as a form read it; the save is refused when it changed since (ConflictError)."""
        with self.store.transaction():
            before = self.store.cases.get(case_id)
            refuse_lost_update(before, expected)
            case = self._check_case(dataclasses.replace(before, **fields, updated_at=self.clock.now()))
            saved = self.store.cases.update(case)
            if before.coordinator != case.coordinator and case.coordinator:
                self.change_coordinator(case_id, case.coordinator, reason="", _already_set=True)
        return saved

    def change_coordinator(
        self, case_id: int, coordinator: str, *, reason: str = "", _already_set: bool = False
    ) -> Case:
        """Hand the case to a new coordinator, closing the previous assignment today."""
        name = require_text(coordinator, message("Koordinator"), field="coordinator")
        today = self.today()
        with self.store.transaction():
            for current in self.store.coordinators.where("case_id = ? AND to_date IS NULL", (case_id,)):
                self.store.coordinators.update(dataclasses.replace(current, to_date=today))
            case = self.store.cases.get(case_id)
            if not _already_set:
                case = self.store.cases.update(dataclasses.replace(case, coordinator=name, updated_at=self.clock.now()))
            self._start_coordinator(case, today, reason)
        return case

    def close_case(self, case_id: int, on: date | None = None) -> Case:
        case = self.store.cases.get(case_id)
        return self.store.cases.update(
            dataclasses.replace(
                case, status=CaseStatus.CLOSED, closed_on=on or self.today(), updated_at=self.clock.now()
            )
        )

    def reopen_case(self, case_id: int) -> Case:
        case = self.store.cases.get(case_id)
        return self.store.cases.update(
            dataclasses.replace(case, status=CaseStatus.ACTIVE, closed_on=None, updated_at=self.clock.now())
        )

    def completeness(self, case_id: int) -> tuple[PlanItem, ...]:
        """The § 19 items (a-i) this plan still lacks."""
        from ipterm.domain.completeness import missing_items

        return missing_items(self.case_file(case_id), self.today())

    def content_gaps(self, case_id: int) -> tuple[Gap, ...]:
        """What each missing item (a-i) lacks, in plain words, and where to fix it."""
        from ipterm.domain.completeness import gaps

        return gaps(self.case_file(case_id), self.today())

    # -- people around the person --------------------------------------------------------------
    def add_related(self, case_id: int, name: str, relation: str, **fields: Any) -> RelatedPerson:
        self.store.cases.get(case_id)
        person = RelatedPerson(
            case_id=case_id,
            name=require_text(name, message("Navn"), field="name"),
            relation=require_text(relation, message("Relasjon"), field="relation"),
            **fields,
        )
        return self.store.related.add(person)

    def add_member(self, case_id: int, name: str, role: str, **fields: Any) -> Member:
        self.store.cases.get(case_id)
        fields.setdefault("last_confirmed", self.today())
        if "sector" not in fields and fields.get("kind", MemberKind.SERVICE) == MemberKind.SERVICE:
            fields["sector"] = guess_sector(fields.get("organisation", ""), role)
        member = Member(
            case_id=case_id,
            name=require_text(name, message("Navn"), field="name"),
            role=require_text(role, message("Rolle"), field="role"),
            **fields,
        )
        return self.store.members.add(member)

    def update_member(self, member_id: int, *, expected: Member | None = None, **fields: Any) -> Member:
        with self.store.transaction():
            current = self.store.members.get(member_id)
            refuse_lost_update(current, expected)
            member = dataclasses.replace(current, **fields)
            require_text(member.name, message("Navn"), field="name")
            require_text(member.role, message("Rolle"), field="role")
            return self.store.members.update(member)

    def confirm_member(self, member_id: int) -> Member:
        """Mark a contact as checked today ("still the right person, still reachable")."""
        return self.store.members.change(member_id, last_confirmed=self.today())

    def remove_member(self, member_id: int) -> Member:
        """Members leave the group but stay in the history: deactivate, don't delete."""
        return self.store.members.change(member_id, active=False)

    # -- goals and measures --------------------------------------------------------------------
    def add_goal(self, case_id: int, text: str, *, parent_id: int | None = None, **fields: Any) -> Goal:
        self.store.cases.get(case_id)
        if parent_id is not None:
            parent = self.store.goals.get(parent_id)
            if parent.case_id != case_id or parent.parent_id is not None:
                raise ValidationError("Et delmål må høre til et hovedmål i samme sak.", field="parent_id")
        fields.setdefault("created_on", self.today())
        goal = Goal(
            case_id=case_id, text=require_text(text, message("Målet"), field="text"), parent_id=parent_id, **fields
        )
        return self.store.goals.add(goal)

    def update_goal(self, goal_id: int, *, expected: Goal | None = None, **fields: Any) -> Goal:
        with self.store.transaction():
            current = self.store.goals.get(goal_id)
            refuse_lost_update(current, expected)
            goal = dataclasses.replace(current, **fields)
            require_text(goal.text, message("Målet"), field="text")
            return self.store.goals.update(goal)

    def _check_measure(self, measure: Measure) -> Measure:
        what = require_text(measure.what, message("Tiltaket"), field="what")
        check_period(measure.from_date, measure.to_date)
        case_goals = {g.id for g in self.store.goals.for_case(measure.case_id)}
        if not set(measure.goal_ids) <= case_goals:
            raise ValidationError("Tiltaket peker på et mål som ikke finnes i saken.", field="goal_ids")
        if measure.responsible_member_id is not None:
            member = self.store.members.find(measure.responsible_member_id)
            if member is None or member.case_id != measure.case_id:
                raise ValidationError("Den ansvarlige er ikke med i ansvarsgruppen.", field="responsible_member_id")
        return dataclasses.replace(measure, what=what)

    def add_measure(self, case_id: int, what: str, *, goal_ids: Iterable[int] = (), **fields: Any) -> Measure:
        self.store.cases.get(case_id)
        fields.setdefault("last_confirmed", self.today())
        measure = self._check_measure(Measure(case_id=case_id, what=what, goal_ids=tuple(goal_ids), **fields))
        return self.store.measures.add(measure)

    def update_measure(self, measure_id: int, *, expected: Measure | None = None, **fields: Any) -> Measure:
        if "goal_ids" in fields:
            fields["goal_ids"] = tuple(fields["goal_ids"])
        with self.store.transaction():
            current = self.store.measures.get(measure_id)
            refuse_lost_update(current, expected)
            measure = self._check_measure(dataclasses.replace(current, **fields))
            return self.store.measures.update(measure)

    def confirm_measure(self, measure_id: int) -> Measure:
        return self.store.measures.change(measure_id, last_confirmed=self.today())

    def add_evaluation(
        self,
        *,
        outcome: EvaluationOutcome,
        goal_id: int | None = None,
        measure_id: int | None = None,
        comment: str = "",
        next_evaluate_by: date | None = None,
        meeting_id: int | None = None,
        evaluated_on: date | None = None,
    ) -> Evaluation:
        """Record an evaluation and move the subject's next evaluation date (or clear it)."""
        if (goal_id is None) == (measure_id is None):
            raise ValidationError("Velg enten et mål eller et tiltak å evaluere.", field="subject")
        if evaluated_on is not None and evaluated_on > self.today():
            raise ValidationError("En evaluering kan ikke være gjort fram i tid.", field="evaluated_on")
        with self.store.transaction():
            if goal_id is not None:
                goal = self.store.goals.get(goal_id)
                case_id = goal.case_id
                status = {EvaluationOutcome.ACHIEVED: "achieved", EvaluationOutcome.STOP: "dropped"}.get(outcome)
                self.store.goals.update(
                    dataclasses.replace(goal, evaluate_by=next_evaluate_by, status=status or goal.status)
                )
            else:
                measure = self.store.measures.get(measure_id)  # type: ignore[arg-type]
                case_id = measure.case_id
                changes: dict[str, Any] = {"evaluate_by": next_evaluate_by, "last_confirmed": self.today()}
                if outcome is EvaluationOutcome.STOP:
                    changes.update(status=MeasureStatus.STOPPED, to_date=self.today())
                self.store.measures.update(dataclasses.replace(measure, **changes))
            evaluation = Evaluation(
                case_id=case_id,
                evaluated_on=evaluated_on or self.today(),
                outcome=outcome,
                goal_id=goal_id,
                measure_id=measure_id,
                comment=comment.strip(),
                meeting_id=meeting_id,
            )
            return self.store.evaluations.add(evaluation)

    # -- consents ------------------------------------------------------------------------------
    def add_consent(
        self,
        case_id: int,
        *,
        given_on: date,
        method: ConsentMethod,
        recipient_member_ids: Iterable[int] = (),
        sections: Iterable[ConsentSection] = (),
        **fields: Any,
    ) -> Consent:
        self.store.cases.get(case_id)
        members = {m.id for m in self.store.members.for_case(case_id)}
        recipients = tuple(recipient_member_ids)
        if not set(recipients) <= members:
            raise ValidationError("En mottaker er ikke med i ansvarsgruppen.", field="recipients")
        related = {r.id for r in self.store.related.for_case(case_id)}
        if not set(fields.get("recipient_related_ids", ())) <= related:
            raise ValidationError("En mottaker er ikke registrert som pårørende i saken.", field="recipients")
        if not set(fields.get("service_member_ids", ())) <= members:
            raise ValidationError("En tjeneste samtykket nevner, er ikke med i ansvarsgruppen.", field="services")
        if "kinds" in fields:
            fields["kinds"] = tuple(InfoKind(k) for k in fields["kinds"])
        for key in ("recipient_related_ids", "service_member_ids"):
            if key in fields:
                fields[key] = tuple(fields[key])
        if given_on > self.today():
            raise ValidationError("Samtykket kan ikke være gitt fram i tid.", field="given_on")
        expires = fields.get("expires_on")
        if expires is not None and expires <= given_on:
            raise ValidationError("Utløpsdatoen må være etter datoen samtykket ble gitt.", field="expires_on")
        consent = Consent(
            case_id=case_id,
            given_on=given_on,
            method=method,
            recipient_member_ids=recipients,
            sections=tuple(ConsentSection(s) for s in sections),
            **fields,
        )
        return self.store.consents.add(consent)

    def withdraw_consent(self, consent_id: int, on: date | None = None) -> Consent:
        return self.store.consents.change(consent_id, withdrawn_on=on or self.today())

    # -- kinds of information -------------------------------------------------------------------

    def set_info_kind(self, entity: str, item_id: int, kind: InfoKind | str | None) -> object:
        """Give an item its own kind of information (None: back to its service's sector)."""
        repo = getattr(self.store, _KINDED[entity])
        return repo.change(item_id, info_kind=InfoKind(kind) if kind else None)

    def set_agenda_kind(self, meeting_id: int, point: str, kind: InfoKind | str | None) -> Meeting:
        """Give an agenda point a kind of information; the point is named by its text."""
        meeting = self.store.meetings.get(meeting_id)
        if point not in meeting.agenda:
            raise ValidationError("Fant ikke punktet i sakslisten.", field="agenda")
        kinds = {p: k for p, k in meeting.agenda_kinds.items() if p != point and p in meeting.agenda}
        if kind:
            kinds[point] = InfoKind(kind).value
        return self.store.meetings.change(meeting_id, agenda_kinds=kinds)

    # -- notes, decisions, action items --------------------------------------------------------
    def add_note(self, case_id: int, text: str, *, kind: NoteKind = NoteKind.OTHER) -> Note:
        self.store.cases.get(case_id)
        body = require_text(text, message("Notatet"), field="text")
        return self.store.notes.add(Note(case_id=case_id, text=body, written_at=self.clock.now(), kind=kind))

    def add_decision(self, case_id: int, text: str, **fields: Any) -> Decision:
        self.store.cases.get(case_id)
        fields.setdefault("decided_on", self.today())
        return self.store.decisions.add(
            Decision(case_id=case_id, text=require_text(text, message("Beslutningen"), field="text"), **fields)
        )

    def add_action_item(self, case_id: int, text: str, **fields: Any) -> ActionItem:
        self.store.cases.get(case_id)
        owner = fields.get("owner_member_id")
        if owner is not None and self.store.members.get(owner).case_id != case_id:
            raise ValidationError("Eieren av oppgaven er ikke med i ansvarsgruppen.", field="owner")
        return self.store.action_items.add(
            ActionItem(case_id=case_id, text=require_text(text, message("Oppgaven"), field="text"), **fields)
        )

    def complete_action_item(self, item_id: int) -> ActionItem:
        return self.tasks.done(item_id)

    # -- across cases --------------------------------------------------------------------------
    def search(self, text: str, *, limit: int = 50, case_id: int | None = None) -> list[SearchHit]:
        return queries.search(self.store.conn, text, limit=limit, case_id=case_id)

    def due(
        self,
        *,
        ahead_days: int = 7,
        stale_after_days: int = 180,
        consent_ahead_days: int = 30,
        erase_after_days: int = 90,
    ) -> list[DueItem]:
        window = DueWindow(
            today=self.today(),
            ahead_days=ahead_days,
            stale_after_days=stale_after_days,
            consent_ahead_days=consent_ahead_days,
            erase_after_days=erase_after_days,
        )
        return queries.due_items(self.store.conn, window)

    def audit_trail(self, case_id: int) -> list[AuditEntry]:
        return self.store.audit_trail(case_id)

    def members(self, case_id: int) -> list[Member]:
        """Everyone who is or was in the group (inactive members too: they stay in the history)."""
        return self.store.members.for_case(case_id)

    def coordinators_around(self, case_id: int) -> list[Member]:
        """Members who coordinate something for the person (the IP coordinator and service contacts
        with decision authority): "who do I call about what"."""
        return [
            m
            for m in self.store.members.for_case(case_id)
            if m.active and (m.is_coordinator or m.has_decision_authority)
        ]

    def member_by_kind(self, case_id: int, kind: MemberKind) -> list[Member]:
        return [m for m in self.store.members.for_case(case_id) if m.kind is kind and m.active]

    def require_case(self, case_id: int) -> Case:
        try:
            return self.store.cases.get(case_id)
        except NotFoundError:
            raise NotFoundError("Fant ingen sak med nummer {case_id}.", case_id=case_id) from None
