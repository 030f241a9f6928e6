"""Where exports go: off, a folder, or a WebDAV server; the password or token goes into the encrypted
database, the rest into config.toml. Ctrl+T asks the destination whether it answers before saving.

Saving here is the user's confirmation of the destination: config.toml alone only proposes one. The
confirmation, the kinds sent by themselves and the choice for exports that wait are kept in the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, SelectionList, Static

from ipterm.config import ConfigError, check_sync_settings
from ipterm.domain.errors import IptermError
from ipterm.domain.sync import DEFAULT_SEND_KINDS
from ipterm.domain.text import clean_for_terminal
from ipterm.i18n import N_, _, error_text
from ipterm.tui.display import field_text
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal
from ipterm.tui.widgets.field_input import FieldInput

if TYPE_CHECKING:
    from ipterm.tui.app import IptermApp

KINDS = ("", "folder", "webdav")


class SyncSettingsScreen(IptermModal):
    """Returns True when new settings were saved."""

    DEFAULT_CSS = """
    SyncSettingsScreen { align: center middle; }
    #sync-box { width: 90%; max-width: 96; height: auto; max-height: 100%; border: thick $primary;
                background: $surface; }
    #sync-binding { height: auto; padding: 0 1; }
    #sync-binding.warning { color: $warning; text-style: bold; }
    .kinds-row { height: auto; }
    .kinds-row Label { width: 16; padding: 1 1 0 1; }
    #send-kinds { width: 1fr; height: auto; max-height: 7; }
    #sync-title { height: 1; background: $primary; text-style: bold; padding: 0 1; }
    .row { height: 3; }
    .row Label { width: 16; padding: 1 1 0 1; }
    .row Input, .row Select { width: 1fr; }
    #sync-message { height: 2; padding: 0 1; }
    #sync-keys { height: 1; padding: 0 1; color: $text-muted; }
    SyncSettingsScreen.-off .for-folder, SyncSettingsScreen.-off .for-webdav, SyncSettingsScreen.-off .for-any {
        display: none; }
    SyncSettingsScreen.-folder .for-webdav { display: none; }
    SyncSettingsScreen.-webdav .for-folder { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("ctrl+s", "save", "sync.save", N_("Lagre"), priority=True),
        bind("ctrl+t", "test", "sync.test", N_("Test"), priority=True),
        bind("escape", "cancel", "sync.cancel", N_("Avbryt")),
    ]

    def compose(self) -> ComposeResult:
        app: IptermApp = self.app  # type: ignore[assignment]
        conf: dict[str, Any] = dict(app.settings.sync or {})
        kinds = [(_("Av"), ""), (_("Mappe (delt disk eller synket mappe)"),
                 "folder"), ("WebDAV (Nextcloud, SharePoint …)", "webdav")]  # fmt: skip
        state, chosen = self._bound()
        with VerticalScroll(id="sync-box"):
            yield Static(_("Synkronisering av eksporter"), id="sync-title")
            yield Static(self._state_text(state), id="sync-binding", classes="warning" if state != "confirmed" else "")
            with Horizontal(classes="row"):
                yield Label(_("Mottaker"))  # not "Mål": that word is the plan's goals
                yield Select(kinds, value=conf.get("destination", ""), allow_blank=False, id="kind")
            with Horizontal(classes="row for-folder"):
                yield Label(_("Mappe"))
                yield FieldInput(field_text(str(conf.get("folder", ""))), placeholder="/mnt/felles/ip", id="folder")
            with Horizontal(classes="row for-webdav"):
                yield Label(_("Adresse"))
                yield FieldInput(field_text(str(conf.get("url", ""))), placeholder="https://sky.kommune.no/remote.php/dav/files/…",
                            id="url")  # fmt: skip
            with Horizontal(classes="row for-webdav"):
                yield Label(_("Brukernavn"))
                yield FieldInput(field_text(str(conf.get("username", ""))), id="username")
            with Horizontal(classes="row for-webdav"):
                yield Label(_("Innlogging"))
                yield Select([(_("Passord (basic)"), "basic"), ("Token", "token")],
                             value=conf.get("auth", "basic"), allow_blank=False, id="auth")  # fmt: skip
            with Horizontal(classes="row for-webdav"):
                yield Label(_("Passord/token"))
                yield FieldInput(password=True, placeholder=_("(uendret hvis tomt)"), id="secret")
            with Horizontal(classes="kinds-row for-any"):
                yield Label(_("Sendes selv"))
                yield SelectionList[str](
                    (_("PDF (plan, referat, overføring)"), "pdf", "pdf" in chosen),
                    (_("Kalender (ics)"), "ics", "ics" in chosen),
                    (_("JSON – med fødselsnummer"), "json", "json" in chosen),
                    (_("FHIR – med fødselsnummer"), "fhir", "fhir" in chosen),
                    (_("Sikkerhetskopier (hele databasen)"), "backup",
                     "backup" in chosen),
                    id="send-kinds",
                )  # fmt: skip
            with Horizontal(classes="row for-any"):
                yield Label(_("Det som venter"))
                yield Select([(_("Bare nye eksporter sendes"), "new"),
                              (_("Send de som venter også"), "waiting")],
                             value="new", allow_blank=False, id="history")  # fmt: skip
            yield Static(id="sync-message")
            yield Static(_("Ctrl+S lagre · Ctrl+T test forbindelsen · Esc avbryt"), id="sync-keys")  # fmt: skip

    def _bound(self) -> tuple[str, frozenset[str]]:
        """How the destination in config.toml stands ("off", "new", "changed", "confirmed") and the kinds."""
        app: IptermApp = self.app  # type: ignore[assignment]
        if app.services is None:
            return "off", DEFAULT_SEND_KINDS
        from ipterm.services.sync_services import SyncServices

        sync = SyncServices(app.services, app.settings)  # not services.sync(): opening must not redirect
        try:
            return sync.confirm_state(), sync.kinds()
        except IptermError:
            return "new", sync.kinds()

    @staticmethod
    def _state_text(state: str) -> str:
        if state == "new":
            return _("Målet i config.toml er ikke bekreftet; ingenting sendes før du lagrer her (Ctrl+S).")
        if state == "changed":
            return _(
                "Målet i config.toml er endret siden du bekreftet det; ingenting sendes dit før du lagrer her (Ctrl+S)."
            )
        if state == "confirmed":
            return _("Bekreftet mål.")
        return ""

    def on_mount(self) -> None:
        self._show_kind(self.query_one("#kind", Select).value)
        self.query_one("#kind", Select).focus()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._show_kind(event.value)

    def _show_kind(self, kind: object) -> None:
        for name in ("off", "folder", "webdav"):
            self.set_class((kind or "off") == name, f"-{name}")

    def _table(self) -> dict[str, Any]:
        kind = self.query_one("#kind", Select).value
        if kind == "folder":
            return {"destination": "folder", "folder": self.query_one("#folder", Input).value.strip()}
        if kind == "webdav":
            return {
                "destination": "webdav",
                "url": self.query_one("#url", Input).value.strip(),
                "username": self.query_one("#username", Input).value.strip(),
                "auth": self.query_one("#auth", Select).value,
            }
        return {}

    def _say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#sync-message", Static)
        message.update(Text(clean_for_terminal(text)))  # a server's answer may hold brackets
        message.set_class(error, "error")

    def _checked(self) -> dict[str, Any] | None:
        app: IptermApp = self.app  # type: ignore[assignment]
        table = self._table()
        extra = {k: v for k, v in (app.settings.sync or {}).items() if k in ("timeout", "parallel", "ca_file")}
        table = {**table, **extra} if table else {}
        try:
            check_sync_settings(table, app.settings.path or "config.toml")
        except ConfigError as exc:
            self._say(error_text(exc), error=True)
            return None
        return table

    def action_save(self) -> None:
        self.after_typing(self._save_now)

    def _save_now(self) -> None:
        app: IptermApp = self.app  # type: ignore[assignment]
        table = self._checked()
        if table is None or app.services is None:
            return
        secret = self.query_one("#secret", Input).value
        kinds = frozenset(self.query_one("#send-kinds", SelectionList).selected)
        send_waiting = self.query_one("#history", Select).value == "waiting"
        app.settings = app.settings.with_changes(sync=table)
        app._save_settings()
        try:
            sync = app.services.sync(app.settings)  # exports are queued for the new destination from now on
            if secret and table.get("destination") == "webdav":
                sync.set_secret(secret)
            if table:
                sync.confirm(kinds=kinds, send_waiting=send_waiting)  # the user saw and saved it: confirmed
        except IptermError as exc:
            self._say(error_text(exc), error=True)
            return
        app.sync_label = "" if not table else _("Synk: starter …")
        app._start_sync()
        self.dismiss(True)

    def action_test(self) -> None:
        app: IptermApp = self.app  # type: ignore[assignment]
        table = self._checked()
        if not table or app.services is None:
            self._say(_("Ingenting å teste: synkronisering er av."))
            return
        typed = self.query_one("#secret", Input).value
        from ipterm.services.sync_services import SyncServices

        # Built directly, not through services.sync(): testing must not redirect where exports are queued.
        secret = typed or SyncServices(app.services, app.settings.with_changes(sync=table)).secret()
        self._say(_("Tester …"))
        self._test(table, secret)

    @work(thread=True, exclusive=True, group="sync-test")
    def _test(self, table: dict[str, Any], secret: str) -> None:
        from ipterm.services.sync_services import probe

        try:
            probe(table, secret)
            text, error = _("Mottakeren svarer og tar imot."), False
        except IptermError as exc:
            text, error = error_text(exc), True
        self.app.call_from_thread(self._say, text, error=error)

    def action_cancel(self) -> None:
        self.dismiss(False)
