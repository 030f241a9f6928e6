"""Meeting mode: attendance, minutes typed line by line with their meaning shown as you type, close.

Laid out for half a screen (80 x 24) beside a video call: a narrow column of participants and agenda,
the minutes log, one preview line and the input line.
"""

from __future__ import annotations

import logging
import re
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Key, Paste
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowKey

from ipterm import i18n
from ipterm.domain.agenda import agenda_with_points, first_name, meeting_refs
from ipterm.domain.errors import IptermError
from ipterm.domain.minutes import LineKind, convert_line, parse_line
from ipterm.domain.models import Attendance, MeetingLine, Member
from ipterm.domain.text import clean_for_terminal
from ipterm.i18n import N_, _, error_text
from ipterm.services import Services
from ipterm.tui import quiet_gc
from ipterm.tui.display import Masker, case_masker, field_text, masked, person
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermScreen
from ipterm.tui.widgets.field_input import FieldInput
from ipterm.tui.widgets.key_bar import KeyBar
from ipterm.tui.widgets.line_preview import describe

log = logging.getLogger(__name__)

ATTENDANCE_MARK = {
    Attendance.INVITED: "·",
    Attendance.PRESENT: "✓",
    Attendance.ABSENT: "✗",
    Attendance.APOLOGIES: "~",
}
KIND_BADGE = {
    LineKind.NOTE: "  ",
    LineKind.DECISION: "B ",
    LineKind.ACTION: "O ",
    LineKind.MEASURE: "T ",
    LineKind.EVALUATION: "E ",
    LineKind.VIEW: "S ",
    LineKind.NEXT_MEETING: "N ",
    LineKind.FOLLOW_UP: "F ",
    LineKind.PERSON_POINT: "P ",
}
_MENTION_TAIL = re.compile(r"@([\wæøåÆØÅ.\-]*)$")
_TASK_TAIL = re.compile(r"#o(\d*)$", re.IGNORECASE)


