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
from ipterm.i18n import N_, _, error_text, label
from ipterm.services import Services
from ipterm.tui.display import Masker, case_masker, masked, person, relative_day
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
        self.case_id = self.item.case_id  # the form masks this case's names in privacy mode
        self.title_text = _("Endre oppgave")

    def draft_args(self) -> dict[str, Any]:
        return {"task_id": self.item.id}

    def fields(self) -> list[Field]:
        members = [(_c(f"{m.name} ({m.role})"), m.id) for m in self.services.members(self.item.case_id) if m.active]
        members.append((_("Uavklart"), _UNCLEAR))
        return [
            Field("text", _("Oppgave"), TEXT, self.item.text, required=True),
            Field("owner", _("Ansvarlig"), SELECT, self.item.owner_member_id or _UNCLEAR, options=members),
            Field("due_on", _("Frist"), DATE, format_date(self.item.due_on)),
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
        bind("d", "done", "tasks.done", N_("Ferdig")),
        bind("enter,e", "edit", "tasks.edit", N_("Endre/flytt")),
        bind("x", "cancel_task", "tasks.cancel", N_("Avlys")),
        bind("u", "reopen", "tasks.reopen", N_("Åpne igjen"), show=False),
        bind("a", "toggle_all", "tasks.all", N_("Vis alle")),
        bind("escape", "close", "tasks.close", N_("Tilbake")),
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
        table.add_columns(_("Nr"), _("Frist"), _("Status"), _("Ansvarlig"))
        if self.case_id is None:
            table.add_column(_("Sak"))
        table.add_column(_("Oppgave"))
        self.refresh_rows()
        table.focus()

    def refresh_rows(self, keep: int | None = None) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        today = self.services.today()
        rows = self.services.tasks.list(self.case_id, include_closed=self.show_all)
        status = {state: label(state) for state in ActionStatus}  # the vocabulary's words, as the minutes say
        maskers: dict[int, Masker | None] = {}

        def masker(case_id: int) -> Masker | None:  # privacy mode: each case's own names, masked in its texts
            if case_id not in maskers:
                maskers[case_id] = case_masker(self.services.case_file(case_id)) if self.privacy else None
            return maskers[case_id]

        for r in rows:
            item = r.item
            late = item.status is ActionStatus.OPEN and item.due_on is not None and item.due_on < today
            # How far off the deadline is matters only while the task is open ("250 d over" on a done one
            # said it was late).
            relative = relative_day(item.due_on, today) if item.due_on and item.status is ActionStatus.OPEN else ""
            due = Text(f"{format_date(item.due_on)} {relative}".strip())
            if late:
                due.stylize("bold red")
            state = status[item.status] + (f" {format_date(item.done_on)}" if item.done_on else "")
            owner = (person(_c(r.owner_name), privacy=self.privacy) if r.owner_name
                     else Text(_("uavklart"), style="bold yellow"))  # fmt: skip
            # Short columns first, the task's text last: at 80 columns the deadline and state still show.
            cells: list[Any] = [f"#o{r.number}", due, state, owner]
            if self.case_id is None:
                cells.append(person(_c(r.case_name), privacy=self.privacy))
            cells.append(masked(item.text, masker(item.case_id)))
            table.add_row(*cells, key=str(item.id))
        if table.row_count:
            target = next((n for n, r in enumerate(rows) if r.item.id == keep), min(row, table.row_count - 1))
            table.move_cursor(row=target)
        title = _("Oppgaver") + (_(" – alle") if self.show_all else _(" – åpne"))
        self.query_one("#tasks-title", Static).update(f"{title} ({len(rows)})")

    def refresh_data(self) -> None:
        """Privacy mode or language switched: the rows again, names masked or shown."""
        self.refresh_rows(keep=self._selected())

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
        shown = case_masker(self.services.case_file(item.case_id))(_c(item.text)) if self.privacy else _c(item.text)
        self.notify(f"{said}: {shown}")
        self.refresh_rows(keep=task_id)

    @guarded
    def action_done(self) -> None:
        self._run(self.services.tasks.done, _("Ferdig"))

    def action_cancel_task(self) -> None:
        """x: cancel the task, after asking (a stray x in a typed sentence cancelled one without a word)."""
        from ipterm.tui.screens.confirm_dialog import ConfirmDialog

        task_id = self._selected()
        if task_id is None:
            return
        item = self.services.tasks.get(task_id)
        if item.status is not ActionStatus.OPEN:
            self.notify(_("Oppgaven er lukket; u åpner den igjen."))
            return
        text = _c(item.text)
        if self.privacy:
            text = case_masker(self.services.case_file(item.case_id))(text)

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(self.services.tasks.cancel, _("Avlyst"))

        self.app.push_screen(ConfirmDialog(_("Avlyse oppgaven «{text}»?", text=text[:60]), yes=_("Avlys")), answered)

    @guarded
    def action_reopen(self) -> None:
        self._run(self.services.tasks.reopen, _("Åpnet igjen"))

    def action_edit(self) -> None:
        task_id = self._selected()
        if task_id is None:
            return
        if self.services.tasks.get(task_id).status is not ActionStatus.OPEN:
            self.notify(_("Oppgaven er lukket; u åpner den igjen."))
            return
        self.app.push_screen(TaskEditForm(self.services, task_id), lambda _r: self.refresh_rows(keep=task_id))

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.refresh_rows(keep=self._selected())

    def action_close(self) -> None:
        self.dismiss(None)
