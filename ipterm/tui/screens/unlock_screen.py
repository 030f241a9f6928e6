"""Unlock: the passphrase, without echo; a wrong one gets a plain message and another try."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Vertical
from textual.widgets import Input, Static

from ipterm.domain.errors import IptermError
from ipterm.i18n import N_, _, error_text
from ipterm.services import Services
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermScreen
from ipterm.tui.widgets.field_input import FieldInput
from ipterm.tui.widgets.key_bar import KeyBar


class UnlockScreen(IptermScreen):
    """Returns unlocked services, or None when the user quits."""

    DEFAULT_CSS = """
    UnlockScreen { align: center middle; }
    #unlock-box { width: 64; height: auto; border: thick $primary; padding: 1 2; background: $panel; }
    #unlock-title { text-style: bold; margin-bottom: 1; }
    #unlock-demo { color: $warning; margin-bottom: 1; }
    #unlock-message { height: 2; color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape", "give_up", "unlock.quit", N_("Avslutt")),
        # Locked: Esc only says what to do (quitting would throw away what the lock keeps), and the key
        # bar does not offer it.
        bind("escape", "hint", "unlock.hint", N_("Hva nå?"), show=False),
    ]

    DELAY_STEP = 1.0
    """Seconds of waiting after the second wrong passphrase; doubled after each further one."""
    MAX_DELAY = 30.0

    def __init__(
        self, db_path: Path, *, demo: bool = False, locked: bool = False, idle_minutes: int | None = None
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.demo = demo
        self.locked = locked
        self.idle_minutes = idle_minutes
        self.failures = 0

    def compose(self) -> ComposeResult:
        from ipterm.services.demo import DEMO_PASSPHRASE

        with Center(), Vertical(id="unlock-box"):
            yield Static(_("ipterm – lås opp"), id="unlock-title")
            if self.locked:
                yield Static(self._why(), id="unlock-why")
            if self.demo:
                yield Static(
                    Text(_("Demodata (oppdiktede saker). Passord: {demo_passphrase}", demo_passphrase=DEMO_PASSPHRASE)),
                    id="unlock-demo",
                )
            yield FieldInput(password=True, placeholder=_("Passord"), id="passphrase")
            yield Static(id="unlock-message")
        yield KeyBar()

    def _why(self) -> str:
        kept = _(" Det du holdt på med, er tatt vare på.")
        if self.idle_minutes:
            n = self.idle_minutes
            return _("Låst etter {n} min uten bruk.", n=n) + kept
        return _("Låst (Ctrl+L).") + kept

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            return
        event.input.disabled = True
        self.query_one("#unlock-message", Static).update(_("Låser opp …"))
        self._unlock(event.value)

    @work(thread=True, exclusive=True)
    def _unlock(self, passphrase: str) -> None:
        # Argon2id takes a noticeable fraction of a second: off the UI thread.
        try:
            services = Services.unlock(self.db_path, passphrase)
        except IptermError as exc:
            self.app.call_from_thread(self._failed, error_text(exc))
            return
        self.app.call_from_thread(self._succeeded, services)

    def _succeeded(self, services: Services) -> None:
        self.query_one("#passphrase", Input).value = ""  # the passphrase is not kept in the widget's memory
        self.dismiss(services)

    def delay(self) -> float:
        """Seconds before the next try: none after the first mistake, then 1, 2, 4 … up to half a minute."""
        if self.failures < 2:
            return 0.0
        return min(self.MAX_DELAY, self.DELAY_STEP * 2 ** (self.failures - 2))

    def _failed(self, message: str) -> None:
        self.failures += 1
        box = self.query_one("#passphrase", Input)
        box.value = ""
        wait = self.delay()
        if wait:
            seconds = max(1, round(wait))
            message += _(" Vent {seconds} s før neste forsøk.", seconds=seconds)
            self.set_timer(wait, self._try_again)
        else:
            self._try_again()
        self.query_one("#unlock-message", Static).update(Text(message))

    def _try_again(self) -> None:
        if not self.is_attached:  # unlocked or quit meanwhile
            return
        box = self.query_one("#passphrase", Input)
        box.disabled = False
        box.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "give_up":
            return not self.locked
        if action == "hint":
            return self.locked
        return super().check_action(action, parameters)

    def action_give_up(self) -> None:
        self.dismiss(None)

    def action_hint(self) -> None:
        # Ctrl+Q still quits: the open forms were kept as drafts when the lock closed the database.
        self.query_one("#unlock-message", Static).update(Text(_("Skriv passordet for å låse opp.")))
