"""One case: the plan (goals -> measures), the group, consents, notes, meetings, history and contents."""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane

from ipterm import i18n
from ipterm.domain.changes import describe_change
from ipterm.domain.completeness import gap_lines, gaps
from ipterm.domain.consent_checks import consent_warnings, losing_access
from ipterm.domain.dates import format_date
from ipterm.domain.errors import IptermError
from ipterm.domain.models import OPEN_MEASURE_STATUSES, CaseFile, Measure, MeetingStatus, NoteKind
from ipterm.domain.text import clean_for_terminal, quoted
from ipterm.export import labels
from ipterm.i18n import N_, _, error_text, ngettext
from ipterm.services import Services
from ipterm.tui.display import (
    Masker,
    case_masker,
    change_label,
    contact,
    field_text,
    initials,
    masked,
    masked_text,
    national_id,
    person,
    safe,
    weekday_date,
)
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermScreen
from ipterm.tui.widgets.field_input import FieldInput
from ipterm.tui.widgets.key_bar import KeyBar
from ipterm.tui.widgets.note_box import NoteBox
from ipterm.tui.widgets.row_detail import DetailPane
from ipterm.tui.widgets.row_table import RowTable
from ipterm.tui.widgets.sync_bar import SyncBar

log = logging.getLogger(__name__)

TABS = (
    ("plan", N_("Plan")), ("group", N_("Gruppe")), ("consents", N_("Samtykker")), ("notes", N_("Notater")),
    ("meetings", N_("Møter")), ("history", N_("Historikk")), ("section19", N_("Innhold i planen")),
)  # fmt: skip


TITLES = dict(TABS)

# (title, help, action)
PALETTE = (
    (N_("Nytt mål"), N_("Hovedmål eller delmål"), "new_goal"),
    (N_("Nytt tiltak"), N_("Legg til et tiltak i planen"), "new_measure"),
    (N_("Ny deltaker i ansvarsgruppen"), N_("Person eller tjeneste"), "new_member"),
    (N_("Nytt samtykke"), N_("Hvem som kan få hva"), "new_consent"),
    (N_("Evaluer mål eller tiltak"), N_("Det som er valgt i planen"), "evaluate"),
    (N_("Endre saken"), N_("Navn, planperiode, personens ressurser og samarbeid"), "edit_case"),
    (N_("Nytt notat"), N_("Kort kontaktnotat"), "new_note"),
    (N_("Planlegg møte"), N_("Ansvarsgruppemøte med saksliste fra planen"), "plan_meeting"),
    (N_("Eksporter… plan, referat, utdrag"),
     N_("Også overføringsnotat, kalender, JSON, FHIR; lagre i mappe eller åpne"), "export"),
    (N_("Tidligere eksporter"), N_("Lagre en eksport på nytt"), "export_history"),
)  # fmt: skip


