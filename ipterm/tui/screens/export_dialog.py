"""«Eksporter…»: pick what to make, see what will be in it, then save it to a folder, open it, or just keep
it queued for sync. And the case's earlier exports, each one savable again."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from ipterm.domain.completeness import gap_lines, gaps
from ipterm.domain.errors import IptermError
from ipterm.domain.sync import OutboxState
from ipterm.domain.text import clean_for_terminal
from ipterm.i18n import N_, Message, _, error_text, label
from ipterm.services import Services
from ipterm.services.export_choices import ExportChoice
from ipterm.tui.display import case_masker, masked, safe
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal
from ipterm.tui.widgets.field_input import FieldInput
from ipterm.tui.widgets.row_table import RowTable

KIND_WORDS = {
    "plan": N_("Plan"), "minutes": N_("Referat"), "summons": N_("Innkalling"), "handover": N_("Overføring"),
    "ics": N_("Kalender"), "json": N_("JSON"), "fhir": N_("FHIR"), "backup": N_("Sikkerhetskopi"),
    "easy-read": N_("Min plan"), "contacts": N_("Kontaktark"),
}  # fmt: skip


def default_folder(app: Any) -> str:
    settings = getattr(app, "settings", None)
    remembered = getattr(settings, "export_dir", "") or ""
    return remembered or str(Path.home())


def remember_folder(app: Any, folder: str) -> None:
    """Keep the folder in the config, so the next export offers it again."""
    from ipterm.config import save_settings

    settings = getattr(app, "settings", None)
    if settings is None or settings.export_dir == folder:
        return
    app.settings = settings.with_changes(export_dir=folder)
    # The export is saved; should remembering fail, the folder is still offered for the rest of the session.
    with contextlib.suppress(OSError):
        save_settings(app.settings)


class FolderActions:
    """Saving to the folder field, asking before a file is replaced; shared by both dialogs."""

    services: Services

    def _save_export(self, export_id: int, *, then_open: bool = False, force: bool = False) -> None:
        from ipterm.services.export_services import FileExistsIptermError

        folder = self.query_one("#export-folder", Input).value.strip()  # type: ignore[attr-defined]
        if not folder:
            self._status(_("Skriv hvilken mappe filen skal i."), error=True)
            return
        try:
            target = self.services.exports.save_to(export_id, folder, force=force, into_folder=True)
        except FileExistsIptermError as exc:
            from ipterm.tui.screens.confirm_dialog import ConfirmDialog

            def answer(yes: bool | None) -> None:
                if yes:
                    self._save_export(export_id, then_open=then_open, force=True)

            self.app.push_screen(  # type: ignore[attr-defined]
                ConfirmDialog(_("{target} finnes allerede. Skrive over?", target=exc.target)),
                answer,
            )
            return
        except IptermError as exc:
            self._status(error_text(exc), error=True)
            return
        remember_folder(self.app, folder)  # type: ignore[attr-defined]
        self._status(_("Lagret: {target}", target=target))
        if then_open:
            from ipterm.tui.opener import system_open

            opener = getattr(self.app, "file_opener", None) or system_open  # type: ignore[attr-defined]
            try:
                opener(target)
            except OSError:
                self._status(
                    _("Lagret: {target}. Fant ikke et program som åpner filen (xdg-open).", target=target), error=True
                )

    def _status(self, text: str, *, error: bool = False) -> None:
        self.query_one("#export-status", Static).update(  # type: ignore[attr-defined]
            Text(text, style="bold red" if error else "bold")
        )


class ExportDialog(FolderActions, IptermModal):
    """Returns nothing; what was made is in the export log (and the outbox)."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    #export-box { width: 100; max-width: 100%; height: auto; max-height: 100%; border: thick $accent;
                  background: $panel; padding: 0 1; }
    #export-kinds { height: auto; max-height: 9; }
    #export-contents { height: auto; min-height: 2; margin: 1 0 0 0; }
    #export-folder { height: 3; }
    #export-status { height: auto; }
    #export-buttons { height: auto; }
    #export-buttons Button { margin-right: 1; min-width: 8; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("ctrl+s", "save", "export.save", N_("Lagre i mappen")),
        bind("ctrl+o", "open", "export.open", N_("Lagre og åpne")),
        bind("ctrl+b", "queue", "export.queue", N_("Bare i kø"), priority=True),
        bind("escape", "close", "export.close", N_("Lukk")),
    ]

    def __init__(self, services: Services, case_id: int) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self.choices: list[ExportChoice] = services.exports.choices(case_id)
        self._made: dict[int, int] = {}  # choice index -> export id made in this dialog
        self._agreed: set[int] = set()  # incomplete plans the coordinator chose to export anyway

    def compose(self) -> ComposeResult:
        case = self.services.get_case(self.case_id)
        with Vertical(id="export-box"):
            yield Static(Text(_("Eksporter – IP {id}", id=case.id), style="bold"))
            yield OptionList(
                # A row that cannot be made stays reachable: its description says why.
                *[Option(self._prompt(c), id=str(n)) for n, c in enumerate(self.choices)],
                id="export-kinds",
            )
            yield Static(id="export-contents")
            yield FieldInput(value=default_folder(self.app), id="export-folder",
                        placeholder=_("Mappe filen skal i"))  # fmt: skip
            yield Static(id="export-status")
            with Horizontal(id="export-buttons"):
                yield Button(_("Lagre i mappen (Ctrl+S)"), id="save", variant="primary")
                yield Button(_("Lagre og åpne (Ctrl+O)"), id="open")
                yield Button(_("Bare i kø (Ctrl+B)"), id="queue")

    def _shown(self, text: Message) -> Text:
        """A row or a description, with the case's names masked in privacy mode ("Utdrag til N.N.")."""
        rendered = text.render()
        if self.privacy:
            rendered = case_masker(self.services.case_file(self.case_id))(rendered)
        return safe(rendered)

    def _prompt(self, choice: ExportChoice) -> Text:
        shown = self._shown(choice.label)
        if not choice.possible:
            shown.stylize("dim")
        return shown

    def refresh_data(self) -> None:
        """Privacy mode or the language switched while the dialog is open."""
        kinds = self.query_one("#export-kinds", OptionList)
        for n, choice in enumerate(self.choices):
            kinds.replace_option_prompt_at_index(n, self._prompt(choice))
        self._describe(kinds.highlighted)

    def on_mount(self) -> None:
        kinds = self.query_one("#export-kinds", OptionList)
        kinds.highlighted = 0
        kinds.focus()
        self._describe(0)

    @property
    def chosen(self) -> int | None:
        return self.query_one("#export-kinds", OptionList).highlighted

    @on(OptionList.OptionHighlighted, "#export-kinds")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(event.option_index)

    @on(OptionList.OptionSelected, "#export-kinds")
    def _selected(self, _event: OptionList.OptionSelected) -> None:
        self.query_one("#export-folder", Input).focus()  # Enter: on to where it goes

    @on(Input.Submitted, "#export-folder")
    def _folder_entered(self, _event: Input.Submitted) -> None:
        self.action_save()

    def _describe(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.choices):
            return
        self.query_one("#export-contents", Static).update(self._shown(self.choices[index].contents))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"save": self.action_save, "open": self.action_open, "queue": self.action_queue}[str(event.button.id)]()

    def action_save(self) -> None:
        self._make("save")

    def action_open(self) -> None:
        self._make("open")

    def action_queue(self) -> None:
        self._make("queue")

    def action_close(self) -> None:
        self.dismiss(None)

    def _make(self, then: str) -> None:
        index = self.chosen
        if index is None:
            return
        if not self.choices[index].possible:
            self._status(self._shown(self.choices[index].contents).plain, error=True)
            return
        if index in self._made:
            self._after(index, self._made[index], then)
            return
        choice = self.choices[index]
        case_file = self.services.case_file(self.case_id)
        found = gaps(case_file, self.services.today())
        missing = tuple(g.item for g in found)
        if choice.kind == "plan" and missing and index not in self._agreed:
            # As the CLI wants --allow-incomplete: a plan that lacks § 19 items leaves only when asked.
            from ipterm.tui.screens.confirm_dialog import ConfirmDialog

            def answered(yes: bool | None) -> None:
                if yes:
                    self._agreed.add(index)
                    self._make(then)

            letters = ", ".join(f"{item.letter})" for item in missing)
            question = _(
                "Planen mangler § 19 {letters}. Eksportere likevel? Eksporten blir sendt videre ved neste synk.",
                letters=letters,
            )
            masker = case_masker(case_file) if self.privacy else None
            details = "\n".join(
                clean_for_terminal(masker(line.render()) if masker else line.render())
                for line in gap_lines(found, limit=5)
            )
            self.app.push_screen(ConfirmDialog(f"{question}\n\n{details}", yes=_("Eksporter")), answered)
            return
        self._status(_("Lager …"))
        self._make_export(index, then)

    @work(thread=True, exclusive=True, group="export-dialog")
    def _make_export(self, index: int, then: str) -> None:
        choice = self.choices[index]
        try:
            stored = self.services.exports.export(
                self.case_id, choice.kind, recipient_member_id=choice.recipient_member_id,
                recipient_related_id=choice.recipient_related_id, meeting_id=choice.meeting_id,
                allow_incomplete=True, large_type=choice.large_type,
            )  # fmt: skip
        except IptermError as exc:
            self.app.call_from_thread(self._status, error_text(exc), error=True)
            return
        self.app.call_from_thread(self._done, index, stored.id, then)

    def _done(self, index: int, export_id: int, then: str) -> None:
        self._made[index] = export_id
        self._after(index, export_id, then)

    def _after(self, index: int, export_id: int, then: str) -> None:
        if then == "queue":
            name = self.services.exports.record(export_id).filename
            self._status(
                _("Lagret kryptert i ipterm ({name}); sendes med synkroniseringen når den er satt opp.", name=name)
            )
            return
        self._save_export(export_id, then_open=then == "open")


