"""The Textual app: unlock, then the dashboard; cases open in their own workspace."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ipterm import paths
from ipterm.config import ConfigError, Settings, load_settings
from ipterm.domain.errors import IptermError
from ipterm.services import Services
from ipterm.tui.commands import CaseProvider
from ipterm.tui.i18n import LANGUAGES, error_text, language, set_language, tr
from ipterm.tui.keymap import bind, check_keymap
from ipterm.tui.quiet_gc import QuietCollector

log = logging.getLogger(__name__)


class IptermApp(App[None]):
    """Keyboard-first individual plans. Without `services` the app starts on the unlock screen."""

    TITLE = "ipterm"
    COMMANDS = App.COMMANDS | {CaseProvider}
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere find it too
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("ctrl+q", "quit", "app.quit", "Avslutt", "Quit", priority=True),
        bind("f12", "toggle_privacy", "app.privacy", "Personvern", "Privacy"),
        bind("ctrl+l", "lock", "app.lock", "Lås", "Lock"),
    ]

    def __init__(
        self,
        services: Services | None = None,
        settings: Settings | None = None,
        *,
        db_path: Path | None = None,
        demo: bool = False,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.settings = settings or Settings()
        self.db_path = db_path or paths.database_path(data_dir)
        self.demo = demo
        self.data_dir = data_dir
        self.privacy = False
        self._owns_store = False  # a store handed in by the caller is closed by the caller
        self._locked = False
        self._last_activity = time.monotonic()
        self._collector = QuietCollector()
        self._sync_started = False
        self.sync_label = ""
        self.sync_interval = 5.0

    @classmethod
    def from_environment(
        cls, *, data_dir: Path | None, config: Path | None, demo: bool, language: str | None
    ) -> IptermApp:
        try:
            settings = load_settings(paths.config_path(config))
        except ConfigError as exc:
            log.warning("settings not loaded: %s", exc.message("en"))
            settings = Settings(path=paths.config_path(config))
        if language:
            settings = settings.with_changes(language=language)
        set_language(settings.language if settings.language in LANGUAGES else "nb")
        if demo:
            from ipterm.services.demo import open_demo

            open_demo(data_dir).close()  # build today's demo so the unlock screen opens a ready database
            return cls(None, settings, db_path=paths.demo_database_path(data_dir), demo=True, data_dir=data_dir)
        return cls(None, settings, db_path=paths.database_path(data_dir), data_dir=data_dir)

    def on_mount(self) -> None:
        self._register_themes()
        self._last_activity = time.monotonic()
        self.set_interval(5, self._check_idle)
        self._collector.start()
        self.set_interval(1, lambda: self._collector.tick(time.monotonic() - self._last_activity))
        self._apply_keymap()
        if self.services is None:
            from ipterm.tui.screens.unlock_screen import UnlockScreen

            self.push_screen(UnlockScreen(self.db_path, demo=self.demo), self._unlocked)
        else:
            self._show_dashboard()

    def _apply_keymap(self) -> None:
        """Keys remapped under [keymap] in the config; entries that name no binding are reported, not fatal."""
        if not self.settings.keymap:
            return
        import importlib
        import pkgutil

        import ipterm.tui.screens

        for module in pkgutil.iter_modules(ipterm.tui.screens.__path__):  # screens register their binding ids
            importlib.import_module(f"ipterm.tui.screens.{module.name}")

        usable, problems = check_keymap(self.settings.keymap)
        self.set_keymap(usable)
        for problem in problems:
            self.notify(problem, severity="warning", timeout=8)

    def _unlocked(self, services: Services | None) -> None:
        if services is None:
            self.exit()
            return
        self.services = services
        self._owns_store = True
        self._show_dashboard()

    def _show_dashboard(self) -> None:
        from ipterm.tui.screens.dashboard_screen import DashboardScreen

        assert self.services is not None
        self.push_screen(DashboardScreen(self.services))
        self._start_sync()

    # -- sync in the background ------------------------------------------------------------------
    def _start_sync(self) -> None:
        """Queue every new export and push the outbox every few seconds, off the UI thread."""
        assert self.services is not None
        if not self.settings.sync.get("destination") or self._sync_started or self.demo:
            return  # the demo's fictional exports never go to a real destination
        self._sync_started = True
        self.services.sync(self.settings)  # from now on every export is queued
        self.sync_label = tr("Synk: starter …", "Sync: starting …")
        self.set_interval(self.sync_interval, self._sync_tick)
        self._sync_tick()

    def _sync_tick(self) -> None:
        busy = any(w.group == "sync" and w.is_running for w in self.workers)  # one pass at a time
        if self.services is not None and not self._locked and not busy:
            self.run_worker(self._sync_pass, thread=True, group="sync")

    def action_sync_settings(self) -> None:
        """Choose where exports go (off, a folder, WebDAV) and store the password in the database."""
        from ipterm.tui.screens.sync_settings_screen import SyncSettingsScreen

        if self.services is not None and not self._locked:
            self.push_screen(SyncSettingsScreen())

    def action_sync_now(self) -> None:
        """Try everything waiting at once, ignoring the backoff (after fixing a password, freeing space …)."""
        if self.services is None or self._locked:
            return
        try:
            self.services.sync(self.settings).retry_now()
        except IptermError as exc:
            self.show_error(exc)
            return
        self._sync_tick()

    def _sync_pass(self) -> None:
        services = self.services
        if services is None:
            return
        try:
            store = services.store.clone()
        except Exception:  # locked or closed meanwhile: try again next tick
            return
        language = self.settings.language  # context variables do not reach worker threads
        try:
            background = Services(store, services.clock)
            sync = background.sync(self.settings)
            before = sync.status()
            if before.waiting and not before.offline:  # say "sending" while a pass may take a while
                sending = dataclasses.replace(before, queued=0, failed=0, sending=before.waiting)
                self.call_from_thread(setattr, self, "sync_label", sending.label(language))
            sync.run_once()
            label = sync.status().label(language)
            sync.close()
        except IptermError as exc:
            label = ("Sync: " if language == "en" else "Synk: ") + exc.message(language)
        except Exception:
            log.warning("sync pass failed", exc_info=True)
            label = "Sync: error, see the log" if language == "en" else "Synk: feil, se loggen"
        finally:
            store.close()
        with suppress(RuntimeError):  # the app may have quit while the pass ran
            self.call_from_thread(setattr, self, "sync_label", label)

    # -- themes and language -------------------------------------------------------------------
    def _register_themes(self) -> None:
        from ipterm.tui.themes import load_themes

        user_dir = paths.user_themes_dir(self.settings.path)
        themes, problems = load_themes(paths.themes_dir(), user_dir)
        for theme in themes:
            self.register_theme(theme)
        for problem in problems:
            self.notify(tr(f"Tema hoppet over: {problem}", f"Theme skipped: {problem}"), severity="warning")
        names = {t.name for t in themes} | set(self.available_themes)
        self.theme = self.settings.theme if self.settings.theme in names else "ipterm-dark"

    def watch_theme(self, theme: str) -> None:
        if getattr(self, "settings", None) is None or theme == self.settings.theme:
            return
        self.settings = self.settings.with_changes(theme=theme)
        self._save_settings()

    def _save_settings(self) -> None:
        from ipterm.config import save_settings

        try:
            save_settings(self.settings)
        except OSError:
            log.warning("settings not saved", exc_info=True)

    def set_language(self, language: str) -> None:
        """Switch the UI language. Key labels change everywhere at once; the dashboard is rebuilt in the new
        language; other open screens refresh their rows and speak it fully when next opened."""
        from ipterm.tui.screens.dashboard_screen import DashboardScreen

        set_language(language)
        self.settings = self.settings.with_changes(language=language)
        self._save_settings()
        if isinstance(self.screen, DashboardScreen) and self.services is not None:
            self.switch_screen(DashboardScreen(self.services))
        else:
            for screen in self.screen_stack:
                refresh = getattr(screen, "refresh_data", None)
                if refresh is not None:
                    refresh()
        self.refresh_bindings()
        self.notify(tr("Språk: norsk bokmål", "Language: English"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from ipterm.tui import system_commands

        yield from system_commands.translated(super().get_system_commands(screen))
        yield SystemCommand(
            tr("Lås nå", "Lock now"), tr("Lukk databasen og vis opplåsing", "Close the database"), self.action_lock
        )
        yield SystemCommand(
            tr("Personvernmodus", "Privacy mode"),
            tr("Skjul navn og fødselsnummer", "Hide names and national ids"),
            self.action_toggle_privacy,
        )
        other = "en" if language() != "en" else "nb"
        yield SystemCommand(
            tr("Språk: English", "Language: norsk bokmål"),
            tr("Bytt språk", "Switch language"),
            lambda: self.set_language(other),
        )
        yield SystemCommand(tr("Synkronisering: innstillinger", "Sync: settings"),
                            tr("Mappe eller WebDAV for eksporter", "Folder or WebDAV for exports"),
                            self.action_sync_settings)  # fmt: skip
        yield SystemCommand(tr("Synkronisering: send nå", "Sync: send now"),
                            tr("Prøv alt som venter, med en gang", "Try everything waiting, now"),
                            self.action_sync_now)  # fmt: skip
        yield from getattr(screen, "palette_commands", lambda: [])()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from ipterm.tui.system_commands import palette_placeholder

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=palette_placeholder()))

    def search_themes(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        from ipterm.tui.system_commands import theme_placeholder

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=theme_placeholder()))

    # -- idle lock -----------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        # Every key and mouse event reaches the app first, whichever widget then handles it.
        if isinstance(event, events.Key | events.MouseEvent):
            self._last_activity = time.monotonic()
            self._collector.activity()
        await super().on_event(event)

    def _check_idle(self) -> None:
        minutes = self.settings.idle_lock_minutes
        idle = time.monotonic() - self._last_activity
        if minutes and self.services is not None and not self._locked and idle >= minutes * 60:
            self.action_lock()

    def action_lock(self) -> None:
        """Close the database and ask for the passphrase again. Open screens and what is typed in them stay
        in memory (never on disk) and are there again after unlocking."""
        from ipterm.tui.screens.unlock_screen import UnlockScreen

        if self.services is None or self._locked:
            return
        self._locked = True
        path = self.services.store.path
        try:
            self.services.store.close()
        except Exception:
            log.warning("closing on lock failed", exc_info=True)
        self.push_screen(UnlockScreen(path, demo=self.demo, locked=True), self._relocked)

    def _relocked(self, unlocked: Services | None) -> None:
        if unlocked is None:
            self.exit()
            return
        assert self.services is not None
        unlocked.store.now = self.services.clock.now
        self.services.store = unlocked.store
        self._owns_store = True
        self._locked = False
        self._last_activity = time.monotonic()

    def action_toggle_privacy(self) -> None:
        """Mask names and national ids on every screen (screen sharing, meetings)."""
        self.privacy = not self.privacy
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if refresh is not None:
                refresh()
        self.notify(
            tr("Personvernmodus på: navn skjult.", "Privacy mode on: names hidden.")
            if self.privacy
            else tr("Personvernmodus av.", "Privacy mode off.")
        )

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:  # fmt: skip
        # Notices carry stored text (names, file names, error details): never read them as markup, or
        # "[keymap]" or a bracket in a note would vanish or restyle the notice.
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def show_error(self, error: IptermError) -> None:
        self.notify(error_text(error), severity="error")

    def on_unmount(self) -> None:
        self._collector.stop()
        if self.services is not None and self._owns_store:
            try:
                self.services.store.close()
            except Exception:  # closing is best effort; the WAL is consistent anyway
                log.warning("closing the database failed", exc_info=True)