class CaseScreen(IptermScreen):
    """The case workspace."""

    DEFAULT_CSS = """
    CaseScreen { overflow-y: hidden; }
    #case-title { height: 1; }
    #tabs { height: 1fr; }
    #tabs ContentSwitcher { height: 1fr; }
    #tabs TabPane { height: 1fr; }
    #note-input { height: auto; min-height: 1; max-height: 6; border-bottom: solid $primary-darken-2; }
    #note-preview { height: auto; max-height: 4; padding: 0 1; }
    DataTable { height: 1fr; }
    #around-title { height: 1; margin-top: 1; color: $text-muted; text-style: bold; padding: 0 1; }
    #around-table { height: auto; max-height: 25%; }
    #group-table { min-height: 4; }
    #completeness { padding: 1 2; }
    .row-detail { height: auto; max-height: 50%; padding: 0 1; border-top: solid $primary-darken-2; }
    #group-detail { max-height: 35%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "back", "case.back", N_("Tilbake")),
        bind("enter", "edit", "case.edit", N_("Endre"), show=False),
        bind("g", "new_goal", "case.goal.new", N_("Nytt mål")),
        bind("t", "new_measure", "case.measure.new", N_("Nytt tiltak")),
        bind("v", "evaluate", "case.evaluate", N_("Evaluer"), show=False),
        bind("a", "new_member", "case.member.new", N_("Ny i gruppen")),
        bind("s", "new_consent", "case.consent.new", N_("Samtykke")),
        bind("x", "withdraw", "case.withdraw", N_("Trekk/fjern"), show=False),
        bind("p", "preview", "case.preview", N_("Vis som mottaker"), show=False),
        bind("i", "info_kind", "case.info_kind", N_("Opplysningstype"), show=False),
        bind("r", "edit_case", "case.details", N_("Endre saken"), show=False),
        bind("k", "confirm", "case.confirm", N_("Bekreft i dag")),
        bind("n", "new_note", "case.note.new", N_("Notat")),
        bind("m", "plan_meeting", "case.meeting.new", N_("Planlegg møte"), show=False),
        bind("f", "move_meeting", "case.meeting.move", N_("Flytt møtet"), show=False),
        bind("I", "summons", "case.meeting.summons", N_("Innkalling: lenke, punkter, forfall"), show=False),
        bind("o", "tasks", "case.tasks", N_("Oppgaver")),
        bind("e", "export", "case.export", N_("Eksporter…"), show=False),
        bind("E", "export_history", "case.exports", N_("Tidligere eksporter"), show=False),
        bind("slash", "filter_history", "case.history.filter", N_("Filtrer historikken"), show=False),
        bind("question_mark,f1", "help", "case.help", N_("Hjelp")),
        *[
            bind(str(n), f"show_tab('{tab}')", f"case.tab.{tab}", title, show=False)
            for n, (tab, title) in enumerate(TABS, start=1)
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
        self.restore_note: tuple[str, str] | None = None  # (text, kind) of a note kept as a draft
        self._history_texts: dict[str, str] = {}  # row key -> the whole change, for the pane
        self._masker: Masker | None = None
        """Set in privacy mode: the case's names and contacts, masked inside free text."""

    def compose(self) -> ComposeResult:
        yield Static(id="case-title", classes="title")
        with TabbedContent(initial=self.initial_tab, id="tabs"):
            with TabPane(_(TITLES["plan"]), id="plan"):
                yield RowTable(id="plan-table", cursor_type="row")
                yield DetailPane(id="plan-detail", classes="row-detail")
            with TabPane(_(TITLES["group"]), id="group"):
                yield RowTable(id="group-table", cursor_type="row")
                yield DetailPane(id="group-detail", classes="row-detail")
                yield Static(_("Koordinatorer rundt personen"), id="around-title")
                yield RowTable(id="around-table", cursor_type="row")
            with TabPane(_(TITLES["consents"]), id="consents"):
                yield RowTable(id="consent-table", cursor_type="row")
                yield DetailPane(id="consent-detail", classes="row-detail")
            with TabPane(_(TITLES["notes"]), id="notes"):
                yield NoteBox(
                    placeholder=_("Kontaktnotat: Enter lagrer, Ctrl+J ny linje, F2 type (o: oppgave @navn +1u)"),
                    id="note-input",
                )
                yield Static(id="note-preview")
                yield RowTable(id="note-table", cursor_type="row")
                yield DetailPane(id="note-detail", classes="row-detail")
            with TabPane(_(TITLES["meetings"]), id="meetings"):
                yield RowTable(id="meeting-table", cursor_type="row")
                yield RowTable(id="action-table", cursor_type="row")
            with TabPane(_(TITLES["history"]), id="history"):
                yield FieldInput(placeholder=_("/ Vis bare det som gjelder … (f.eks. #t4, Mål #2, et navn)"),
                                 id="history-filter")  # fmt: skip
                yield RowTable(id="history-table", cursor_type="row")
                yield DetailPane(id="history-detail", classes="row-detail")
            with TabPane(_(TITLES["section19"]), id="section19"):
                yield Static(id="completeness")
        yield SyncBar()
        yield KeyBar()

    def on_mount(self) -> None:
        columns = {
            "#plan-table": (_("#"), _("Mål / tiltak"), _("Omfang"),
                            _("Ansvarlig"), _("Periode"), _("Status"),
                            _("Bekreftet"), _("Evalueres")),
            "#group-table": (_("Nr"), _("Navn"), _("Rolle"), _("Tjeneste"),
                             _("Kontakt"), _("Beslutter"), _("Bekreftet")),
            "#consent-table": (_("Gitt"), _("Gyldig til"), _("Mottakere"),
                               _("Omfatter"), _("Hvordan"), _("Omfang")),
            "#note-table": (_("Tid"), _("Type"), _("Notat")),
            "#meeting-table": (_("Tid"), _("Status"), _("Neste"),
                               _("Sted")),
            "#action-table": (_("Frist"), _("Status"), _("Eier"),
                              _("Oppgave")),
            "#history-table": (_("Når"), _("Hva"), _("Endringen")),
            "#around-table": (_("Navn"), _("Koordinerer / beslutter"), _("Rolle"),
                              _("Tjeneste"), _("Kontakt")),
        }  # fmt: skip
        for selector, heads in columns.items():
            self.query_one(selector, DataTable).add_columns(*heads)
        self.refresh_data()
        if self.restore_note:
            text, kind = self.restore_note
            box = self.query_one("#note-input", NoteBox)
            box.load_text(field_text(text))
            box.kind = next((k for k in NoteKind if k.value == kind), box.kind)
            box.move_cursor(box.document.end)
            self.set_focus(box)

    def refresh_data(self) -> None:
        tabs = self.query_one("#tabs", TabbedContent)
        for tab, title in TABS:  # a language switch relabels the tabs at once
            with suppress(Exception):
                tabs.get_tab(tab).label = _(title)  # type: ignore[assignment]
        cf = self.case_file = self.services.case_file(self.case_id)
        self._masker = case_masker(cf) if self.privacy else None
        if self.query("#note-input") and self.query_one("#note-input", NoteBox).text:
            self._preview_note(None)  # F12 must not leave a name in the note's preview until the next key
        case = cf.case
        title = Text()
        title.append(person(case.person_name, privacy=self.privacy))
        if case.national_id:
            title.append(f"  {national_id(case.national_id, privacy=self.privacy)}")
        title.append(_("  koordinator: "))
        title.append(person(case.coordinator, privacy=self.privacy))
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
            label = masked(words, self._masker, style="bold")
            if indent:  # after the cleaning, which trims the line's leading spaces
                label = Text(indent, style="bold") + label
            table.add_row(
                f"#{goal_numbers[goal.id]}",
                label,
                "",
                "",
                "",
                i18n.label(goal.status),
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
        who = person(owner.name, privacy=self.privacy) if owner else Text(_("UAVKLART"), style="bold red")
        table.add_row(
            f"  #t{number}",
            masked("→ " + m.what, self._masker),
            masked(m.scope, self._masker),
            who,
            f"{format_date(m.from_date)}–{format_date(m.to_date)}",
            i18n.label(m.status),
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

    @on(DataTable.RowHighlighted, "#plan-table, #group-table, #consent-table, #note-table, #history-table")
    def _show_row(self, event: DataTable.RowHighlighted) -> None:
        """The whole row under the cursor in the pane below its table."""
        cf, key = self.case_file, str(event.row_key.value or "")
        if cf is None or not key:
            return
        table = event.data_table
        pane = self.query_one(f"#{(table.id or '').removesuffix('-table')}-detail", DetailPane)
        rows = lambda: (self._row_text(cf, table.id or "", str(k.value or "")) for k in table.rows)  # noqa: E731
        pane.show(self._row_text(cf, table.id or "", key), rows)

    def _row_text(self, cf: CaseFile, table: str, key: str) -> Text:
        from ipterm.tui.widgets import row_detail

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
        elif table == "history-table" and key in self._history_texts:
            text = Text(self._history_texts[key])
        elif table == "note-table" and key.isdigit():
            note = next((n for n in cf.notes if n.id == int(key)), None)
            if note is not None:
                text = row_detail.note_detail(note)
        return masked_text(text, self._masker)

    def _fill_group(self, cf: CaseFile) -> None:
        table = self.query_one("#group-table", DataTable)
        kept = self._selected("#group-table")
        table.clear()
        numbers = cf.member_numbers()
        for m in cf.members:
            if not m.active:
                continue
            table.add_row(
                str(numbers[m.id]),
                person(m.name, privacy=self.privacy),
                safe(m.role),
                safe(m.organisation),
                contact(" ".join(x for x in (m.phone, m.email) if x), privacy=self.privacy),
                "★" if m.has_decision_authority else "",
                format_date(m.last_confirmed),
                key=str(m.id),
            )
        if kept:
            self._move_to(table, kept)
        if self.ref and self.ref[0] == "member" and self.ref[1]:
            self._move_to(table, str(self.ref[1]))
        self._fill_around()

    def _fill_around(self) -> None:
        """Who coordinates or decides something for the person: "who do I call about what"."""
        table = self.query_one("#around-table", DataTable)
        table.clear()
        for m in self.services.coordinators_around(self.case_id):
            what = [_("koordinerer")] if m.is_coordinator else []
            if m.has_decision_authority:
                what.append(_("fatter vedtak"))
            table.add_row(
                person(m.name, privacy=self.privacy),
                ", ".join(what),
                safe(m.role),
                safe(m.organisation),
                contact(" ".join(x for x in (m.phone, m.email) if x), privacy=self.privacy),
                key=str(m.id),
            )

    def _fill_consents(self, cf: CaseFile) -> None:
        from ipterm.tui.screens.consent_screen import consent_services_text as services_text

        table = self.query_one("#consent-table", DataTable)
        kept = self._selected("#consent-table")
        table.clear()
        today = self.services.today()
        for c in cf.consents:
            recipients = [m.name for m in cf.members if m.id in c.recipient_member_ids]
            recipients += [r.name for r in cf.related if r.id in c.recipient_related_ids]
            names = ", ".join(initials(n) if self.privacy else n for n in recipients)
            if c.withdrawn_on is not None and c.withdrawn_on <= today:
                valid = Text(_("TRUKKET"), style="bold red")
            elif not c.is_valid_on(today):
                valid = Text(_("UTLØPT {expires_on}", expires_on=format_date(c.expires_on)),
                             style="bold red")  # fmt: skip
            else:
                valid = Text(format_date(c.expires_on) or _("uten utløp"))
            covers = labels.sections_text(c.sections) if c.sections else _("planen")
            covers += "; " + services_text(cf, c)  # what it shares, said in full
            table.add_row(
                format_date(c.given_on),
                valid,
                safe(names),
                safe(covers),
                i18n.label(c.method),
                masked(c.scope_text, self._masker),
                key=str(c.id),
            )
        # A refresh (after Esc from the consent, or a save) leaves the cursor where it was: jumping to the
        # first row once made a coordinator withdraw the wrong consent.
        if self.ref and self.ref[0] == "consent" and self.ref[1]:
            self._move_to(table, str(self.ref[1]))
            self.ref = None
        elif kept:
            self._move_to(table, kept)

    def _fill_notes(self, cf: CaseFile) -> None:
        table = self.query_one("#note-table", DataTable)
        kept = self._selected("#note-table")
        table.clear()
        for note in cf.notes:
            table.add_row(
                note.written_at.strftime("%d.%m.%Y %H:%M"),
                i18n.label(note.kind),
                masked(note.text, self._masker),
                key=str(note.id),
            )
        if kept:
            self._move_to(table, kept)

    def _fill_meetings(self, cf: CaseFile) -> None:
        table = self.query_one("#meeting-table", DataTable)
        table.clear()
        for meeting in sorted(cf.meetings, key=lambda x: x.starts_at, reverse=True):
            table.add_row(
                meeting.starts_at.strftime("%d.%m.%Y %H:%M"),
                i18n.label(meeting.status),
                format_date(meeting.next_meeting_on),
                safe(meeting.place),
                key=str(meeting.id),
            )
        actions = self.query_one("#action-table", DataTable)
        actions.clear()
        for item in cf.action_items:
            owner = cf.member(item.owner_member_id)
            actions.add_row(
                format_date(item.due_on),
                i18n.label(item.status),
                person(owner.name, privacy=self.privacy) if owner else "",
                masked(item.text, self._masker),
                key=str(item.id),
            )

    def _fill_history(self) -> None:
        """The case's changes in words, newest first, under a heading per day; the filter keeps the lines
        that name what it says (one goal, one measure, one person)."""
        table = self.query_one("#history-table", DataTable)
        table.clear()
        case_file = self.services.case_file(self.case_id)
        wanted = " ".join(self.query_one("#history-filter", Input).value.split()).casefold()
        day = None
        self._history_texts = {}
        for n, entry in enumerate(self.services.audit_trail(self.case_id)[:300]):
            changed = masked(describe_change(entry, case_file).render(), self._masker)
            if wanted and wanted not in changed.plain.casefold():
                continue
            if entry.at.date() != day:
                day = entry.at.date()
                table.add_row(Text(weekday_date(day), style="bold underline"), "", "", key=f"day:{day.isoformat()}")
            self._history_texts[f"h{n}"] = f"{weekday_date(entry.at.date())} {entry.at:%H:%M}\n{changed.plain}"
            table.add_row(entry.at.strftime("%H:%M"), change_label(entry.entity, entry.action), changed, key=f"h{n}")

    def action_filter_history(self) -> None:
        """/ on Historikk: into the filter (from anywhere in the case it opens Historikk first)."""
        self.action_show_tab("history")
        self.query_one("#history-filter", Input).focus()

    @on(Input.Changed, "#history-filter")
    def _filter_history(self, _event: Input.Changed) -> None:
        self._fill_history()

    @on(Input.Submitted, "#history-filter")
    def _history_filter_done(self, _event: Input.Submitted) -> None:
        self.query_one("#history-table", DataTable).focus()

    def _fill_completeness(self, cf: CaseFile) -> None:
        found = gaps(cf, self.services.today())
        text = Text()
        masker = case_masker(cf) if self.privacy else None

        def shown(line: str) -> Text:
            return safe(masker(line) if masker else line)

        if not found:
            text.append(
                _("Planen har alt forskriften om individuell plan krever (punktene a–i)."),
                style="bold green",
            )
        else:
            text.append(
                _("Planen mangler noe av det forskriften om individuell plan krever:") + "\n\n",
                style="bold",
            )
            for gap in found:
                text.append(f"{gap.item.letter}) {_(gap.item.title)}\n", style="bold yellow")
                for line in gap.what:  # what is missing and where to fix it, naming whom it concerns
                    text.append("   • ")
                    text.append(shown(line.render()))
                    text.append("\n")
        # Who gets information without a valid consent is named under h) above; these say what changes.
        warnings = consent_warnings(cf, self.services.today(), include_gaps=False)
        if warnings:
            text.append(_("\n\nh) Samtykke mangler eller endres:\n"),
                        style="bold yellow")  # fmt: skip
            for w in warnings:
                text.append("   • ")
                text.append(shown(w.message.render()))
                text.append("\n")
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
        """Render the plan summary to PDF/A in the background; it is stored encrypted (and queued for sync).
        A plan that lacks § 19 items is exported only when the coordinator says so, as the CLI asks for
        --allow-incomplete: an export may leave the laptop with the next sync."""
        from ipterm.tui.screens.confirm_dialog import ConfirmDialog

        cf = self.services.case_file(self.case_id)
        found = gaps(cf, self.services.today())
        missing = tuple(g.item for g in found)

        def go(yes: bool | None = True) -> None:
            if yes:
                self.notify(_("Lager PDF …"))
                self._export("plan")

        if not missing:
            go()
            return
        letters = ", ".join(f"{item.letter})" for item in missing)
        question = _(
            "Planen mangler § 19 {letters}. Eksportere likevel? Eksporten blir sendt videre ved neste synk.",
            letters=letters,
        )
        masker = case_masker(cf) if self.privacy else None
        details = "\n".join(
            clean_for_terminal(masker(line.render()) if masker else line.render()) for line in gap_lines(found, limit=5)
        )
        self.app.push_screen(ConfirmDialog(f"{question}\n\n{details}", yes=_("Eksporter")), go)

    def action_export_calendar(self) -> None:
        """The case's dates as an .ics file, stored encrypted like every export (and queued for sync)."""
        self._export("ics")

    def _export(self, kind: str) -> None:
        # Its own connection, opened here before the worker starts: the UI keeps working (and can lock
        # at once) while the document renders.
        try:
            background = self.services.own_connection()
        except Exception:
            log.warning("no connection for the export", exc_info=True)
            self.notify(_("Eksporten feilet; ingenting lagret er tapt. Se loggen."), severity="error")
            return
        self._export_on(kind, background)

    @work(thread=True, group="export")
    def _export_on(self, kind: str, background: Services) -> None:
        from ipterm.export import IncompletePlanError

        try:
            try:
                stored = background.exports.export(self.case_id, kind, allow_incomplete=True)
            finally:
                background.close()
        except IncompletePlanError as exc:  # not raised with allow_incomplete; kept for other kinds
            self.app.call_from_thread(self.notify, error_text(exc), severity="warning")
            return
        except IptermError as exc:
            self.app.call_from_thread(self.notify, error_text(exc), severity="error")
            return
        except Exception:  # locked or closed under it, a full disk …: a line on screen, details in the log
            log.warning("export failed", exc_info=True)
            self.app.call_from_thread(
                self.notify,
                _("Eksporten feilet; ingenting lagret er tapt. Se loggen."),
                severity="error",
            )  # fmt: skip
            return
        missing = stored.rendered.missing_items
        note = _(" § 19 mangler: {missing}.", missing=", ".join(missing)) if missing else ""
        self.app.call_from_thread(
            self.notify,
            _("Eksport lagret: {filename}.", filename=stored.rendered.filename) + note,
        )

    def palette_commands(self) -> list:
        from textual.app import SystemCommand

        return [
            SystemCommand(_(title), _(help_text), getattr(self, f"action_{action}"))
            for title, help_text, action in PALETTE
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

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        # A tab chosen by mouse or by the tab bar puts focus on its list, never on a text field (letters
        # typed next must not land in the note field), and never leaves it on the tab bar.
        # Focus already inside a pane wins: `n` put it in the note field, or a number key chose a tab while
        # Textual's late "a widget in the first tab got focus" message switched the tab back. Moving focus
        # there would start a ping-pong of such messages between the two tabs.
        tabs = event.tabbed_content
        focused = self.focused
        holder = next((a for a in focused.ancestors if isinstance(a, TabPane)), None) if focused else None
        if holder is not None and holder.parent is not None and holder.parent.parent is tabs:
            if holder.id != tabs.active:
                tabs.active = holder.id or tabs.active
            return
        tables = event.pane.query(DataTable)
        if tables:
            tables.first().focus()

    def action_back(self) -> None:
        if isinstance(self.focused, Input | NoteBox):  # the first Escape leaves a text field, the next the case
            table = "#history-table" if self.focused.id == "history-filter" else "#note-table"
            self.query_one(table, DataTable).focus()
            return
        self.dismiss(None)

    def action_help(self) -> None:
        from ipterm.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_new_note(self) -> None:
        self.query_one("#tabs", TabbedContent).active = "notes"
        # At once, not `focus()` (which waits for the next idle): the letters typed right behind the `n`
        # are already queued, and would otherwise reach the screen's own keys (g: Nytt mål).
        self.set_focus(self.query_one("#note-input", NoteBox))

    @on(NoteBox.Submitted, "#note-input")
    def _save_note(self, event: NoteBox.Submitted) -> None:
        try:
            _note, items = self.services.meetings.add_contact_note(self.case_id, event.text, kind=event.kind)
        except IptermError as exc:
            event.box.take_back(event.text)
            self.notify(error_text(exc), severity="error")
            return
        if items:
            self.notify(
                ngettext("Notat lagret, {n} oppgave opprettet.", "Notat lagret, {n} oppgaver opprettet.", len(items))
            )
        else:
            self.notify(_("Notat lagret."))
        self.refresh_data()

    @on(NoteBox.Changed, "#note-input")
    @on(NoteBox.KindChanged, "#note-input")
    def _preview_note(self, _event: object) -> None:
        """What the note will be saved as: its kind, and what each o: line becomes (owner, due date)."""
        from ipterm.tui.widgets.line_preview import note_preview

        box = self.query_one("#note-input", NoteBox)
        members = {m.id: m for m in (self.case_file.members if self.case_file else ())}
        preview = note_preview(box.text, box.kind, members, self.services.today(), privacy=self.privacy,
                               masker=self._masker)  # fmt: skip
        self.query_one("#note-preview", Static).update(preview)

    def action_confirm(self) -> None:
        """Mark the selected measure or contact as confirmed today, after asking (a confirmation is a claim
        recorded in the plan's history, so a stray `k` must not make it)."""
        from ipterm.tui.screens.confirm_dialog import ConfirmDialog

        tab = self._current()
        cf = self.case_file or self.services.case_file(self.case_id)
        if tab == "plan":
            key = self._selected("#plan-table")
            if key is None or not key.startswith("m"):
                return
            measure = next(m for m in cf.measures if m.id == int(key[1:]))
            question = _("Bekrefte i dag at tiltaket «{what}» gjelder som planlagt?", what=quoted(measure.what))
            act = lambda: self.services.confirm_measure(measure.id)  # noqa: E731
            done = _("Tiltaket er bekreftet i dag.")
            table_id = "#plan-table"
        elif tab == "group" and (key := self._selected("#group-table")):
            member = cf.member(int(key))
            name = "" if member is None else initials(member.name) if self.privacy else quoted(member.name)
            question = _("Bekrefte kontakten {name} i dag?", name=name)
            act = lambda: self.services.confirm_member(int(key))  # noqa: E731
            done = _("Kontakten er bekreftet i dag.")
            table_id = "#group-table"
        else:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                act()
                self.notify(done)
            except IptermError as exc:
                self.notify(error_text(exc), severity="error")
            row = self.query_one(table_id, DataTable).cursor_row
            self.refresh_data()
            self.query_one(table_id, DataTable).move_cursor(row=row)

        self.app.push_screen(ConfirmDialog(question, yes=_("Bekreft")), answered)

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
        elif tab == "consents" and (key := self._selected("#consent-table")):
            from ipterm.tui.screens.consent_screen import ConsentScreen

            self.app.push_screen(ConsentScreen(self.services, self.case_id, int(key)), lambda _r: self.refresh_data())

    def action_info_kind(self) -> None:
        """i: say what kind of information the goal, measure, note or task under the cursor is."""
        from ipterm.tui.screens.consent_screen import KindDialog

        cf = self.services.case_file(self.case_id)
        tab = self._current()
        target: tuple[str, int, str, object] | None = None
        if tab == "plan" and (row := self._selected_plan_row()):
            kind, row_id = row
            item = cf.goal(row_id) if kind == "goal" else next(m for m in cf.measures if m.id == row_id)
            target = (kind, row_id, item.text if kind == "goal" else item.what, item.info_kind)
        elif tab == "notes" and (key := self._selected("#note-table")):
            note = next(n for n in cf.notes if n.id == int(key))
            target = ("note", note.id, note.text, note.info_kind)
        elif (
            tab == "meetings"
            and self.focused is self.query_one("#action-table", DataTable)
            and (key := self._selected("#action-table"))
        ):
            task = next(a for a in cf.action_items if a.id == int(key))
            target = ("action_item", task.id, task.text, task.info_kind)
        if target is None:
            self.notify(_("Velg et mål, tiltak, notat eller en oppgave først."))  # fmt: skip
            return
        entity, item_id, what, current = target

        def chosen(value: str | None) -> None:
            if value is None:
                return
            try:
                self.services.set_info_kind(entity, item_id, value or None)
            except IptermError as exc:
                self.notify(error_text(exc), severity="error")
                return
            self.refresh_data()
            self.notify(_("Opplysningstypen er lagret."))

        shown = self._masker(what) if self._masker else what  # privacy mode: the item's text masked, as in its row
        self.app.push_screen(KindDialog(shown, current), chosen)

    def action_preview(self) -> None:
        """p: Vis som mottaker – the member's extract on screen (group tab), or a consent's recipient's."""
        from ipterm.domain.scoping import member_recipient
        from ipterm.tui.screens.consent_screen import ConsentScreen, PreviewScreen

        tab = self._current()
        if tab == "group" and (key := self._selected("#group-table")):
            cf = self.services.case_file(self.case_id)
            self.app.push_screen(PreviewScreen(self.services, self.case_id, member_recipient(cf, int(key))))
        elif tab == "consents" and (key := self._selected("#consent-table")):
            screen = ConsentScreen(self.services, self.case_id, int(key))
            self.app.push_screen(screen, lambda _r: self.refresh_data())
            screen.call_after_refresh(screen.action_preview)
        else:
            self.notify(_("Velg en deltaker i gruppen eller et samtykke først."))  # fmt: skip

    @on(DataTable.RowSelected, "#plan-table, #group-table, #consent-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_evaluate(self) -> None:
        from ipterm.tui.screens.plan_forms import EvaluationForm

        row = self._selected_plan_row() if self._current() == "plan" else None
        if row is None:
            self.notify(_("Velg et mål eller tiltak i planen først."))
            return
        kind, row_id = row
        subject = {"goal_id": row_id} if kind == "goal" else {"measure_id": row_id}
        self._open_form(EvaluationForm(self.services, self.case_id, **subject), kind, "plan")

    def action_withdraw(self) -> None:
        """x: withdraw the consent, or take the member out of the group (they stay in the history)."""
        from ipterm.tui.screens.confirm_dialog import ConfirmDialog

        tab = self._current()
        if tab == "consents" and (key := self._selected("#consent-table")):
            question = self._withdraw_question(int(key))
            act = lambda: self.services.withdraw_consent(int(key))  # noqa: E731
        elif tab == "group" and (key := self._selected("#group-table")):
            question = _("Ta deltakeren ut av ansvarsgruppen?")
            act = lambda: self.services.remove_member(int(key))  # noqa: E731
        elif tab == "meetings" and (key := self._selected("#meeting-table")):
            question = _("Avlyse det planlagte møtet?")
            act = lambda: self.services.meetings.cancel(int(key))  # noqa: E731
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

    def _withdraw_question(self, consent_id: int) -> str:
        """Which consent, and who loses access with it: "samtykket" alone let the wrong one be withdrawn."""
        cf = self.services.case_file(self.case_id)
        consent = next(c for c in cf.consents if c.id == consent_id)

        def shown(name: str) -> str:
            return initials(name) if self.privacy else name

        recipients = [m.name for m in cf.members if m.id in consent.recipient_member_ids]
        recipients += [r.name for r in cf.related if r.id in consent.recipient_related_ids]
        given_by = consent.given_by.strip()
        if given_by and self._masker is not None:
            given_by = self._masker(given_by)
        question = _(
            "Registrere at samtykket gitt {given_on}{given_by} til {recipients} er trukket tilbake i dag?",
            given_on=format_date(consent.given_on),
            given_by=" " + _("av {given_by}", given_by=given_by) if given_by else "",
            recipients=", ".join(shown(n) for n in recipients) or _("ingen mottakere"),
        )
        lost = losing_access(cf, consent, self.services.today())
        then = (
            _("Da mister {names} tilgangen.", names=", ".join(shown(n) for n in lost))
            if lost
            else _("Ingen mister tilgangen: de har annet gyldig samtykke eller får planen uten.")
        )
        plan = ""
        if consent.covers_plan:  # withdrawn, it is no longer the consent to make the plan either (h)
            today = self.services.today()
            other = any(c.id != consent.id and c.covers_plan and c.is_valid_on(today) for c in cf.consents)
            plan = _("Samtykket til at planen lages, faller også bort.")
            if not other:
                plan += " " + _("Da mangler planen h): ingen gyldig samtykke til planen.")
        return clean_for_terminal(" ".join(p for p in (question, then, plan) if p))

    def action_move_meeting(self) -> None:
        """f on a planned meeting: another date and time (the invitees and agenda stay)."""
        if self._current() != "meetings" or not (key := self._selected("#meeting-table")):
            return
        from ipterm.tui.screens.meeting_plan_screen import MoveMeetingForm

        self.app.push_screen(MoveMeetingForm(self.services, int(key)), lambda _r: self.refresh_data())

    def action_summons(self) -> None:
        """I on a planned meeting: the video link, the person's own points, what must be decided, apologies
        and written input, for the summons and the meeting."""
        if self._current() != "meetings" or not (key := self._selected("#meeting-table")):
            return
        meeting = self.services.meetings.get(int(key))
        if meeting.status is not MeetingStatus.PLANNED:
            self.notify(_("Innkallingen kan bare endres for et planlagt møte."), severity="warning")
            return
        from ipterm.tui.screens.meeting_plan_screen import SummonsForm

        self.app.push_screen(SummonsForm(self.services, int(key)), lambda _r: self.refresh_data())

    def action_plan_meeting(self) -> None:
        from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen

        def planned(meeting_id: int | None) -> None:
            self.refresh_data()
            if meeting_id:
                # Focus with the tab, on the new meeting: Enter opens it at once.
                self.action_show_tab("meetings")
                self._move_to(self.query_one("#meeting-table", DataTable), str(meeting_id))

        waiting = [m for m in self.services.case_file(self.case_id).meetings if m.status is MeetingStatus.PLANNED]
        if not waiting:
            self.app.push_screen(MeetingPlanScreen(self.services, self.case_id), planned)
            return
        from ipterm.tui.screens.confirm_dialog import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.push_screen(MeetingPlanScreen(self.services, self.case_id), planned)

        # Two planned meetings is most often one planned twice; moving the first (f) is what is usually meant.
        first = min(waiting, key=lambda m: m.starts_at)
        question = _("Et møte er allerede planlagt {when}. Planlegge et møte til? (f i Møter flytter det planlagte)",
                     when=first.starts_at.strftime("%d.%m.%Y %H:%M"))  # fmt: skip
        self.app.push_screen(ConfirmDialog(question, yes=_("Planlegg et til")), answered)

    @on(DataTable.RowSelected, "#meeting-table")
    def _run_meeting(self, event: DataTable.RowSelected) -> None:
        from ipterm.tui.screens.meeting_screen import MeetingScreen

        meeting = self.services.meetings.get(int(event.row_key.value or 0))
        if meeting.status is MeetingStatus.CLOSED:
            from ipterm.tui.screens.meeting_record_screen import MeetingRecordScreen

            self.app.push_screen(MeetingRecordScreen(self.services, meeting.id))
            return
        if meeting.status is MeetingStatus.CANCELLED:
            self.notify(_("Møtet er avlyst."))
            return

        def run(yes: bool | None = True) -> None:
            if yes:
                self.app.push_screen(MeetingScreen(self.services, meeting.id), lambda _r: self.refresh_data())

        if meeting.status is MeetingStatus.PLANNED and meeting.starts_at.date() != self.services.today():
            # Opening a meeting starts it (the minutes begin): on another day than planned, ask first.
            from ipterm.tui.screens.confirm_dialog import ConfirmDialog

            question = _("Møtet er planlagt til {day}. Starte det nå?", day=weekday_date(meeting.starts_at.date()))
            self.app.push_screen(ConfirmDialog(question, yes=_("Start møtet")), run)
            return
        run()

    def open_measures(self) -> int:
        return sum(1 for m in (self.case_file.measures if self.case_file else ()) if m.status in OPEN_MEASURE_STATUSES)

    def action_tasks(self) -> None:
        from ipterm.tui.screens.tasks_screen import TasksScreen

        self.app.push_screen(TasksScreen(self.services, self.case_id), lambda _r: self.refresh_data())