class ExportHistoryScreen(FolderActions, IptermModal):
    """The case's earlier exports; Enter writes the chosen one to the folder again."""

    DEFAULT_CSS = """
    ExportHistoryScreen { align: center middle; }
    #history-box { width: 110; max-width: 100%; height: 90%; border: thick $accent; background: $panel;
                   padding: 0 1; }
    #export-list { height: 1fr; }
    #export-folder { height: 3; }
    #export-status { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("ctrl+s", "save", "exports.save", N_("Lagre i mappen")),
        bind("ctrl+o", "open", "exports.open", N_("Lagre og åpne")),
        bind("escape", "close", "exports.close", N_("Lukk")),
    ]

    def __init__(self, services: Services, case_id: int) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box"):
            title = _("Tidligere eksporter (Enter lagrer valgt i mappen)")  # fmt: skip
            yield Static(Text(title, style="bold"))
            yield RowTable(id="export-list", cursor_type="row")
            yield FieldInput(value=default_folder(self.app), id="export-folder")
            yield Static(id="export-status")

    def on_mount(self) -> None:
        table = self.query_one("#export-list", DataTable)
        table.add_columns(_("Laget"), _("Hva"), _("Til"), _("Fil"),
                          _("Synk"))  # fmt: skip
        states = self.services.exports.sync_states(self.case_id)
        masker = case_masker(self.services.case_file(self.case_id)) if self.privacy else None
        for r in self.services.exports.history(self.case_id):
            table.add_row(
                f"{r.created_at:%d.%m.%Y %H:%M}", _(KIND_WORDS[r.kind]) if r.kind in KIND_WORDS else r.kind,
                masked(r.recipient_label, masker), safe(r.filename),
                label(OutboxState(states[r.id])) if r.id in states else "", key=str(r.id),
            )  # fmt: skip
        if not table.row_count:
            self._status(_("Ingen eksporter ennå: e lager en."))
        table.focus()

    @on(DataTable.RowSelected, "#export-list")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self._save_export(int(event.row_key.value or 0))

    def _selected_id(self) -> int | None:
        table = self.query_one("#export-list", DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)

    def action_save(self) -> None:
        export_id = self._selected_id()
        if export_id is not None:
            self._save_export(export_id)

    def action_open(self) -> None:
        export_id = self._selected_id()
        if export_id is not None:
            self._save_export(export_id, then_open=True)

    def action_close(self) -> None:
        self.dismiss(None)