class MinutesInput(FieldInput):
    """The line being typed. Tab completes an @mention instead of moving focus.

    Enter is handled here, in the field's own queue of keys, not through `Input.Submitted`: the message
    reaches the screen only after the keys typed behind the Enter have landed in the field, and clearing
    the field then wipes (or merges) them. Here each Enter takes exactly the text typed before it and
    clears the field before the next key is read, at any speed. A pasted block of lines becomes one
    minutes line per pasted line, in order; an unfinished last line stays in the field.
    """

    def __init__(
        self,
        complete: callable,  # type: ignore[valid-type]
        store_line: callable,  # type: ignore[valid-type]
        complete_task: callable = lambda typed: [],  # type: ignore[valid-type]
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self._complete = complete
        self._complete_task = complete_task
        self._store_line = store_line
        self._cycle: list[str] = []
        self._cycle_at = 0
        self._inserted: tuple[int, str] | None = None  # (where, what) the last Tab put in, to cycle on

    def _submit_now(self) -> None:
        text = self.value
        if text.strip() and self._store_line(text):
            self.value = ""

    async def _on_key(self, event: Key) -> None:
        if event.key in ("enter", "ctrl+j"):
            event.stop()
            event.prevent_default()
            self._cycle = []
            self._submit_now()
            return
        if event.key in ("tab", "shift+tab"):
            # Tab completes and never leaves the line: moved to the list of lines, the next letters typed
            # were that list's keys (`i` set a stored decision's kind). F3 and F2 go to the lists.
            event.stop()
            event.prevent_default()
            self._tab()
            return
        self._cycle = []
        self._inserted = None
        await super()._on_key(event)

    def _tab(self) -> None:
        before = self.value[: self.cursor_position]
        if self._cycle and self._inserted is not None:
            at, text = self._inserted
            if self.value[at : self.cursor_position] == text:  # Tab again: the next candidate
                self._put(at, self._cycle[self._cycle_at % len(self._cycle)])
                self._cycle_at += 1
                return
        if m := _TASK_TAIL.search(before):  # #o + Tab: the open tasks, shown in a notice
            self._cycle, self._cycle_at = self._complete_task(m.group(1)), 0
            start = self.cursor_position - len(m.group(0))
        elif m := _MENTION_TAIL.search(before):
            self._cycle, self._cycle_at = self._complete(m.group(1)), 0
            start = self.cursor_position - len(m.group(1))
        else:
            self.app.notify(_("Tab fullfører @navn og #o. F3: linjene, F2: oppmøte."), timeout=3)
            return
        if self._cycle:
            self._put(start, self._cycle[0])
            self._cycle_at = 1

    def _put(self, start: int, choice: str) -> None:
        """The completion in place of what was typed from `start`, one space after it (not two)."""
        after = self.value[self.cursor_position :]
        inserted = choice + ("" if after.startswith(" ") else " ")
        self.value = self.value[:start] + inserted + after
        self.cursor_position = start + len(inserted)
        self._inserted = (start, inserted)

    def _on_paste(self, event: Paste) -> None:
        pieces = re.split(r"\r\n|\r|\n", event.text)
        if len(pieces) == 1:
            return  # one line: Input's own handler inserts it
        event.stop()
        event.prevent_default()  # Input's own handler (first line only) must not run as well
        before, after = self.value[: self.cursor_position], self.value[self.cursor_position :]
        first, *middle, last = pieces
        complete = [before + first, *middle]
        for n, text in enumerate(complete):
            if text.strip() and not self._store_line(text):
                # The meeting refused the line (closed elsewhere): what was not stored stays in the field.
                self.value = " ".join([*complete[n:], last + after])
                return
        self.value = last + after
        self.cursor_position = len(last)


class MeetingScreen(IptermScreen):
    """Run one meeting: attendance by keys, minutes line by line, close into the plan."""

    CSS_PATH = "meeting_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("f2", "focus_people", "meeting.attendance", N_("Oppmøte")),
        bind("f3", "focus_lines", "meeting.lines", N_("Linjer")),
        bind("f4", "focus_input", "meeting.write", N_("Skriv")),
        bind("ctrl+s,f10", "close_meeting", "meeting.close", N_("Avslutt møtet")),
        bind("escape", "leave", "meeting.back", N_("Tilbake")),
        bind("question_mark,f1", "help", "meeting.help", N_("Hjelp")),
        bind("space", "attendance('space')", "meeting.attendance.cycle", N_("Neste oppmøte"), show=False),
        bind("p", "attendance('p')", "meeting.attendance.present", N_("Til stede"), show=False),
        bind("f", "attendance('f')", "meeting.attendance.apologies", N_("Meldt forfall"), show=False),
        bind("a", "attendance('a')", "meeting.attendance.absent", N_("Ikke møtt"), show=False),
        bind("b", "convert('decision')", "meeting.line.decision", N_("Gjør linjen til beslutning"), show=False),
        bind("o", "convert('action')", "meeting.line.action", N_("Gjør linjen til oppgave"), show=False),
        bind("t", "convert('measure')", "meeting.line.measure", N_("Gjør linjen til tiltak"), show=False),
        bind("e", "convert('evaluation')", "meeting.line.evaluation", N_("Gjør linjen til evaluering"), show=False),
        bind("s", "convert('view')", "meeting.line.view", N_("Gjør linjen til personens syn"), show=False),
        bind("n", "convert('next_meeting')", "meeting.line.next", N_("Gjør linjen til neste møte"), show=False),
        bind("delete", "delete_line", "meeting.line.delete", N_("Slett linjen"), show=False),
        bind("i", "line_kind", "meeting.line.kind", N_("Opplysningstype for linjen"), show=False),
        bind("w", "written_input", "meeting.attendance.input", N_("Skriftlig innspill ved forfall"), show=False),
    ]  # fmt: skip

    def __init__(self, services: Services, meeting_id: int) -> None:
        super().__init__()
        self.services = services
        self.meeting_id = meeting_id
        self._members: dict[int, Member] = {}
        self._editing: int | None = None  # the id of the line being corrected in the input
        self._set_aside = ""  # what was in the input when a line was taken up for correction
        self._masker: Masker | None = None
        self._open_tasks: frozenset[int] | None = None
        self.case_id: int | None = None
        self.restore_line: str | None = None
        self._close_summary = ""  # typed in the closing review, kept when Esc goes back to fix a line
        """A draft's half-typed line, put back into the input when the screen opens."""

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="meeting-title")
        with Horizontal(id="meeting-body"):
            with Vertical(id="meeting-side"):
                yield DataTable(id="people", cursor_type="row", show_header=False, zebra_stripes=False)
                yield Static(id="agenda")
            with Vertical(id="meeting-main"):
                yield DataTable(id="lines", cursor_type="row", show_header=False)
                yield Static(id="preview")
                yield MinutesInput(
                    self._complete,
                    self._store_line,
                    self._complete_task,
                    id="line-input",
                    placeholder=_("Skriv referat … (b: beslutning, o: oppgave @navn innen 1.12)"),
                )
        yield KeyBar()

    def on_mount(self) -> None:
        meeting = self.services.meetings.start(self.meeting_id)
        self.case_id = meeting.case_id
        self._members = {m.id: m for m in self.services.members(meeting.case_id) if m.id is not None}
        self.query_one("#people", DataTable).add_columns("", _("Deltaker"))
        self.query_one("#lines", DataTable).add_columns(_("Tid"), "", _("Tekst"))
        self.refresh_data()
        line_input = self.query_one("#line-input", MinutesInput)
        # The line set aside when the meeting was left (Esc), or a draft kept when the terminal closed.
        draft = self.services.meetings.drafts.pop(self.meeting_id, "")
        if self.restore_line:
            draft = field_text(self.restore_line)
        line_input.value = draft
        self._update_preview(draft)
        line_input.focus()
        # A long minutes document is thousands of long-lived objects: out of the collector's scans with them
        # (see quiet_gc); the next quiet pass, after the screen has closed, reclaims them.
        quiet_gc.settle()

    def refresh_data(self) -> None:
        """Title, attendance, agenda and lines, again (privacy mode or language changed)."""
        meeting = self.services.meetings.get(self.meeting_id)
        case = self.services.get_case(meeting.case_id)
        self._masker = case_masker(self.services.case_file(case.id)) if self.privacy else None
        when = meeting.starts_at.strftime("%d.%m.%Y %H:%M")
        title = Text(_("Ansvarsgruppemøte") + " – ")
        title.append(person(case.person_name, privacy=self.privacy))
        title.append(" – " + clean_for_terminal(f"{when} {meeting.place}", single_line=True))
        self.query_one("#meeting-title", Static).update(title)
        self._fill_people()
        case_file = self.services.case_file(case.id)
        agenda = Text(_("Saksliste\n"))
        for n, point in enumerate(agenda_with_points(meeting, first_name(case_file)), start=1):
            agenda.append(f"{n}. ")
            agenda.append(masked(point, self._masker))
            # The numbers the lines take (e: #2 …), which the agenda people read does not print.
            if refs := meeting_refs(case_file, point):
                agenda.append(" " + " ".join(refs), style="dim")
            agenda.append("\n")
        written = [
            (self._members.get(p.member_id), p.written_input)
            for p in self.services.meetings.participants(self.meeting_id)
            if p.written_input
        ]
        if written:
            agenda.append(_("Skriftlige innspill (forfall)") + "\n", style="bold")
            for member, said in written:
                agenda.append(person(member.name, privacy=self.privacy) if member else "?")
                agenda.append(": ")
                agenda.append(masked(said, self._masker))
                agenda.append("\n")
        agenda.rstrip()
        self.query_one("#agenda", Static).update(agenda)
        self._fill_lines()
        if self.query("#line-input"):  # the preview too: F12 must not leave a name in it until the next key
            self._update_preview(self.query_one("#line-input", Input).value)

    def _fill_lines(self) -> None:
        lines = self.query_one("#lines", DataTable)
        lines.clear()
        lines_keys: list[str] = []
        members = list(self._members.values())
        today = self.services.today()
        rows = []
        for line in self.services.meetings.lines(self.meeting_id):
            kind = parse_line(line.text, members, today).kind
            rows.append(
                (
                    line.written_at.strftime("%H:%M"),
                    KIND_BADGE[kind],
                    self._line_text(line),
                )
            )
            lines_keys.append(str(line.id))
        for row, key in zip(rows, lines_keys, strict=True):
            lines.add_row(*row, key=key)
        if lines.row_count:
            lines.move_cursor(row=lines.row_count - 1)

    def _fill_people(self) -> None:
        people = self.query_one("#people", DataTable)
        cursor = people.cursor_row
        people.clear()
        attendance = self.services.meetings.attendance(self.meeting_id)
        for member_id, status in attendance.items():
            member = self._members.get(member_id)
            if member is None:
                continue
            people.add_row(ATTENDANCE_MARK[status], person(member.name, privacy=self.privacy), key=str(member_id))
        if people.row_count:
            people.move_cursor(row=min(cursor, people.row_count - 1))

    def _append_line(self, line: MeetingLine) -> None:
        parsed = parse_line(line.text, [m for m in self._members.values() if m.active], self.services.today())
        table = self.query_one("#lines", DataTable)
        table.add_row(
            line.written_at.strftime("%H:%M"),
            KIND_BADGE[parsed.kind],
            self._line_text(line),
            key=str(line.id),
        )
        table.move_cursor(row=table.row_count - 1)

    def _complete(self, prefix: str) -> list[str]:
        return self.services.meetings.complete_member(self.meeting_id, prefix, nameless=self.privacy)

    def _shown_text(self, text: str) -> str:
        """Stored text on one line, the case's names masked in privacy mode."""
        return masked(text, self._masker).plain

    def _complete_task(self, typed: str) -> list[str]:
        """Open tasks of the case as `#o3`, those whose number starts with what was typed."""
        rows = self.services.tasks.list(self.services.meetings.get(self.meeting_id).case_id)
        found = [f"#o{r.number}" for r in rows if str(r.number).startswith(typed)]
        if found:
            names = {f"#o{r.number}": r.item.text for r in rows}
            shown = "  ".join(f"{c} {self._shown_text(names[c])[:30]}" for c in found[:4])
            self.notify(shown, timeout=4)
        return found

    def _open_task_numbers(self) -> frozenset[int]:
        """The case's open task numbers, read once per meeting screen: the preview runs on every key."""
        if self._open_tasks is None:
            case_id = self.services.meetings.get(self.meeting_id).case_id
            self._open_tasks = frozenset(r.number for r in self.services.tasks.list(case_id))
        return self._open_tasks

    def _update_preview(self, value: str) -> None:
        parsed = parse_line(value, [m for m in self._members.values() if m.active], self.services.today())
        # The preview has a fixed size, so a new text never needs a layout pass over the whole screen.
        shown = describe(parsed, self._members, privacy=self.privacy, open_tasks=self._open_task_numbers(),
                         masker=self._masker)  # fmt: skip
        self.query_one("#preview", Static).update(shown, layout=False)

    # -- typing --------------------------------------------------------------------------------
    @on(Input.Changed, "#line-input")
    def _typed(self, event: Input.Changed) -> None:
        self._update_preview(event.value)

    def _store_line(self, text: str) -> bool:
        """Save one typed line at once; False (and a message) when the meeting refuses it."""
        try:
            if self._editing is not None:
                line = self.services.meetings.update_line(self._editing, text)
                self._show_row(line)
                self._editing = None
                self.call_after_refresh(self._restore_set_aside)
                return True
            line = self.services.meetings.add_line(self.meeting_id, text)
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
            return False
        self._append_line(line)
        return True

    def _restore_set_aside(self) -> None:
        box = self.query_one("#line-input", MinutesInput)
        if not box.value and self._set_aside:
            box.value, self._set_aside = self._set_aside, ""

    def _show_row(self, line: MeetingLine) -> None:
        table = self.query_one("#lines", DataTable)
        parsed = parse_line(line.text, [m for m in self._members.values() if m.active], self.services.today())
        table.update_cell(str(line.id), table.ordered_columns[1].key, KIND_BADGE[parsed.kind])
        table.update_cell(
            str(line.id), table.ordered_columns[2].key, Text(clean_for_terminal(line.text, single_line=True))
        )

    def _edit_line(self, line_id: int) -> None:
        """Take a saved line back into the input; the next Enter replaces it (audited), Esc leaves it as it was."""
        line = self.services.meetings.line(line_id)
        box = self.query_one("#line-input", MinutesInput)
        if self._editing is None:
            self._set_aside = box.value
        self._editing = line.id
        box.value = line.text
        box.cursor_position = len(line.text)
        box.focus()
        self.notify(
            _("Endrer linjen fra {written_at:%H:%M}. Enter lagrer, Esc avbryter.", written_at=line.written_at),
        )  # fmt: skip

    def _stop_editing(self) -> None:
        self._editing = None
        box = self.query_one("#line-input", MinutesInput)
        box.value, self._set_aside = self._set_aside, ""

    def action_delete_line(self) -> None:
        if not self._focused_table("lines") or (selected := self._selected_line()) is None:
            return
        table = self.query_one("#lines", DataTable)
        row_key, line = selected
        from ipterm.tui.screens.confirm_dialog import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.services.meetings.delete_line(line.id)
            except IptermError as exc:
                self.notify(error_text(exc), severity="error")
                return
            table.remove_row(row_key)

        shown = clean_for_terminal(line.text, single_line=True)[:60]
        self.app.push_screen(ConfirmDialog(_("Slette linjen «{shown}»?", shown=shown)), answered)

    # -- attendance and conversions ------------------------------------------------------------
    # Bindings, not a key handler, so the help lists them with their ids and [keymap] can move them. The
    # minutes input takes every printable key itself, so these letters act only on the two lists.
    def _focused_table(self, table_id: str) -> bool:
        return isinstance(self.focused, DataTable) and self.focused.id == table_id

    def action_attendance(self, key: str) -> None:
        if self._focused_table("people"):
            self._set_attendance(key)

    def action_convert(self, kind: str) -> None:
        if self._focused_table("lines"):
            self._convert_selected(LineKind(kind))

    @on(DataTable.RowSelected, "#people")
    def _people_enter(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._set_attendance("enter")

    @on(DataTable.RowSelected, "#lines")
    def _lines_enter(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._edit_line(int(event.row_key.value or 0))

    def _set_attendance(self, key: str) -> None:
        people = self.query_one("#people", DataTable)
        if not people.row_count:
            return
        member_id = int(people.coordinate_to_cell_key(people.cursor_coordinate).row_key.value or 0)
        try:
            if key in ("space", "enter"):
                self.services.meetings.cycle_attendance(self.meeting_id, member_id)
            else:
                choice = {"p": Attendance.PRESENT, "f": Attendance.APOLOGIES, "a": Attendance.ABSENT}[key]
                self.services.meetings.set_attendance(self.meeting_id, member_id, choice)
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
        self._fill_people()

    def _line_text(self, line: MeetingLine) -> Text:
        """The line as typed, and its kind of information when the coordinator gave it one."""
        text = masked(line.text, self._masker)
        if line.info_kind is not None:
            # In front, where a narrow table does not cut it off.
            text = Text.assemble(("[" + i18n.label(line.info_kind) + "] ", "italic"), text)
        return text

    def action_written_input(self) -> None:
        """w on a participant: what they sent in writing because they could not come (their attendance
        becomes «meldt forfall»)."""
        if not self._focused_table("people"):
            return
        people = self.query_one("#people", DataTable)
        if not people.row_count:
            return
        member_id = int(people.coordinate_to_cell_key(people.cursor_coordinate).row_key.value or 0)
        from ipterm.tui.screens.meeting_plan_screen import WrittenInputForm

        self.app.push_screen(
            WrittenInputForm(self.services, self.meeting_id, member_id), lambda _r: self.refresh_data()
        )

    def action_line_kind(self) -> None:
        """i in the lines: say what kind of information the line is, so extracts share it only where the
        consent covers that kind (what it becomes at the close, a decision, a task or a measure, keeps it)."""
        if not self._focused_table("lines") or (selected := self._selected_line()) is None:
            return
        from ipterm.tui.screens.consent_screen import KindDialog

        table = self.query_one("#lines", DataTable)
        row_key, line = selected

        def chosen(value: str | None) -> None:
            if value is None:
                return
            try:
                self.services.set_info_kind("meeting_line", line.id, value or None)
            except IptermError as exc:
                self.notify(error_text(exc), severity="error")
                return
            updated = self.services.meetings.line(line.id)
            table.update_cell(row_key, table.ordered_columns[2].key, self._line_text(updated), update_width=True)
            self.notify(_("Opplysningstypen er lagret."))

        self.app.push_screen(KindDialog(self._shown_text(line.text), line.info_kind), chosen)

    def _selected_line(self) -> tuple[RowKey, MeetingLine] | None:
        """The line under the cursor in F3's list, with its row, or None when the list is empty."""
        table = self.query_one("#lines", DataTable)
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return row_key, self.services.meetings.line(int(row_key.value or 0))

    def _convert_selected(self, kind: LineKind) -> None:
        if (selected := self._selected_line()) is None:
            return
        table = self.query_one("#lines", DataTable)
        row_key, line = selected
        try:
            updated = self.services.meetings.update_line(line.id, convert_line(line.text, kind))
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
            return
        table.update_cell(row_key, table.ordered_columns[1].key, KIND_BADGE[kind])
        table.update_cell(row_key, table.ordered_columns[2].key, self._line_text(updated))
        parsed = self.services.meetings.preview_line(self.meeting_id, updated.text)
        self.query_one("#preview", Static).update(describe(parsed, self._members, privacy=self.privacy,
                                                           masker=self._masker))  # fmt: skip

    # -- actions -------------------------------------------------------------------------------
    def action_focus_people(self) -> None:
        self.query_one("#people", DataTable).focus()

    def action_focus_lines(self) -> None:
        self.query_one("#lines", DataTable).focus()

    def action_focus_input(self) -> None:
        self.query_one("#line-input", MinutesInput).focus()

    def action_leave(self) -> None:
        if self.focused is not None and self.focused.id != "line-input":
            self.action_focus_input()
            return
        box = self.query_one("#line-input", MinutesInput)
        if self._editing is not None:
            self._stop_editing()
            return
        if box.value.strip():
            # A half-typed line is never dropped: it waits in the field when the meeting is opened again.
            self.services.meetings.drafts[self.meeting_id] = box.value
            self.notify(_("Linjen du skrev er tatt vare på som utkast."))
        else:
            self.services.meetings.drafts.pop(self.meeting_id, None)
        self.dismiss(None)

    def action_help(self) -> None:
        from ipterm.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self))

    @property
    def help_text(self) -> str:
        """The line syntax, shown under the keys by the help screen."""
        return _(
            "\nLinjer i referatet\n  b: beslutning  alt: alternativ (flere går)  "
            "syn: personens syn\n  o: oppgave @navn innen 15.1 | +2u | fredag\n  t: "
            "tiltak #1 @navn fra 1.1 til 30.6 omfang: 2 d/uke hvordan: …\n  e: #1 "
            "nådd | delvis nådd | fortsett | endre | stopp  (#t2 for et tiltak; "
            "innen 1.3 = neste evaluering)\n  f: #o3 ferdig | avlyst | ny frist +2u "
            "| @ny ansvarlig\n  s: personens eget syn     n: 2.3 kl. 10 (neste "
            "møte)\n  p: det personen vil ta opp (kommer først på sakslisten)\n  "
            "En dato uten år betyr neste gang den kommer. Enter på en "
            "linje (F3) endrer den, Delete sletter den.\n"
        )

    def action_close_meeting(self) -> None:
        from ipterm.tui.screens.meeting_close_screen import MeetingCloseScreen

        typed = self.query_one("#line-input", MinutesInput).value
        if typed.strip():
            self.notify(
                _("Trykk Enter for å lagre linjen du skriver først."),
                severity="warning",
            )
            return

        def closed(done: bool | str | None) -> None:
            if done is True:
                self.dismiss(None)
            elif isinstance(done, str):
                self._close_summary = done

        self.app.push_screen(MeetingCloseScreen(self.services, self.meeting_id, self._close_summary), closed)
