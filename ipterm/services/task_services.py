"""Tasks (action items) and their lifecycle: open -> done (with the date) / cancelled / moved to another
owner or due date. One set of use cases for the tasks view, the CLI and the follow-up lines of a meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ipterm.domain.errors import NotFoundError, ValidationError
from ipterm.domain.models import ActionItem, ActionStatus

if TYPE_CHECKING:
    from ipterm.services.case_services import Services

_UNSET = object()


@dataclass(frozen=True, slots=True)
class TaskRow:
    """A task as lists show it: with its number in the case (#o3) and its owner's name."""

    item: ActionItem
    number: int
    case_name: str
    owner_name: str


class TaskServices:
    """Reached as `services.tasks`."""

    def __init__(self, services: Services) -> None:
        self._s = services

    def list(self, case_id: int | None = None, *, include_closed: bool = False) -> list[TaskRow]:
        """Tasks of one case (or of every open case), open ones first by due date."""
        case_ids = [case_id] if case_id is not None else [c.id for c in self._s.list_cases() if c.id is not None]
        rows: list[TaskRow] = []
        for cid in case_ids:
            case_file = self._s.case_file(cid)
            numbers = case_file.action_numbers()
            for item in case_file.action_items:
                if not include_closed and item.status is not ActionStatus.OPEN:
                    continue
                owner = case_file.member(item.owner_member_id)
                rows.append(TaskRow(item, numbers.get(item.id or 0, 0), case_file.case.person_name,
                                    owner.name if owner else ""))  # fmt: skip
        rows.sort(key=lambda r: (r.item.status is not ActionStatus.OPEN, r.item.due_on or date.max, r.item.id or 0))
        return rows

    def get(self, task_id: int) -> ActionItem:
        return self._s.store.action_items.get(task_id)

    def by_number(self, case_id: int, number: int) -> ActionItem:
        """The task a case calls #o{number} (the number lists, agendas and minutes show)."""
        self._s.require_case(case_id)
        case_file = self._s.case_file(case_id)
        numbers = case_file.action_numbers()
        for item in case_file.action_items:
            if numbers.get(item.id or 0) == number:
                return item
        raise NotFoundError("Sak {case_id} har ingen oppgave #o{number}.", case_id=case_id, number=number)

    def _open(self, task_id: int) -> ActionItem:
        try:
            item = self.get(task_id)
        except (NotFoundError, LookupError):
            raise NotFoundError("Fant ingen oppgave med id {task_id}.", task_id=task_id) from None
        if item.status is not ActionStatus.OPEN:
            raise ValidationError("Oppgaven er allerede lukket (ferdig eller avlyst).")
        return item

    def done(self, task_id: int, on: date | None = None) -> ActionItem:
        """Mark a task done, today unless another day is given (audited like every change)."""
        self._open(task_id)
        when = on or self._s.today()
        if when > self._s.today():
            raise ValidationError("En oppgave kan ikke være gjort i fremtiden.")
        return self._s.store.action_items.change(task_id, status=ActionStatus.DONE, done_on=when)

    def cancel(self, task_id: int) -> ActionItem:
        self._open(task_id)
        return self._s.store.action_items.change(task_id, status=ActionStatus.CANCELLED, done_on=self._s.today())

    def reopen(self, task_id: int) -> ActionItem:
        self.get(task_id)
        return self._s.store.action_items.change(task_id, status=ActionStatus.OPEN, done_on=None)

    def edit(self, task_id: int, *, due_on: object = _UNSET, owner_member_id: object = _UNSET,
             text: str | None = None) -> ActionItem:  # fmt: skip
        """Move a task to another due date or owner, or reword it. Pass None as due_on to remove the date."""
        item = self._open(task_id)
        changes: dict[str, object] = {}
        if due_on is not _UNSET:
            changes["due_on"] = due_on
        if owner_member_id is not _UNSET:
            if owner_member_id is not None and self._s.store.members.get(owner_member_id).case_id != item.case_id:
                raise ValidationError("Den nye ansvarlige er ikke med i ansvarsgruppen.", field="owner")
            changes["owner_member_id"] = owner_member_id
        if text is not None:
            if not text.strip():
                raise ValidationError("Oppgaven må ha en tekst.", field="text")
            changes["text"] = text.strip()
        if not changes:
            return item
        return self._s.store.action_items.change(task_id, **changes)
