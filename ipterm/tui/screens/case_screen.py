"""One case: the plan (goals -> measures), the group, consents, notes, meetings, history and § 19."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane

from ipterm.domain.completeness import missing_items, why_missing
from ipterm.domain.dates import format_date
from ipterm.domain.errors import IptermError
from ipterm.domain.models import OPEN_MEASURE_STATUSES, CaseFile, Measure, MeetingStatus
from ipterm.domain.text import clean_for_terminal
from ipterm.services import Services
from ipterm.tui.display import change_label, initials, national_id, person, safe, status
from ipterm.tui.i18n import error_text, language, tr
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermScreen
from ipterm.tui.widgets.field_input import FieldInput
from ipterm.tui.widgets.key_bar import KeyBar
from ipterm.tui.widgets.row_table import RowTable
from ipterm.tui.widgets.sync_bar import SyncBar

TABS = (
    ("plan", "Plan", "Plan"), ("group", "Gruppe", "Group"), ("consents", "Samtykker", "Consents"),
    ("notes", "Notater", "Notes"), ("meetings", "Møter", "Meetings"), ("history", "Historikk", "History"),
    ("section19", "§ 19", "§ 19"),
)  # fmt: skip


PALETTE = (
    ("Nytt mål", "New goal", "Hovedmål eller delmål", "Main goal or sub-goal", "new_goal"),
    ("Nytt tiltak", "New measure", "Legg til et tiltak i planen", "Add a measure", "new_measure"),
    ("Ny i ansvarsgruppen", "New group member", "Person eller tjeneste", "Person or service", "new_member"),
    ("Nytt samtykke", "New consent", "Hvem som kan få hva", "Who may receive what", "new_consent"),
    ("Evaluer mål eller tiltak", "Evaluate goal or measure", "Det som er valgt i planen",
     "The one chosen in the plan", "evaluate"),
    ("Endre saken", "Edit the case", "Navn, plan-periode, § 19 a og i", "Name, plan period, § 19 a and i",
     "edit_case"),
    ("Nytt notat", "New note", "Kort kontaktnotat", "Short contact note", "new_note"),
    ("Planlegg møte", "Plan meeting", "Ansvarsgruppemøte med agenda fra planen",
     "Group meeting with an agenda from the plan", "plan_meeting"),
    ("Eksporter… plan, referat, utdrag", "Export… plan, minutes, extract",
     "Også overføringsnotat, kalender, JSON, FHIR; lagre i mappe eller åpne",
     "Also handover, calendar, JSON, FHIR; save to a folder or open", "export"),
    ("Tidligere eksporter", "Earlier exports", "Lagre en eksport på nytt", "Save an export again",
     "export_history"),
)  # fmt: skip


class CaseScreen(IptermScreen):
    """The case workspace."""

    DEFAULT_CSS = """
    CaseScreen { overflow-y: hidden; }
    #case-title { height: 1; }
    #tabs { height: 1fr; }
    #tabs ContentSwitcher { height: 1fr; }
    #tabs TabPane { height: 1fr; }
    #note-input { height: 3; }
    DataTable { height: 1fr; }
    #around-title { height: 1; margin-top: 1; color: $text-muted; text-style: bold; padding: 0 1; }
    #around-table { height: auto; max-height: 25%; }
    #group-table { min-height: 4; }
    #completeness { padding: 1 2; }
    .row-detail { height: auto; max-height: 50%; padding: 0 1; border-top: solid $primary-darken-2; }
    #group-detail { max-height: 35%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "case.back", "Tilbake", "Back"),
        bind("enter", "edit", "case.edit", "Endre", "Edit", show=False),
        bind("g", "new_goal", "case.goal.new", "Nytt mål", "New goal"),
        bind("t", "new_measure", "case.measure.new", "Nytt tiltak", "New measure"),
        bind("v", "evaluate", "case.evaluate", "Evaluer", "Evaluate", show=False),
        bind("a", "new_member", "case.member.new", "Ny i gruppen", "New member"),
        bind("s", "new_consent", "case.consent.new", "Samtykke", "Consent"),
        bind("x", "withdraw", "case.withdraw", "Trekk/fjern", "Withdraw/remove", show=False),
        bind("r", "edit_case", "case.details", "Endre saken", "Edit case", show=False),
        bind("k", "confirm", "case.confirm", "Bekreft i dag", "Confirm today"),
        bind("n", "new_note", "case.note.new", "Notat", "Note"),
        bind("m", "plan_meeting", "case.meeting.new", "Planlegg møte", "Plan meeting", show=False),
        bind("e", "export", "case.export", "Eksporter…", "Export…", show=False),
        bind("E", "export_history", "case.exports", "Tidligere eksporter", "Earlier exports", show=False),
        bind("question_mark,f1", "help", "case.help", "Hjelp", "Help"),
        *[
            bind(str(n), f"show_tab('{tab}')", f"case.tab.{tab}", nb, en, show=False)
            for n, (tab, nb, en) in enumerate(TABS, start=1)
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
            with TabPane(tr("Plan", "Plan"), id="plan"):
                yield RowTable(id="plan-table", cursor_type="row")
                yield Static(id="plan-detail", classes="row-detail")
            with TabPane(tr("Gruppe", "Group"), id="group"):
                yield RowTable(id="group-table", cursor_type="row")
                yield Static(id="group-detail", classes="row-detail")
                yield Static(tr("Koordinatorer rundt personen", "Coordinators around the person"), id="around-title")
                yield RowTable(id="around-table", cursor_type="row")
            with TabPane(tr("Samtykker", "Consents"), id="consents"):
                yield RowTable(id="consent-table", cursor_type="row")
                yield Static(id="consent-detail", classes="row-detail")
            with TabPane(tr("Notater", "Notes"), id="notes"):
                yield FieldInput(
                    placeholder=tr(
                        "Kort kontaktnotat, Enter lagrer (o: oppgave @navn +1u)",
                        "Short contact note, Enter saves (o: action @name +1u)",
                    ),
                    id="note-input",
                )
                yield RowTable(id="note-table", cursor_type="row")
            with TabPane(tr("Møter", "Meetings"), id="meetings"):
                yield RowTable(id="meeting-table", cursor_type="row")
                yield RowTable(id="action-table", cursor_type="row")
            with TabPane(tr("Historikk", "History"), id="history"):
                yield RowTable(id="history-table", cursor_type="row")
            with TabPane("§ 19", id="section19"):
                yield Static(id="completeness")
        yield SyncBar()
        yield KeyBar()

    def on_mount(self) -> None:
        columns = {
            "#plan-table": (tr("#", "#"), tr("Mål / tiltak", "Goal / measure"), tr("Omfang", "Scope"),
                            tr("Ansvarlig", "Responsible"), tr("Periode", "Period"), tr("Status", "Status"),
                            tr("Bekreftet", "Confirmed"), tr("Evalueres", "Evaluate")),
            "#group-table": (tr("Navn", "Name"), tr("Rolle", "Role"), tr("Tjeneste", "Service"),
                             tr("Kontakt", "Contact"), tr("Beslutter", "Decides"), tr("Bekreftet", "Confirmed")),
            "#consent-table": (tr("Gitt", "Given"), tr("Hvordan", "How"), tr("Omfang", "Scope"),
                               tr("Mottakere", "Recipients"), tr("Utløper", "Expires"), tr("Original", "Original")),
            "#note-table": (tr("Tid", "Time"), tr("Type", "Kind"), tr("Notat", "Note")),
            "#meeting-table": (tr("Tid", "When"), tr("Sted", "Place"), tr("Status", "Status"),
                               tr("Neste", "Next")),
            "#action-table": (tr("Oppgave", "Action item"), tr("Eier", "Owner"), tr("Frist", "Due"),
                              tr("Status", "Status")),
            "#history-table": (tr("Når", "When"), tr("Hva", "What"), tr("Endring", "Change")),
            "#around-table": (tr("Navn", "Name"), tr("Rolle", "Role"), tr("Tjeneste", "Service"),
                              tr("Kontakt", "Contact"), tr("Koordinerer / beslutter", "Coordinates / decides")),
        }  # fmt: skip
        for selector, heads in columns.items():
            self.query_one(selector, DataTable).add_columns(*heads)
        self.refresh_data()

    def refresh_data(self) -> None:
        cf = self.case_file = self.services.case_file(self.case_id)
        case = cf.case
        title = Text()
        title.append(person(case.person_name, privacy=self.privacy))
        if case.national_id:
            title.append(f"  {national_id(case.national_id, privacy=self.privacy)}")
        title.append(tr("  koordinator: ", "  coordinator: "))
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
            indent = "  └ " if goal.parent_id else ""  # a sub-goal hangs under its goal
            # The person's own words are quoted, so a reader sees whose voice the goal is in.
            words = f"«{goal.text}»" if goal.is_own_words else goal.text
            label = Text(indent + clean_for_terminal(words, single_line=True), style="bold")
            table.add_row(
                f"#{goal_numbers[goal.id]}",
                label,
                "",
                "",
                "",
                status(goal.status.value),
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
        who = safe(owner.name) if owner else Text(tr("UAVKLART", "UNCLEAR"), style="bold red")
        table.add_row(
            f"  #t{number}",
            safe("→ " + m.what),
            safe(m.scope),
            who,
            f"{format_date(m.from_date)}–{format_date(m.to_date)}",
            status(m.status.value),
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

    @on(DataTable.RowHighlighted, "#plan-table, #group-table, #consent-table")
    def _show_row(self, event: DataTable.RowHighlighted) -> None:
        """The whole row under the cursor in the pane below its table."""
        from ipterm.tui.widgets import row_detail

        cf, key = self.case_file, str(event.row_key.value or "")
        if cf is None or not key:
            return
        table = event.data_table.id
        text = Text()
        if table == "plan-table" and key[1:].isdigit():
            number = int(key[1:])
            goal = next((g for g in cf.goals if g.id == number), None) if key[0] == "g" else None
            measure = next((m for m in cf.measures if m.id == number), None) if key[0] == "m" else None
            if goal is not None:
                text = row_detail.goal_detail(cf, goal, privacy=self.privacy)
            elif measure is not None:
                text = row_detail.measure_detail(cf, measure, privacy=self.privacy)
        elif table == "group-table" and key.isdigit() and (member := cf.member(int(key))) is not None:
            text = row_detail.member_detail(member, privacy=self.privacy)
        elif table == "consent-table" and key.isdigit():
            consent = next((c for c in cf.consents if c.id == int(key)), None)
            if consent is not None:
                text = row_detail.consent_detail(cf, consent, privacy=self.privacy)
        self.query_one(f"#{table.removesuffix('-table')}-detail", Static).update(text)

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
        if self.ref and self.ref[0] == "member" and self.ref[1]:
            self._move_to(table, str(self.ref[1]))
        self._fill_around()

    def _fill_around(self) -> None:
        """Who coordinates or decides something for the person: "who do I call about what"."""
        table = self.query_one("#around-table", DataTable)
        table.clear()
        for m in self.services.coordinators_around(self.case_id):
            what = [tr("koordinerer", "coordinates")] if m.is_coordinator else []
            if m.has_decision_authority:
                what.append(tr("fatter vedtak", "decides"))
            table.add_row(
                person(m.name, privacy=self.privacy),
                safe(m.role),
                safe(m.organisation),
                safe(" ".join(x for x in (m.phone, m.email) if x)),
                ", ".join(what),
                key=str(m.id),
            )

    def _fill_consents(self, cf: CaseFile) -> None:
        table = self.query_one("#consent-table", DataTable)
        table.clear()
        for c in cf.consents:
            recipients = [m.name for m in cf.members if m.id in c.recipient_member_ids]
            names = ", ".join(initials(n) if self.privacy else n for n in recipients)
            table.add_row(
                format_date(c.given_on),
                status(c.method.value) if c.withdrawn_on is None else tr("TRUKKET", "WITHDRAWN"),
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
                note.written_at.strftime("%d.%m.%Y %H:%M"), status(note.kind.value), safe(note.text), key=str(note.id)
            )

    def _fill_meetings(self, cf: CaseFile) -> None:
        table = self.query_one("#meeting-table", DataTable)
        table.clear()
        for meeting in sorted(cf.meetings, key=lambda x: x.starts_at, reverse=True):
            table.add_row(
                meeting.starts_at.strftime("%d.%m.%Y %H:%M"),
                safe(meeting.place),
                status(meeting.status.value),
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
                status(item.status.value),
                key=str(item.id),
            )

    def _fill_history(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for entry in self.services.audit_trail(self.case_id)[:300]:
            changed = ", ".join(entry.changes)
            table.add_row(entry.at.strftime("%d.%m.%Y %H:%M"), change_label(entry.entity, entry.action), safe(changed))

    def _fill_completeness(self, cf: CaseFile) -> None:
        lang = language()
        missing = missing_items(cf, self.services.today())
        text = Text()
        if not missing:
            text.append(
                tr("Planen dekker alle punktene a–i i § 19.", "The plan covers all items a–i of § 19."),
                style="bold green",
            )
        else:
            text.append(
                tr(
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

    def action_export(self) -> None:
        from ipterm.tui.screens.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(self.services, self.case_id))

    def action_export_history(self) -> None:
        from ipterm.tui.screens.export_dialog import ExportHistoryScreen

        self.app.push_screen(ExportHistoryScreen(self.services, self.case_id))

    def action_export_plan(self) -> None:
        """Render the plan summary to PDF/A in the background; it is stored encrypted (and queued for sync)."""
        self.notify(tr("Lager PDF …", "Making the PDF …"))
        self._export("plan")

    def action_export_calendar(self) -> None:
        """The case's dates as an .ics file, stored encrypted like every export (and queued for sync)."""
        self._export("ics")

    @work(thread=True, exclusive=True, group="export")
    def _export(self, kind: str) -> None:
        from ipterm.export import IncompletePlanError

        try:
            stored = self.services.exports.export(self.case_id, kind, allow_incomplete=True)
        except IncompletePlanError as exc:  # not raised with allow_incomplete; kept for other kinds
            self.app.call_from_thread(self.notify, error_text(exc), severity="warning")
            return
        except IptermError as exc:
            self.app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        missing = stored.rendered.missing_items
        note = tr(f" § 19 mangler: {', '.join(missing)}.", f" § 19 missing: {', '.join(missing)}.") if missing else ""
        self.app.call_from_thread(
            self.notify,
            tr(f"Eksport lagret: {stored.rendered.filename}.", f"Export stored: {stored.rendered.filename}.") + note,
        )

    def palette_commands(self) -> list:
        from textual.app import SystemCommand

        return [
            SystemCommand(tr(nb, en), tr(help_nb, help_en), getattr(self, f"action_{action}"))
            for nb, en, help_nb, help_en, action in PALETTE
        ]

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab
        pane = self.query_one(f"#{tab}", TabPane)
        tables = pane.query(DataTable)
        if tables:
            tables.first().focus()
        else:
            # Focus must leave the pane being hidden: left in its second table, it pulled the tab back there.
            completeness = self.query_one("#completeness", Static)
            completeness.can_focus = True
            completeness.focus()

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
            self.notify(error_text(exc), severity="error")
            return
        event.input.value = ""
        if items:
            self.notify(tr(f"Notat lagret, {len(items)} oppgave(r) opprettet.", f"Note saved, {len(items)} item(s)."))
        self.refresh_data()

    def action_confirm(self) -> None:
        """Mark the selected measure or contact as confirmed today."""
        tab = self._current()
        try:
            if tab == "plan":
                key = self._selected("#plan-table")
                if key is None:
                    return
                if key.startswith("m"):
                    self.services.confirm_measure(int(key[1:]))
                    self.notify(tr("Tiltaket er bekreftet i dag.", "Measure confirmed today."))
            elif tab == "group":
                table = self.query_one("#group-table", DataTable)
                if not table.row_count:
                    return
                self.services.confirm_member(int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
                self.notify(tr("Kontakten er bekreftet i dag.", "Contact confirmed today."))
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
        row = self.query_one("#plan-table" if tab == "plan" else "#group-table", DataTable).cursor_row
        self.refresh_data()
        self.query_one("#plan-table" if tab == "plan" else "#group-table", DataTable).move_cursor(row=row)

    # -- forms -------------------------------------------------------------------------------
    def _open_form(self, form: object, ref_kind: str, tab: str) -> None:
        """Show a form; after a save, refresh and put the cursor on what was saved."""

        def saved(saved_id: int | None) -> None:
            if saved_id:
                self.ref = (ref_kind, saved_id)
                self.refresh_data()
                self.action_show_tab(tab)

        self.app.push_screen(form, saved)  # type: ignore[arg-type]

    def _selected(self, table_id: str) -> str | None:
        """The row key under the cursor of a table, or None when the table is empty."""
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _selected_plan_row(self) -> tuple[str, int] | None:
        """("goal" | "measure", id) for the plan row under the cursor."""
        key = self._selected("#plan-table")
        if not key:
            return None
        return ("goal" if key[0] == "g" else "measure", int(key[1:]))

    def action_new_goal(self) -> None:
        from ipterm.tui.screens.plan_forms import GoalForm

        self._open_form(GoalForm(self.services, self.case_id), "goal", "plan")

    def action_new_measure(self) -> None:
        from ipterm.tui.screens.plan_forms import MeasureForm

        self._open_form(MeasureForm(self.services, self.case_id), "measure", "plan")

    def action_new_member(self) -> None:
        from ipterm.tui.screens.case_forms import MemberForm

        self._open_form(MemberForm(self.services, self.case_id), "member", "group")

    def action_new_consent(self) -> None:
        from ipterm.tui.screens.case_forms import ConsentForm

        self._open_form(ConsentForm(self.services, self.case_id), "consent", "consents")

    def action_edit_case(self) -> None:
        from ipterm.tui.screens.case_forms import CaseForm

        self._open_form(CaseForm(self.services, self.case_id), "case", self._current())

    def action_edit(self) -> None:
        """Enter on a row: edit the goal, measure or member under the cursor."""
        from ipterm.tui.screens.case_forms import MemberForm
        from ipterm.tui.screens.plan_forms import GoalForm, MeasureForm

        tab = self._current()
        if tab == "plan" and (row := self._selected_plan_row()):
            kind, row_id = row
            form = GoalForm if kind == "goal" else MeasureForm
            self._open_form(form(self.services, self.case_id, row_id), kind, "plan")
        elif tab == "group" and (key := self._selected("#group-table")):
            self._open_form(MemberForm(self.services, self.case_id, int(key)), "member", "group")

    @on(DataTable.RowSelected, "#plan-table, #group-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_evaluate(self) -> None:
        from ipterm.tui.screens.plan_forms import EvaluationForm

        row = self._selected_plan_row() if self._current() == "plan" else None
        if row is None:
            self.notify(tr("Velg et mål eller tiltak i planen først.", "Choose a goal or measure in the plan first."))
            return
        kind, row_id = row
        subject = {"goal_id": row_id} if kind == "goal" else {"measure_id": row_id}
        self._open_form(EvaluationForm(self.services, self.case_id, **subject), kind, "plan")

    def action_withdraw(self) -> None:
        """x: withdraw the consent, or take the member out of the group (they stay in the history)."""
        from ipterm.tui.screens.confirm_dialog import ConfirmDialog

        tab = self._current()
        if tab == "consents" and (key := self._selected("#consent-table")):
            question = tr("Registrere at samtykket er trukket tilbake i dag?", "Record the consent as withdrawn today?")
            act = lambda: self.services.withdraw_consent(int(key))  # noqa: E731
        elif tab == "group" and (key := self._selected("#group-table")):
            question = tr("Ta deltakeren ut av ansvarsgruppen?", "Take this member out of the group?")
            act = lambda: self.services.remove_member(int(key))  # noqa: E731
        else:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                act()
            except IptermError as exc:
                self.notify(error_text(exc), severity="error")
            self.refresh_data()

        self.app.push_screen(ConfirmDialog(question), answered)

    def action_plan_meeting(self) -> None:
        from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen

        def planned(meeting_id: int | None) -> None:
            self.refresh_data()
            if meeting_id:
                # Focus with the tab, on the new meeting: Enter opens it at once.
                self.action_show_tab("meetings")
                self._move_to(self.query_one("#meeting-table", DataTable), str(meeting_id))

        self.app.push_screen(MeetingPlanScreen(self.services, self.case_id), planned)

    @on(DataTable.RowSelected, "#meeting-table")
    def _run_meeting(self, event: DataTable.RowSelected) -> None:
        from ipterm.tui.screens.meeting_screen import MeetingScreen

        meeting = self.services.meetings.get(int(event.row_key.value or 0))
        if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
            self.notify(tr("Møtet er avsluttet.", "The meeting is closed."))
            return
        self.app.push_screen(MeetingScreen(self.services, meeting.id), lambda _r: self.refresh_data())

    def open_measures(self) -> int:
        return sum(1 for m in (self.case_file.measures if self.case_file else ()) if m.status in OPEN_MEASURE_STATUSES)
