"""The dashboard: what is due today and this week across all own cases, the case list and search."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from ipterm.domain.dates import format_date
from ipterm.domain.due import SUMMARY_KINDS, DueItem, DueKind, birthday_detail, by_urgency, summary_text
from ipterm.domain.models import Case
from ipterm.domain.search import SearchHit
from ipterm.i18n import N_, _, label, language
from ipterm.services import Services
from ipterm.tui import quiet_gc
from ipterm.tui.display import Masker, case_masker, highlight, masked, person
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermScreen
from ipterm.tui.widgets.field_input import FieldInput
from ipterm.tui.widgets.key_bar import KeyBar
from ipterm.tui.widgets.row_table import RowTable
from ipterm.tui.widgets.sync_bar import SyncBar

_KIND_TAB = {
    DueKind.GOAL_EVALUATION: "plan", DueKind.MEASURE_EVALUATION: "plan", DueKind.REVISION: "plan",
    DueKind.ACTION_ITEM: "meetings", DueKind.CONSENT_EXPIRY: "consents", DueKind.MEETING: "meetings",
    DueKind.UNCLEAR_RESPONSIBILITY: "plan", DueKind.STALE_MEASURE: "plan", DueKind.STALE_MEMBER: "group",
    DueKind.NO_RECENT_MEETING: "meetings", DueKind.CONSENT_FROM_PERSON: "consents", DueKind.ERASE: "plan",
}  # fmt: skip
_HIT_TAB = {"case": "plan", "member": "group", "goal": "plan", "measure": "plan", "note": "notes"}


MAX_DUE_ROWS = 300
MAX_CASE_ROWS = 300
FILTER_DELAY = 0.12


class DashboardScreen(IptermScreen):
    """I dag / Denne uken."""

    DEFAULT_CSS = """
    #due { height: 2fr; }
    #due-counts { height: 1; padding: 0 1; }
    #due-detail { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    #case-area { height: 1fr; }
    #filter { height: 3; }
    #cases, #hits { height: 1fr; }
    #hits { display: none; }
    #first-run { display: none; height: auto; padding: 1 2; }
    DashboardScreen.-first-run #first-run { display: block; }
    DashboardScreen.-first-run #due, DashboardScreen.-first-run #case-area,
    DashboardScreen.-first-run #due-counts, DashboardScreen.-first-run #due-detail { display: none; }
    DashboardScreen.-searching #hits { display: block; }
    DashboardScreen.-searching #cases { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("slash", "search", "dashboard.search", N_("Søk")),
        bind("d", "focus_due", "dashboard.due", N_("Forfaller")),
        bind("i", "jump_today", "dashboard.today", N_("I dag")),
        bind("s", "focus_cases", "dashboard.cases", N_("Saker")),
        bind("ctrl+n", "new_case", "dashboard.case.new", N_("Ny sak")),
        bind("f5", "refresh_data", "dashboard.refresh", N_("Oppdater")),
        bind("o", "tasks", "dashboard.tasks", N_("Oppgaver")),
        bind("question_mark,f1", "help", "dashboard.help", N_("Hjelp")),
        bind("down", "leave_filter", "dashboard.filter.down", N_("Til listen"), show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self._due: list[DueItem] = []
        self._shown: list[DueItem] = []  # the items behind the due rows' keys
        self._hits: list[SearchHit] = []
        self._filter_timer: Timer | None = None
        self._cases: list[Case] | None = None
        self._maskers: dict[int, Masker] = {}
        self._counts = Text()

    def compose(self) -> ComposeResult:
        yield Static(id="dashboard-title", classes="title")
        yield Static(id="first-run")
        yield Static(id="due-counts")
        yield RowTable(id="due", cursor_type="row", zebra_stripes=True)
        yield Static(id="due-detail")
        with Vertical(id="case-area"):
            yield FieldInput(
                placeholder=_("Filtrer saker, eller søk i mål, tiltak og notater (/)"),
                id="filter",
            )
            yield RowTable(id="cases", cursor_type="row")
            yield RowTable(id="hits", cursor_type="row")
        yield SyncBar()
        yield KeyBar()

    def on_mount(self) -> None:
        due = self.query_one("#due", DataTable)
        due.add_columns(_("Når"), _("Hva"), _("Person"), _("Detalj"))
        cases = self.query_one("#cases", DataTable)
        cases.add_columns(_("Navn"), _("Revisjon"), _("Koordinator"))
        hits = self.query_one("#hits", DataTable)
        hits.add_columns(_("Person"), _("Hvor"), _("Treff"))
        self.refresh_data()
        due.focus()
        # What is loaded with the dashboard lives as long as it does: out of the collector's scans with it
        # (see quiet_gc). Done on every mount (start, unlock, language switch), a quiet moment.
        quiet_gc.settle()

    def _masker(self, case_id: int) -> Masker | None:
        """In privacy mode, the names and contacts of one case, to mask inside its texts (kept per refresh)."""
        if not self.privacy:
            return None
        if case_id not in self._maskers:
            self._maskers[case_id] = case_masker(self.services.case_file(case_id))
        return self._maskers[case_id]

    def refresh_data(self) -> None:
        self._maskers = {}
        today = self.services.today()
        lang = language()
        self.query_one("#dashboard-title", Static).update(_("I dag / Denne uken – {today}", today=format_date(today)))
        settings = getattr(self.app, "settings", None)
        self._due = self.services.due(
            ahead_days=getattr(settings, "due_ahead_days", 7),
            stale_after_days=getattr(settings, "stale_after_days", 180),
            consent_ahead_days=getattr(settings, "consent_ahead_days", 30),
            erase_after_days=getattr(settings, "erase_after_days", 90),
        )
        self._fill_due(today, lang, getattr(settings, "stale_after_days", 180))
        # How far the list looks ahead, said once: a task due the day after seemed to have vanished.
        ahead = today + timedelta(days=getattr(settings, "due_ahead_days", 7))
        self.query_one("#due-counts", Static).update(
            Text.assemble(
                self._counts,
                ("  ·  " + _("frister til og med {date}", date=format_date(ahead)), "dim"),
            )
        )
        typed = self.query_one("#filter", Input).value
        self._fill_cases(typed)
        if self.has_class("-searching"):  # the hits too: privacy mode or language changed under them
            self._search(typed.lstrip("/"))

    def _fill_due(self, today: date, lang: str, stale_after_days: int) -> None:
        due = self.query_one("#due", DataTable)
        was_at = due.cursor_row if due.row_count else None
        due.clear()
        shown: list[DueItem] = []
        # A screenful is what anyone reads; thousands of rows only slow the screen down. `ipterm due` lists all.
        left = MAX_DUE_ROWS
        for section, items in by_urgency(self._due, today):
            heading = f"{label(section)} ({len(items)})"
            due.add_row(Text(heading, style="bold underline"), "", "", "", key=f"section:{section.value}")
            for item in items[:left]:
                due.add_row(*self._due_cells(item, lang, stale_after_days), key=str(len(shown)))
                shown.append(item)
            if len(items) > left:
                rest = len(items) - left
                more = Text(_("… og {rest} til", rest=rest), style="dim")
                see = Text(_("se «ipterm due»"), style="dim")
                due.add_row("", more, "", see, key=f"more:{section.value}")
            left = max(0, left - len(items))
        self._shown = shown
        counts = "  ·  ".join(f"{label(section)} {len(items)}" for section, items in by_urgency(self._due, today))
        self._counts = Text(counts, style="bold")
        self.query_one("#due-counts", Static).update(self._counts)
        if due.row_count:
            # Back where the cursor was (returning from a case); at first on the first item, not a heading.
            due.move_cursor(row=min(was_at, due.row_count - 1) if was_at else 1)
        self._show_first_run()

    def _due_cells(self, item: DueItem, lang: str, stale_after_days: int) -> tuple[Text, ...]:
        style = "bold red" if item.is_overdue else ""
        when = format_date(item.on) if item.on and item.kind not in SUMMARY_KINDS else ""
        if item.at:
            when = f"{when} {item.at}"
        if item.is_overdue and when:
            when = f"! {when}"  # the mark reads without colour (and in a screen reader)
        if item.kind in SUMMARY_KINDS:
            detail = str(summary_text(item, stale_after_days=stale_after_days))
        elif item.kind is DueKind.ACTION_ITEM and item.owner:
            detail = f"{item.owner}: {item.text}"
        elif item.kind is DueKind.ACTION_ITEM:
            detail = _("{text} (ingen ansvarlig)", text=item.text)
        elif item.kind is DueKind.CONSENT_FROM_PERSON:
            detail = birthday_detail(item.text).render()
        else:
            detail = item.text
        return (
            Text(when, style=style),
            Text(item.label().render(), style=style),
            person(item.person_name, privacy=self.privacy),
            masked(detail, self._masker(item.case_id)),
        )

    @on(DataTable.RowHighlighted, "#due")
    def _show_detail(self, event: DataTable.RowHighlighted) -> None:
        """The whole row under the cursor, wrapped: nothing needs scrolling sideways to be read."""
        value = event.row_key.value or ""
        text = Text()
        if value.isdigit():
            cells = event.data_table.get_row(event.row_key)
            text = Text(" · ").join(c for c in cells if isinstance(c, Text) and c.plain)
        self.query_one("#due-detail", Static).update(text)

    def action_jump_today(self) -> None:
        """To the first of today's items (or the next ones to come when today is free)."""
        due = self.query_one("#due", DataTable)
        for key in ("section:today", "section:this_week", "section:later"):
            if key in due.rows:
                row = due.get_row_index(key)
                due.focus()
                due.move_cursor(row=row + 1)
                due.scroll_to(y=row, animate=False)
                return

    def _show_first_run(self) -> None:
        """A new database: say what to do instead of showing empty tables."""
        empty = not self._due and not self.services.list_cases(include_closed=True)
        self.set_class(empty, "-first-run")
        if empty:
            self.query_one("#first-run", Static).update(
                _(
                    "Velkommen til ipterm. Her er ingen saker ennå.\n\n  Ctrl+N   opprett "
                    "den første saken\n  ?        vis alle taster på skjermen\n  Ctrl+P   "
                    "kommandopaletten: alt appen kan gjøre\n\nVil du se hvordan det ser ut "
                    "først? Avslutt (Ctrl+Q) og start\n«ipterm --demo»: åtte oppdiktede "
                    "saker i en egen database."
                )
            )

    def _fill_cases(self, text: str, *, reload: bool = True) -> None:
        if reload or self._cases is None:
            self._cases = self.services.list_cases()
        cases = self.query_one("#cases", DataTable)
        cases.clear()
        needle = text.strip().lower()
        matching = [c for c in self._cases if not needle or needle in c.person_name.lower()]
        for case in matching[:MAX_CASE_ROWS]:
            cases.add_row(
                person(case.person_name, privacy=self.privacy),
                format_date(case.next_revision),
                person(case.coordinator, privacy=self.privacy),
                key=str(case.id),
            )
        if len(matching) > MAX_CASE_ROWS:
            rest = len(matching) - MAX_CASE_ROWS
            cases.add_row(Text(_("… og {rest} til: skriv for å snevre inn", rest=rest),
                               style="dim"), "", "", key="more")  # fmt: skip

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        # Refill the lists when typing pauses, not on every key: the key itself stays instant.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, lambda: self._apply_filter(event.value))

    def _apply_filter(self, text: str) -> None:
        self._filter_timer = None
        self._fill_cases(text, reload=False)
        cases = self.query_one("#cases", DataTable)
        searching = (len(text.strip()) >= 3 and cases.row_count == 0) or text.startswith("/")
        self.set_class(searching, "-searching")
        if searching:
            self._search(text.lstrip("/"))

    def _search(self, text: str) -> None:
        self._hits = self.services.search(text)
        hits = self.query_one("#hits", DataTable)
        hits.clear()
        where = {
            "case": _("navn"),
            "member": _("gruppe"),
            "goal": _("mål"),
            "measure": _("tiltak"),
            "note": _("notat"),
        }
        for n, hit in enumerate(self._hits):
            hits.add_row(
                person(hit.person_name, privacy=self.privacy),
                where.get(hit.kind, hit.kind),
                highlight(hit.snippet, self._masker(hit.case_id)),
                key=str(n),
            )

    def _filtered_table(self) -> DataTable:
        """The list the filter shows, filled with what is typed now (not when the typing pause ends)."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._apply_filter(self.query_one("#filter", Input).value)
        return self.query_one("#hits" if self.has_class("-searching") else "#cases", DataTable)

    @on(Input.Submitted, "#filter")
    def _open_first(self, _event: Input.Submitted) -> None:
        """Enter in the filter opens the case when one is left; with more, goes to the list (a second Enter
        opens the one under the cursor). «Sara» Enter took two Enters, and the second landed in the case."""
        table = self._filtered_table()
        rows = [key.value for key in table.rows if key.value and key.value.isdigit()]
        if len(rows) == 1 and table.id == "cases":
            # Back from the case, the list is whole and has the focus: `/` then starts a new search.
            self.query_one("#filter", Input).value = ""
            self.set_focus(table)
            self.open_case(int(rows[0]), "plan")
        elif table.row_count:
            table.focus()
            table.move_cursor(row=0)

    def action_leave_filter(self) -> None:
        if self.focused is not self.query_one("#filter", Input):
            raise SkipAction()
        table = self._filtered_table()
        if table.row_count:
            table.focus()
            table.move_cursor(row=0)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        value = event.row_key.value or ""
        if value == "more" or value.startswith(("more:", "section:")):
            return
        key = int(value or 0)
        if event.data_table.id == "due":
            item = self._shown[key]
            self.open_case(item.case_id, _KIND_TAB[item.kind], ref=(item.kind.value, item.ref_id))
        elif event.data_table.id == "cases":
            self.open_case(key, "plan")
        elif event.data_table.id == "hits":
            hit = self._hits[key]
            self.open_case(hit.case_id, _HIT_TAB.get(hit.kind, "plan"), ref=(hit.kind, hit.ref_id))

    def open_case(self, case_id: int, tab: str, *, ref: tuple[str, int | None] | None = None) -> None:
        from ipterm.tui.screens.case_screen import CaseScreen

        self.app.push_screen(CaseScreen(self.services, case_id, tab=tab, ref=ref), lambda _r: self.refresh_data())

    def action_search(self) -> None:
        # A new search starts empty: typing after the last filter searched for «PerSara». (Selecting it
        # instead would come after the focus, and so after letters typed right behind the `/`.)
        field = self.query_one("#filter", Input)
        field.value = ""
        self.set_focus(field)

    def action_focus_due(self) -> None:
        self.query_one("#due", DataTable).focus()

    def action_focus_cases(self) -> None:
        self.query_one("#cases", DataTable).focus()

    def action_refresh_data(self) -> None:
        self.refresh_data()

    def action_new_case(self) -> None:
        from ipterm.tui.screens.case_forms import CaseForm

        def saved(case_id: int | None) -> None:
            if case_id:
                self.refresh_data()
                self.open_case(case_id, "plan")

        self.app.push_screen(CaseForm(self.services), saved)

    def palette_commands(self) -> list:
        from textual.app import SystemCommand

        return [SystemCommand(_("Ny sak"), _("Opprett en ny sak"), self.action_new_case)]

    def action_help(self) -> None:
        from ipterm.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_tasks(self) -> None:
        from ipterm.tui.screens.tasks_screen import TasksScreen

        self.app.push_screen(TasksScreen(self.services, None), lambda _r: self.refresh_data())
