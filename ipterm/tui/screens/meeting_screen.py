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
from textual.events import Key
from textual.widgets import DataTable, Input, Static

from ipterm.domain.dates import format_date
from ipterm.domain.errors import IptermError
from ipterm.domain.minutes import KIND_LABELS, LineKind, ParsedLine, convert_line, parse_line
from ipterm.domain.models import Attendance, MeetingLine, Member
from ipterm.domain.text import clean_for_terminal
from ipterm.services import Services
from ipterm.tui import quiet_gc
from ipterm.tui.display import Masker, case_masker, field_text, initials, masked, person
from ipterm.tui.i18n import error_text, language, tr
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermScreen
from ipterm.tui.widgets.field_input import FieldInput
from ipterm.tui.widgets.key_bar import KeyBar

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
}
_MENTION_TAIL = re.compile(r"@([\wæøåÆØÅ.\-]*)$")


class MinutesInput(FieldInput):
    """The line being typed. Tab completes an @mention instead of moving focus."""

    def __init__(self, complete: callable, **kwargs: object) -> None:  # type: ignore[valid-type]
        super().__init__(**kwargs)
        self._complete = complete
        self._cycle: list[str] = []
        self._cycle_at = 0

    async def _on_key(self, event: Key) -> None:
        if event.key == "tab" and (m := _MENTION_TAIL.search(self.value[: self.cursor_position])):
            event.stop()
            event.prevent_default()
            prefix = m.group(1)
            if not self._cycle or not any(c.lower().startswith(prefix.lower()) for c in self._cycle):
                self._cycle, self._cycle_at = self._complete(prefix), 0
            if self._cycle:
                choice = self._cycle[self._cycle_at % len(self._cycle)]
                self._cycle_at += 1
                start = self.cursor_position - len(prefix)
                self.value = self.value[:start] + choice + " " + self.value[self.cursor_position :]
                self.cursor_position = start + len(choice) + 1
            return
        self._cycle = []
        await super()._on_key(event)


def describe(parsed: ParsedLine, members: dict[int, Member], *, privacy: bool = False) -> Text:
    """The inline preview: what the line will do, or what is missing (names as initials in privacy mode)."""
    lang = language()
    nb, en = KIND_LABELS[parsed.kind]
    text = Text(f"{en if lang == 'en' else nb}", style="bold")
    if parsed.kind is LineKind.NOTE:
        text.append(
            tr("  (Enter lagrer. Prefiks: b: o: t: e: s: n:)", "  (Enter saves. Prefixes: b: o: t: e: s: n:)"),
            style="dim",
        )
        return text
    details = []
    if parsed.member_ids:
        name = initials if privacy else clean_for_terminal
        shown = [name(members[i].name) for i in parsed.member_ids if i in members]
        details.append("→ " + ", ".join(shown))
    if parsed.goal_numbers:
        details.append(tr("mål ", "goal ") + ", ".join(f"#{n}" for n in parsed.goal_numbers))
    if parsed.measure_numbers:
        details.append(tr("tiltak ", "measure ") + ", ".join(f"#t{n}" for n in parsed.measure_numbers))
    if parsed.due:
        label = tr("dato ", "date ") if parsed.kind is LineKind.NEXT_MEETING else tr("frist ", "due ")
        details.append(label + format_date(parsed.due))
    if parsed.from_date or parsed.to_date:
        details.append(f"{format_date(parsed.from_date)}–{format_date(parsed.to_date)}")
    if parsed.outcome:
        details.append(parsed.outcome.value)
    if parsed.alternatives:
        details.append(tr("alternativer: ", "alternatives: ") + clean_for_terminal(parsed.alternatives))
    if parsed.person_view:
        details.append(tr("syn: ", "view: ") + clean_for_terminal(parsed.person_view))
    if details:
        text.append("  " + "  ".join(details))
    for nb_problem, en_problem in parsed.problems:
        text.append(f"  ⚠ {en_problem if lang == 'en' else nb_problem}", style="bold yellow")
    return text


