"""One case: the plan (goals -> measures), the group, consents, notes, meetings, history and § 19."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static, TabbedContent, TabPane

from ipterm.domain.completeness import missing_items, why_missing
from ipterm.domain.dates import format_date
from ipterm.domain.errors import LANGUAGE, IptermError
from ipterm.domain.models import OPEN_MEASURE_STATUSES, CaseFile, Measure, MeetingStatus
from ipterm.domain.text import clean_for_terminal
from ipterm.services import Services
from ipterm.tui.display import national_id, person, safe
from ipterm.tui.widgets.sync_bar import SyncBar

_STATUS_NB = {"active": "aktiv", "planned": "planlagt", "ended": "avsluttet", "stopped": "stoppet",
              "achieved": "nådd", "paused": "pause", "dropped": "droppet", "running": "pågår", "closed": "avsluttet",
              "cancelled": "avlyst", "open": "åpen", "done": "utført"}  # fmt: skip


def _t(nb: str, en: str) -> str:
    return en if LANGUAGE.get() == "en" else nb


def _status(value: str) -> str:
    return value if LANGUAGE.get() == "en" else _STATUS_NB.get(value, value)


class CaseScreen(Screen[None]):
    """The case workspace."""

    DEFAULT_CSS = """
    #case-title { height: 1; }
    #note-input { height: 3; }
    DataTable { height: 1fr; }
    #completeness { padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _t("Tilbake", "Back"), id="case.back"),
        Binding("t", "new_measure", _t("Nytt tiltak", "New measure"), id="case.measure.new"),
        Binding("k", "confirm", _t("Bekreft i dag", "Confirm today"), id="case.confirm"),
        Binding("n", "new_note", _t("Notat", "Note"), id="case.note.new"),
        Binding("m", "plan_meeting", _t("Planlegg møte", "Plan meeting"), id="case.meeting.new"),
        Binding("e", "export_plan", _t("Eksporter plan", "Export plan"), id="case.export"),
        Binding("question_mark,f1", "help", _t("Hjelp", "Help"), id="case.help"),
        *[
            Binding(str(n), f"show_tab('{tab}')", label, show=False, id=f"case.tab.{tab}")
            for n, (tab, label) in enumerate(
                [
                    ("plan", "Plan"),
                    ("group", _t("Gruppe", "Group")),
                    ("consents", _t("Samtykker", "Consents")),
                    ("notes", _t("Notater", "Notes")),
                    ("meetings", _t("Møter", "Meetings")),
                    ("history", _t("Historikk", "History")),
                    ("section19", "§ 19"),
                ],
                start=1,
            )
        ],
    ]

    def __init__(
        self, services: Services, case_id: int, *, tab: str = "plan", ref: tuple[str, int | None] | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self.initial_tab = tab
        self.ref = ref
        self.case_file: CaseFile | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="case-title", classes="title")
        with TabbedContent(initial=self.initial_tab, id="tabs"):
            with TabPane(_t("Plan", "Plan"), id="plan"):
                yield DataTable(id="plan-table", cursor_type="row")
            with TabPane(_t("Gruppe", "Group"), id="group"):
                yield DataTable(id="group-table", cursor_type="row")
            with TabPane(_t("Samtykker", "Consents"), id="consents"):
                yield DataTable(id="consent-table", cursor_type="row")
            with TabPane(_t("Notater", "Notes"), id="notes"):
                yield Input(
                    placeholder=_t(
                        "Kort kontaktnotat, Enter lagrer (o: oppgave @navn +1u)",
                        "Short contact note, Enter saves (o: action @name +1u)",
                    ),
                    id="note-input",
                )
                yield DataTable(id="note-table", cursor_type="row")
            with TabPane(_t("Møter", "Meetings"), id="meetings"):
                yield DataTable(id="meeting-table", cursor_type="row")
                yield DataTable(id="action-table", cursor_type="row")
            with TabPane(_t("Historikk", "History"), id="history"):
                yield DataTable(id="history-table", cursor_type="row")
            with TabPane("§ 19", id="section19"):
                yield Static(id="completeness")
        yield SyncBar()
        yield Footer()

    def on_mount(self) -> None:
        columns = {
            "#plan-table": (_t("#", "#"), _t("Mål / tiltak", "Goal / measure"), _t("Omfang", "Scope"),
                            _t("Ansvarlig", "Responsible"), _t("Periode", "Period"), _t("Status", "Status"),
                            _t("Bekreftet", "Confirmed"), _t("Evalueres", "Evaluate")),
            "#group-table": (_t("Navn", "Name"), _t("Rolle", "Role"), _t("Tjeneste", "Service"),
                             _t("Kontakt", "Contact"), _t("Beslutter", "Decides"), _t("Bekreftet", "Confirmed")),
            "#consent-table": (_t("Gitt", "Given"), _t("Hvordan", "How"), _t("Omfang", "Scope"),
                               _t("Mottakere", "Recipients"), _t("Utløper", "Expires"), _t("Original", "Original")),
            "#note-table": (_t("Tid", "Time"), _t("Type", "Kind"), _t("Notat", "Note")),
            "#meeting-table": (_t("Tid", "When"), _t("Sted", "Place"), _t("Status", "Status"),
                               _t("Neste", "Next")),
            "#action-table": (_t("Oppgave", "Action item"), _t("Eier", "Owner"), _t("Frist", "Due"),
                              _t("Status", "Status")),
            "#history-table": (_t("Når", "When"), _t("Hva", "What"), _t("Endring", "Change")),
        }  # fmt: skip
        for selector, heads in columns.items():
            self.query_one(selector, DataTable).add_columns(*heads)
        self.refresh_data()

    @property
    def privacy(self) -> bool:
        return bool(getattr(self.app, "privacy", False))

    def refresh_data(self) -> None:
        cf = self.case_file = self.services.case_file(self.case_id)
        case = cf.case
        title = Text()
        title.append(person(case.person_name, privacy=self.privacy))
        if case.national_id:
            title.append(f"  {national_id(case.national_id, privacy=self.privacy)}")
        title.append(_t("  koordinator: ", "  coordinator: "))
        title.append(safe(case.coordinator))
        title.append(f"  {format_date(case.plan_start)}–{format_date(case.plan_end)}")
        self.query_one("#case-title", Static).update(title)
        self._fill_plan(cf)
        self._fill_group(cf)
        self._fill_consents(cf)
        self._fill_notes(cf)
        self._fill_meetings(cf)
        self._fill_history()
        self._fill_completeness(cf)

    def _fill_plan(self, cf: CaseFile) -> None:
        table = self.query_one("#plan-table", DataTable)
        table.clear()
        goal_numbers = cf.goal_numbers()
        measure_numbers = cf.measure_numbers()
        shown: set[int] = set()
        for goal in cf.goals:
            indent = "  " if goal.parent_id else ""
            # The person's own words are quoted, so a reader sees whose voice the goal is in.
            words = f"«{goal.text}»" if goal.is_own_words else goal.text
            label = Text(indent + clean_for_terminal(words, single_line=True), style="bold")
            table.add_row(
                f"#{goal_numbers[goal.id]}",
                label,
                "",
                "",
                "",
                _status(goal.status.value),
                "",
                format_date(goal.evaluate_by),
                key=f"g{goal.id}",
            )
            for m in cf.measures_for_goal(goal.id):
                if m.id in shown:
                    continue
                shown.add(m.id)
                self._measure_row(table, cf, m, measure_numbers[m.id])
        for m in cf.measures:
            if m.id not in shown:
                self._measure_row(table, cf, m, measure_numbers[m.id])
        if self.ref and self.ref[0] in ("measure", "measure_evaluation", "unclear_responsibility") and self.ref[1]:
            self._move_to(table, f"m{self.ref[1]}")
        elif self.ref and self.ref[0] in ("goal", "goal_evaluation") and self.ref[1]:
            self._move_to(table, f"g{self.ref[1]}")

    def _measure_row(self, table: DataTable, cf: CaseFile, m: Measure, number: int) -> None:
        owner = cf.member(m.responsible_member_id)
        who = safe(owner.name) if owner else Text(_t("UAVKLART", "UNCLEAR"), style="bold red")
        table.add_row(
            f"  #t{number}",
            safe("→ " + m.what),
            safe(m.scope),
            who,
            f"{format_date(m.from_date)}–{format_date(m.to_date)}",
            _status(m.status.value),
            format_date(m.last_confirmed),
            format_date(m.evaluate_by),
            key=f"m{m.id}",
        )

    @staticmethod
    def _move_to(table: DataTable, key: str) -> None:
        try:
            table.move_cursor(row=table.get_row_index(key))
        except Exception:  # the row may be gone after an edit elsewhere
            return

    def _fill_group(self, cf: CaseFile) -> None:
        table = self.query_one("#group-table", DataTable)
        table.clear()
        for m in cf.members:
            if not m.active:
                continue
            contact = " ".join(x for x in (m.phone, m.email) if x)
            table.add_row(
                person(m.name, privacy=self.privacy),
                safe(m.role),
                safe(m.organisation),
                safe(contact),
                "★" if m.has_decision_authority else "",
                format_date(m.last_confirmed),
                key=str(m.id),
            )

    def _fill_consents(self, cf: CaseFile) -> None:
        table = self.query_one("#consent-table", DataTable)
        table.clear()
        for c in cf.consents:
            names = ", ".join(m.name for m in cf.members if m.id in c.recipient_member_ids)
            table.add_row(
                format_date(c.given_on),
                c.method.value,
                safe(c.scope_text),
                safe(names),
                format_date(c.expires_on),
                safe(c.original_location),
                key=str(c.id),
            )

    def _fill_notes(self, cf: CaseFile) -> None:
        table = self.query_one("#note-table", DataTable)
        table.clear()
        for note in cf.notes:
            table.add_row(
                note.written_at.strftime("%d.%m.%Y %H:%M"), note.kind.value, safe(note.text), key=str(note.id)
            )

    def _fill_meetings(self, cf: CaseFile) -> None:
        table = self.query_one("#meeting-table", DataTable)
        table.clear()
        for meeting in sorted(cf.meetings, key=lambda x: x.starts_at, reverse=True):
            table.add_row(
                meeting.starts_at.strftime("%d.%m.%Y %H:%M"),
                safe(meeting.place),
                _status(meeting.status.value),
                format_date(meeting.next_meeting_on),
                key=str(meeting.id),
            )
        actions = self.query_one("#action-table", DataTable)
        actions.clear()
        for item in cf.action_items:
            owner = cf.member(item.owner_member_id)
            actions.add_row(
                safe(item.text),
                safe(owner.name if owner else ""),
                format_date(item.due_on),
                _status(item.status.value),
                key=str(item.id),
            )

    def _fill_history(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for entry in self.services.audit_trail(self.case_id)[:300]:
            changed = ", ".join(entry.changes)
            table.add_row(entry.at.strftime("%d.%m.%Y %H:%M"), f"{entry.entity} {entry.action}", safe(changed))

    def _fill_completeness(self, cf: CaseFile) -> None:
        lang = LANGUAGE.get()
        missing = missing_items(cf, self.services.today())
        text = Text()
        if not missing:
            text.append(
                _t("Planen dekker alle punktene a–i i § 19.", "The plan covers all items a–i of § 19."),
                style="bold green",
            )
        else:
            text.append(
                _t(
                    f"Planen mangler {len(missing)} av punktene i § 19:\n\n",
                    f"The plan lacks {len(missing)} of the § 19 items:\n\n",
                ),
                style="bold",
            )
            for item in missing:
                hint = why_missing(cf, item, self.services.today())
                text.append(f"{item.letter}) {item.title(lang)}\n", style="bold yellow")
                text.append(f"   {hint[1] if lang == 'en' else hint[0]}\n")
        self.query_one("#completeness", Static).update(text)

    # -- actions -------------------------------------------------------------------------------
    def _current(self) -> str:
        return self.query_one("#tabs", TabbedContent).active

    def action_export_plan(self) -> None:
        """Render the plan summary to PDF/A in the background; it is stored encrypted (and queued for sync)."""
        self.notify(_t("Lager PDF …", "Making the PDF …"))
        self._export("plan")

    @work(thread=True, exclusive=True, group="export")
    def _export(self, kind: str) -> None:
        from ipterm.export import IncompletePlanError

        try:
            stored = self.services.exports.export(self.case_id, kind, allow_incomplete=True)
        except IncompletePlanError as exc:  # not raised with allow_incomplete; kept for other kinds
            self.app.call_from_thread(self.notify, exc.message(), severity="warning")
            return
        except IptermError as exc:
            self.app.call_from_thread(self.notify, exc.message(), severity="error")
            return
        missing = stored.rendered.missing_items
        note = _t(f" § 19 mangler: {', '.join(missing)}.", f" § 19 missing: {', '.join(missing)}.") if missing else ""
        self.app.call_from_thread(
            self.notify,
            _t(f"Eksport lagret: {stored.rendered.filename}.", f"Export stored: {stored.rendered.filename}.") + note,
        )

    def palette_commands(self) -> list:
        from textual.app import SystemCommand

        return [
            SystemCommand(
                _t("Nytt tiltak", "New measure"),
                _t("Legg til et tiltak i planen", "Add a measure"),
                self.action_new_measure,
            ),
            SystemCommand(
                _t("Nytt notat", "New note"), _t("Kort kontaktnotat", "Short contact note"), self.action_new_note
            ),
            SystemCommand(
                _t("Planlegg møte", "Plan meeting"),
                _t("Ansvarsgruppemøte med agenda fra planen", "Group meeting with an agenda from the plan"),
                self.action_plan_meeting,
            ),
        ]

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab
        pane = self.query_one(f"#{tab}", TabPane)
        tables = pane.query(DataTable)
        if tables:
            tables.first().focus()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):  # first Escape leaves the note field, the next leaves the case
            self.query_one("#note-table", DataTable).focus()
            return
        self.dismiss(None)

    def action_help(self) -> None:
        from ipterm.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_new_note(self) -> None:
        self.query_one("#tabs", TabbedContent).active = "notes"
        self.query_one("#note-input", Input).focus()

    @on(Input.Submitted, "#note-input")
    def _save_note(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        try:
            _note, items = self.services.meetings.add_contact_note(self.case_id, event.value.replace("\\n", "\n"))
        except IptermError as exc:
            self.notify(exc.message(), severity="error")
            return
        event.input.value = ""
        if items:
            self.notify(_t(f"Notat lagret, {len(items)} oppgave(r) opprettet.", f"Note saved, {len(items)} item(s)."))
        self.refresh_data()

    def action_confirm(self) -> None:
        """Mark the selected measure or contact as confirmed today."""
        tab = self._current()
        try:
            if tab == "plan":
                table = self.query_one("#plan-table", DataTable)
                if not table.row_count:
                    return
                key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
                if key.startswith("m"):
                    self.services.confirm_measure(int(key[1:]))
                    self.notify(_t("Tiltaket er bekreftet i dag.", "Measure confirmed today."))
            elif tab == "group":
                table = self.query_one("#group-table", DataTable)
                if not table.row_count:
                    return
                self.services.confirm_member(int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
                self.notify(_t("Kontakten er bekreftet i dag.", "Contact confirmed today."))
        except IptermError as exc:
            self.notify(exc.message(), severity="error")
        row = self.query_one("#plan-table" if tab == "plan" else "#group-table", DataTable).cursor_row
        self.refresh_data()
        self.query_one("#plan-table" if tab == "plan" else "#group-table", DataTable).move_cursor(row=row)

    def action_new_measure(self) -> None:
        from ipterm.tui.screens.measure_form import MeasureForm

        def saved(measure_id: int | None) -> None:
            if measure_id:
                self.ref = ("measure", measure_id)
                self.refresh_data()

        self.app.push_screen(MeasureForm(self.services, self.case_id), saved)

    def action_plan_meeting(self) -> None:
        from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen

        def planned(meeting_id: int | None) -> None:
            self.refresh_data()
            if meeting_id:
                self.query_one("#tabs", TabbedContent).active = "meetings"

        self.app.push_screen(MeetingPlanScreen(self.services, self.case_id), planned)

    @on(DataTable.RowSelected, "#meeting-table")
    def _run_meeting(self, event: DataTable.RowSelected) -> None:
        from ipterm.tui.screens.meeting_screen import MeetingScreen

        meeting = self.services.store.meetings.get(int(event.row_key.value or 0))
        if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
            self.notify(_t("Møtet er avsluttet.", "The meeting is closed."))
            return
        self.app.push_screen(MeetingScreen(self.services, meeting.id), lambda _r: self.refresh_data())

    def open_measures(self) -> int:
        return sum(1 for m in (self.case_file.measures if self.case_file else ()) if m.status in OPEN_MEASURE_STATUSES)
