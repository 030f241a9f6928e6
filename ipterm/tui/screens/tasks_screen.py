"""Tasks (action items) of a case, or of every case: mark done, cancel, reopen, move to another owner or date.

Opened with `o` from a case and from the dashboard. The keys are bindings with ids like every screen's.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ipterm.domain.dates import format_date
from ipterm.domain.errors import IptermError
from ipterm.domain.models import ActionStatus
from ipterm.domain.text import clean_for_terminal
from ipterm.services import Services
from ipterm.tui.display import relative_day
from ipterm.tui.i18n import error_text, tr
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal, guarded
from ipterm.tui.screens.form_screen import DATE, SELECT, TEXT, Field, FormScreen
from ipterm.tui.widgets.key_bar import KeyBar

_UNCLEAR = -1


def _c(text: str) -> str:
    return clean_for_terminal(text, single_line=True)


class TaskEditForm(FormScreen):
    """Move a task to another due date or owner, or reword it. Returns the task id."""

    def __init__(self, services: Services, task_id: int) -> None:
        super().__init__()
        self.services = services
        self.item = services.tasks.get(task_id)
        self.title_text = tr("Endre oppgave", "Edit task")

    def fields(self) -> list[Field]:
        members = [(_c(f"{m.name} ({m.role})"), m.id) for m in self.services.members(self.item.case_id) if m.active]
        members.append((tr("Uavklart", "Unclear"), _UNCLEAR))
        return [
            Field("text", tr("Oppgave", "Task"), TEXT, self.item.text, required=True),
            Field("owner", tr("Ansvarlig", "Owner"), SELECT, self.item.owner_member_id or _UNCLEAR, options=members),
            Field("due_on", tr("Frist", "Due"), DATE, format_date(self.item.due_on)),
        ]

    def save(self, values: dict[str, Any]) -> int:
        owner = values["owner"] if isinstance(values["owner"], int) and values["owner"] != _UNCLEAR else None
        item = self.services.tasks.edit(
            self.item.id, text=values["text"], due_on=values["due_on"], owner_member_id=owner
        )
        return item.id or 0


class TasksScreen(IptermModal):
    """Open tasks first, by due date; `a` shows done and cancelled ones too."""

    DEFAULT_CSS = """
    TasksScreen { align: center middle; }
    #tasks-box { width: 96%; max-width: 130; height: 90%; border: thick $primary; background: $surface; }
    #tasks-title { height: 1; background: $primary; text-style: bold; padding: 0 1; }
    #tasks-table { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("d", "done", "tasks.done", "Ferdig", "Done"),
        bind("enter,e", "edit", "tasks.edit", "Endre/flytt", "Edit/move"),
        bind("x", "cancel_task", "tasks.cancel", "Avlys", "Cancel task"),
        bind("u", "reopen", "tasks.reopen", "Åpne igjen", "Reopen", show=False),
        bind("a", "toggle_all", "tasks.all", "Vis alle", "Show all"),
        bind("escape", "close", "tasks.close", "Tilbake", "Back"),
    ]

    def __init__(self, services: Services, case_id: int | None = None) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self.show_all = False

    def compose(self) -> ComposeResult:
        with Vertical(id="tasks-box"):
            yield Static(id="tasks-title")
            yield DataTable(id="tasks-table", cursor_type="row")
            yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            tr("Nr", "No."), tr("Oppgave", "Task"), tr("Ansvarlig", "Owner"), tr("Frist", "Due"), "Status"
        )
        if self.case_id is None:
            table.add_column(tr("Sak", "Case"))
        self.refresh_rows()
        table.focus()

    def refresh_rows(self, keep: int | None = None) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        today = self.services.today()
        rows = self.services.tasks.list(self.case_id, include_closed=self.show_all)
        status = {
            ActionStatus.OPEN: tr("åpen", "open"),
            ActionStatus.DONE: tr("ferdig", "done"),
            ActionStatus.CANCELLED: tr("avlyst", "cancelled"),
        }
        for r in rows:
            item = r.item
            late = item.status is ActionStatus.OPEN and item.due_on is not None and item.due_on < today
            due = Text(f"{format_date(item.due_on)} {relative_day(item.due_on, today) if item.due_on else ''}".strip())
            if late:
                due.stylize("bold red")
            state = status[item.status] + (f" {format_date(item.done_on)}" if item.done_on else "")
            owner = Text(_c(r.owner_name)) if r.owner_name else Text(tr("uavklart", "unclear"), style="bold yellow")
            cells: list[Any] = [f"#o{r.number}", Text(_c(item.text)), owner, due, state]
            if self.case_id is None:
                cells.append(Text(_c(r.case_name)))
            table.add_row(*cells, key=str(item.id))
        if table.row_count:
            target = next((n for n, r in enumerate(rows) if r.item.id == keep), min(row, table.row_count - 1))
            table.move_cursor(row=target)
        title = tr("Oppgaver", "Tasks") + (tr(" – alle", " – all") if self.show_all else tr(" – åpne", " – open"))
        self.query_one("#tasks-title", Static).update(f"{title} ({len(rows)})")

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)

    def _run(self, change: Any, said: str) -> None:
        task_id = self._selected()
        if task_id is None:
            return
        try:
            item = change(task_id)
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
            return
        self.notify(f"{said}: {_c(item.text)}")
        self.refresh_rows(keep=task_id)

    @guarded
    def action_done(self) -> None:
        self._run(self.services.tasks.done, tr("Ferdig", "Done"))

    @guarded
    def action_cancel_task(self) -> None:
        self._run(self.services.tasks.cancel, tr("Avlyst", "Cancelled"))

    @guarded
    def action_reopen(self) -> None:
        self._run(self.services.tasks.reopen, tr("Åpnet igjen", "Reopened"))

    def action_edit(self) -> None:
        task_id = self._selected()
        if task_id is None:
            return
        if self.services.tasks.get(task_id).status is not ActionStatus.OPEN:
            self.notify(tr("Oppgaven er lukket; u åpner den igjen.", "The task is closed; u reopens it."))
            return
        self.app.push_screen(TaskEditForm(self.services, task_id), lambda _r: self.refresh_rows(keep=task_id))

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.refresh_rows(keep=self._selected())

    def action_close(self) -> None:
        self.dismiss(None)