class MeetingScreen(IptermScreen):
    """Run one meeting: attendance by keys, minutes line by line, close into the plan."""

    CSS_PATH = "meeting_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("f2", "focus_people", "meeting.attendance", "Oppmøte", "Attendance"),
        bind("f3", "focus_lines", "meeting.lines", "Linjer", "Lines"),
        bind("f4", "focus_input", "meeting.write", "Skriv", "Write"),
        bind("ctrl+s,f10", "close_meeting", "meeting.close", "Avslutt møtet", "Close meeting"),
        bind("escape", "leave", "meeting.back", "Tilbake", "Back"),
    ]

    def __init__(self, services: Services, meeting_id: int) -> None:
        super().__init__()
        self.services = services
        self.meeting_id = meeting_id
        self._members: dict[int, Member] = {}
        self._masker: Masker | None = None
        self.case_id: int | None = None
        self.restore_line: str | None = None
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
                    id="line-input",
                    placeholder=tr(
                        "Skriv referat … (b: beslutning, o: oppgave @navn innen 1.12)",
                        "Type minutes … (b: decision, o: action @name innen 1.12)",
                    ),
                )
        yield KeyBar()

    def on_mount(self) -> None:
        meeting = self.services.meetings.start(self.meeting_id)
        self.case_id = meeting.case_id
        self._members = {m.id: m for m in self.services.members(meeting.case_id) if m.id is not None}
        self.query_one("#people", DataTable).add_columns("", tr("Deltaker", "Participant"))
        self.query_one("#lines", DataTable).add_columns(tr("Tid", "Time"), "", tr("Tekst", "Text"))
        self.refresh_data()
        self._update_preview("")
        line_input = self.query_one("#line-input", MinutesInput)
        line_input.focus()
        if self.restore_line:
            line_input.value = field_text(self.restore_line)
        # A long minutes document is thousands of long-lived objects: out of the collector's scans with them
        # (see quiet_gc); the next quiet pass, after the screen has closed, reclaims them.
        quiet_gc.settle()

    def refresh_data(self) -> None:
        """Title, attendance, agenda and lines, again (privacy mode or language changed)."""
        meeting = self.services.meetings.get(self.meeting_id)
        case = self.services.get_case(meeting.case_id)
        self._masker = case_masker(self.services.case_file(case.id)) if self.privacy else None
        when = meeting.starts_at.strftime("%d.%m.%Y %H:%M")
        title = Text(tr("Ansvarsgruppemøte", "Group meeting") + " – ")
        title.append(person(case.person_name, privacy=self.privacy))
        title.append(" – " + clean_for_terminal(f"{when} {meeting.place}", single_line=True))
        self.query_one("#meeting-title", Static).update(title)
        self._fill_people()
        agenda = Text(tr("Agenda\n", "Agenda\n"))
        for n, point in enumerate(meeting.agenda, start=1):
            agenda.append(f"{n}. ")
            agenda.append(masked(point, self._masker))
            agenda.append("\n")
        agenda.rstrip()
        self.query_one("#agenda", Static).update(agenda)
        self._fill_lines()

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
                    masked(line.text, self._masker),
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
            masked(line.text, self._masker),
            key=str(line.id),
        )
        table.move_cursor(row=table.row_count - 1)

    def _complete(self, prefix: str) -> list[str]:
        return self.services.meetings.complete_member(self.meeting_id, prefix)

    def _update_preview(self, value: str) -> None:
        parsed = parse_line(value, [m for m in self._members.values() if m.active], self.services.today())
        # The preview has a fixed size, so a new text never needs a layout pass over the whole screen.
        self.query_one("#preview", Static).update(describe(parsed, self._members, privacy=self.privacy), layout=False)

    # -- typing --------------------------------------------------------------------------------
    @on(Input.Changed, "#line-input")
    def _typed(self, event: Input.Changed) -> None:
        self._update_preview(event.value)

    @on(Input.Submitted, "#line-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value
        if not text.strip():
            return
        try:
            line = self.services.meetings.add_line(self.meeting_id, text)
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
            return
        event.input.value = ""
        self._append_line(line)
        self._update_preview("")

    # -- attendance and conversions ------------------------------------------------------------
    def on_key(self, event: Key) -> None:
        focused = self.focused
        if isinstance(focused, DataTable) and focused.id == "people" and event.key in ("space", "enter", "p", "f", "a"):
            event.stop()
            self._set_attendance(event.key)
        elif isinstance(focused, DataTable) and focused.id == "lines" and event.key in "botesn" and len(event.key) == 1:
            event.stop()
            self._convert_selected(
                {
                    "b": LineKind.DECISION,
                    "o": LineKind.ACTION,
                    "t": LineKind.MEASURE,
                    "e": LineKind.EVALUATION,
                    "s": LineKind.VIEW,
                    "n": LineKind.NEXT_MEETING,
                }[event.key]
            )

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

    def _convert_selected(self, kind: LineKind) -> None:
        table = self.query_one("#lines", DataTable)
        if not table.row_count:
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        line = self.services.meetings.line(int(row_key.value or 0))
        try:
            updated = self.services.meetings.update_line(line.id, convert_line(line.text, kind))
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
            return
        table.update_cell(row_key, table.ordered_columns[1].key, KIND_BADGE[kind])
        table.update_cell(row_key, table.ordered_columns[2].key, masked(updated.text, self._masker))
        parsed = self.services.meetings.preview_line(self.meeting_id, updated.text)
        self.query_one("#preview", Static).update(describe(parsed, self._members, privacy=self.privacy))

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
        self.dismiss(None)

    def action_close_meeting(self) -> None:
        from ipterm.tui.screens.meeting_close_screen import MeetingCloseScreen

        typed = self.query_one("#line-input", MinutesInput).value
        if typed.strip():
            self.notify(
                tr("Trykk Enter for å lagre linjen du skriver først.", "Press Enter to save the line first."),
                severity="warning",
            )
            return

        def closed(done: bool | None) -> None:
            if done:
                self.dismiss(None)

        self.app.push_screen(MeetingCloseScreen(self.services, self.meeting_id), closed)
