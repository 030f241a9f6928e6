"""The Textual app: unlock, then the dashboard; cases open in their own workspace."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack, suppress
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ipterm import paths
from ipterm.config import ConfigError, Settings, load_settings
from ipterm.domain.errors import IptermError
from ipterm.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, error_text, language, set_language
from ipterm.services import Services
from ipterm.tui.commands import CaseProvider
from ipterm.tui.keymap import bind, check_keymap
from ipterm.tui.quiet_gc import QuietCollector
from ipterm.tui.status_command import StatusReportProvider

log = logging.getLogger(__name__)

ACTIVITY_EVENTS = (
    events.Key, events.Paste, events.MouseDown, events.MouseUp, events.Click,
    events.MouseScrollDown, events.MouseScrollUp, events.MouseScrollLeft, events.MouseScrollRight,
)  # fmt: skip
"""What resets the idle timer: keys, pastes, clicks and scrolling; never mouse movement alone."""


class IptermApp(App[None]):
    """Keyboard-first individual plans. Without `services` the app starts on the unlock screen."""

    TITLE = "ipterm"
    COMMANDS = App.COMMANDS | {CaseProvider, StatusReportProvider}
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere find it too
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("ctrl+q", "quit", "app.quit", N_("Avslutt"), priority=True),
        # Ctrl+G ("gjem"): F12 needs Fn on Mac keyboards and some laptops. Priority: a dialog or form is
        # modal, and a modal screen hides the app's other keys; privacy is wanted there most of all.
        bind("f12,ctrl+g", "toggle_privacy", "app.privacy", N_("Personvern"), priority=True),
        # Priority: a lock must work in a form, a dialog or the meeting editor, whatever has focus.
        bind("ctrl+l", "lock", "app.lock", N_("Lås"), priority=True),
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
        from ipterm.tui import paste_guard, terminal_input

        terminal_input.install()  # before the driver's input thread starts (in run())
        paste_guard.install()
        self.services = services
        self.settings = settings or Settings()
        set_language(self.settings.language if self.settings.language in LANGUAGES else "nb")
        self.db_path = db_path or paths.database_path(data_dir)
        self.demo = demo
        self.data_dir = data_dir
        self.privacy = False
        self._owns_store = False  # a store handed in by the caller is closed by the caller
        self._locked = False
        self._last_activity = time.monotonic()
        self._collector = QuietCollector()
        self._sync_started = False
        self._signals: list[int] = []
        self._config_watched = False
        self._config_stamp: float | None = None
        self._lock_hold: Callable[[], None] = lambda: None  # keeps a restore out while the lock screen is up
        self.sync_label = ""
        self.sync_interval = 5.0
        self._crash_line = ""

    @classmethod
    def from_environment(
        cls, *, data_dir: Path | None, config: Path | None, demo: bool, language: str | None
    ) -> IptermApp:
        try:
            settings = load_settings(paths.config_path(config))
        except ConfigError as exc:
            log.warning("settings not loaded: %s", exc.msg.render("en"))
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
        self._watch_signals()
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
        self.services.full_name_in_pdf_metadata = self.settings.full_name_in_pdf_metadata
        self.services.document_language = self.settings.document_language
        self.push_screen(DashboardScreen(self.services))
        self._start_sync()
        self.run_worker(self._remove_leftovers, thread=True, group="leftovers")
        self.call_after_refresh(self._offer_drafts)

    def _remove_leftovers(self) -> None:
        """What a killed export left in its folder (plaintext temporary files), off the UI thread: a folder
        on a network share may be slow to answer."""
        if self.services is None:
            return
        try:
            with self.services.on_own_connection() as background:
                background.exports.remove_leftovers()
        except Exception as exc:  # locked or closed meanwhile, or anything else: the next start tries again
            from ipterm.logsetup import describe_exception

            log.warning("leftover temporary files not removed: %s", describe_exception(exc))

    # -- drafts: the terminal closed, or the app locked --------------------------------------------
    def _watch_signals(self) -> None:
        """SIGTERM and SIGHUP (the terminal window closed, a logout, a shutdown) keep the open forms as
        drafts and end the app the normal way, which also gives the terminal back in its normal mode."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is None:
                continue
            try:
                loop.add_signal_handler(number, self._terminated, int(number))
                self._signals.append(int(number))
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
                continue

    def _terminated(self, number: int) -> None:
        log.info("signal %s: keeping drafts and closing", number)
        self.save_drafts()
        self.exit(return_code=128 + number)

    async def action_quit(self) -> None:
        """Ctrl+Q keeps what is open and unsaved (a form, a note, a meeting line) as drafts, offered on the
        next start, as closing the terminal does: a half-written phone note was lost to one key."""
        self.save_drafts()
        self.exit()

    def save_drafts(self) -> int:
        """Keep every open form with typed values (and a half-typed meeting line) in the database."""
        from ipterm.tui import drafts

        if self.services is None or self._locked:
            return 0  # while locked, what was open was kept when the lock closed the database
        kept = drafts.collect(self.screen_stack)
        try:
            self.services.keep_drafts(kept)
        except Exception:
            log.warning("drafts not kept", exc_info=True)
            return 0
        return len(kept)

    def _offer_drafts(self) -> None:
        from ipterm.tui import drafts
        from ipterm.tui.screens.drafts_dialog import DISCARD, OPEN, DraftsDialog

        services = self.services
        if services is None:
            return
        try:
            waiting = services.drafts()
        except Exception:
            log.warning("drafts not read", exc_info=True)
            return
        if not waiting:
            return

        def refreshed(_result: object) -> None:
            refresh = getattr(self.screen, "refresh_data", None)
            if refresh is not None and not self._locked:
                refresh()

        def answered(answer: str | None) -> None:
            if answer == DISCARD:
                services.discard_drafts()
            if answer != OPEN:
                return  # later (or the dialog closed some other way): asked again at the next start
            lost = sum(not drafts.reopen(self, services, d, refreshed) for d in waiting)
            if lost:
                message = _("{lost} utkast kunne ikke åpnes (raden finnes ikke lenger).", lost=lost)
                self.notify(message, severity="warning")
            services.discard_drafts()

        self.push_screen(DraftsDialog(services, waiting), answered)

    # -- sync in the background ------------------------------------------------------------------
    def _start_sync(self) -> None:
        """Queue every new export and push the outbox every few seconds, off the UI thread."""
        assert self.services is not None
        if not self._config_watched and not self.demo:
            self._config_watched = True
            self._config_stamp = self._config_mtime()
            self.set_interval(self.sync_interval, self._reread_sync_config)
        if not self.settings.sync.get("destination") or self._sync_started or self.demo:
            return  # the demo's fictional exports never go to a real destination
        self._sync_started = True
        self.services.sync(self.settings)  # from now on every export is queued
        self.sync_label = _("Synk: starter …")
        self.set_interval(self.sync_interval, self._sync_tick)
        self._sync_tick()

    def _config_mtime(self) -> float | None:
        try:
            return self.settings.path.stat().st_mtime if self.settings.path is not None else None
        except OSError:
            return None

    def _reread_sync_config(self) -> None:
        """config.toml edited while the app runs: its [sync] table is read again, so a changed destination
        is seen at once (and waits for confirmation) instead of at the next start."""
        stamp = self._config_mtime()
        if stamp == self._config_stamp or self.services is None or self._locked or self.settings.path is None:
            return
        self._config_stamp = stamp
        from ipterm.config import load_settings

        try:
            fresh = load_settings(self.settings.path)
        except IptermError as exc:
            self.show_error(exc)  # the file is kept as it is; the app goes on with what it had
            return
        if fresh.sync == self.settings.sync:
            return
        self.settings = self.settings.with_changes(sync=fresh.sync)
        if self._sync_started:
            self.services.sync(self.settings)  # exports are queued for the new destination's rules from now on
            self._sync_tick()
        else:
            self._start_sync()

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
        with ExitStack() as own:
            try:
                background = own.enter_context(services.on_own_connection())
            except Exception:  # locked or closed meanwhile: try again next tick
                return
            try:
                sync = background.sync(self.settings)
                before = sync.status()
                if before.waiting and not before.offline:  # say "sending" while a pass may take a while
                    sending = dataclasses.replace(before, queued=0, failed=0, sending=before.waiting)
                    self.call_from_thread(setattr, self, "sync_label", sending.label().render())
                sync.run_once()
                label = sync.status().label().render()
                sync.close()
            except IptermError as exc:
                label = _("Synk: {why}", why=error_text(exc))
            except Exception:
                log.warning("sync pass failed", exc_info=True)
                label = _("Synk: feil, se loggen")
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
            self.notify(_("Tema hoppet over: {problem}", problem=problem), severity="warning")
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

        if self._locked:  # the screens below would refresh from a closed database
            return
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
        self.notify(_("Språk: {name}", name=LANGUAGE_NAMES[language]))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self._locked:
            return
        from ipterm.tui import system_commands

        for command in system_commands.translated(super().get_system_commands(screen)):
            if command.title != "Screenshot":  # Textual's: the screen, names and all, as plaintext SVG on disk
                yield command
        yield SystemCommand(_("Lås nå"), _("Lukk databasen og vis opplåsing"), self.action_lock)
        yield SystemCommand(
            _("Personvernmodus"),
            _("Skjul navn og fødselsnummer"),
            self.action_toggle_privacy,
        )
        for other in LANGUAGES:
            if other != language():
                yield SystemCommand(
                    _("Språk: {name}", name=LANGUAGE_NAMES[other]), _("Bytt språk"), partial(self.set_language, other)
                )
        yield SystemCommand(_("Synkronisering: innstillinger"),
                            _("Mappe eller WebDAV for eksporter"),
                            self.action_sync_settings)  # fmt: skip
        yield SystemCommand(_("Synkronisering: send nå"),
                            _("Prøv alt som venter, med en gang"),
                            self.action_sync_now)  # fmt: skip
        yield from getattr(screen, "palette_commands", lambda: [])()

    # -- what must not leave the screen ------------------------------------------------------------
    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        self._no_screenshots()

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:  # fmt: skip
        self._no_screenshots()
        return None

    def save_screenshot(self, filename: str | None = None, path: str | None = None,
                        time_format: str | None = None) -> str:  # fmt: skip
        # Also reached through TEXTUAL_SCREENSHOT in the environment.
        self._no_screenshots()
        return ""

    def _no_screenshots(self) -> None:
        self.notify(
            _("Skjermbilder til fil er slått av i ipterm: de ville lagt navn og notater ukryptert på disken."),
            severity="warning",
        )

    def _handle_exception(self, error: Exception) -> None:
        # Textual would print a traceback with the values of local variables (names, national ids, note text)
        # to the terminal. The terminal gets one line in the UI language; the log gets where it happened,
        # without messages or values.
        from ipterm.logsetup import describe_exception

        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it in tests
            self._exception = error
            self._exception_event.set()
        log.error("unexpected error in the app: %s", describe_exception(error))
        where = self._log_path()
        self._crash_line = _(
            "ipterm stoppet på grunn av en uventet feil. Det som var lagret, er i "
            "behold. Detaljer (uten personopplysninger) står i loggfilen{where}.",
            where=where,
        )
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        # One plain line, not wrapped to the terminal's width, after the screen has been restored.
        if self._crash_line:
            import sys

            from ipterm.domain.text import clean_for_terminal

            print(clean_for_terminal(self._crash_line, single_line=True), file=sys.stderr, flush=True)
            self._crash_line = ""
        super()._print_error_renderables()

    @staticmethod
    def _log_path() -> str:
        for handler in logging.getLogger().handlers:
            name = getattr(handler, "baseFilename", None)
            if name:
                return f" ({name})"
        return ""

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from ipterm.tui.palette import IptermPalette
        from ipterm.tui.system_commands import palette_placeholder

        if self._locked:  # while locked only unlocking is possible: no theme, language or case commands
            return
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(IptermPalette(id="--command-palette", placeholder=palette_placeholder()))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        from ipterm.tui.palette import IptermPalette
        from ipterm.tui.system_commands import theme_placeholder

        self.push_screen(IptermPalette(providers=[ThemeProvider], placeholder=theme_placeholder()))

    # -- idle lock -----------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        # Every key and mouse event reaches the app first, whichever widget then handles it. Only what a
        # person does on purpose counts as use: a mouse moved by a bump or a cat keeps nothing unlocked.
        if isinstance(event, ACTIVITY_EVENTS):
            self._last_activity = time.monotonic()
            self._collector.activity()
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        # A key reaches the app only when no widget took it. A letter that gets here while a text field
        # has focus was queued for the widget that had focus before: `n` (new note) and the words typed
        # right behind it arrive together, and all go to the list. It belongs in the field now, not to the
        # screen's single-letter keys (`g` would open "Nytt mål").
        from textual.widgets import Input, TextArea

        # (Textual runs `App._on_key` after this one, as for every class in the chain, unless prevented.)
        # Editing keys too (Backspace after `n` was lost): a text field runs its own keys as they arrive
        # (see field_input.run_own_binding), so one of them reaching the app was meant for it as well.
        field = self.focused
        typing = isinstance(field, Input) or (isinstance(field, TextArea) and not field.read_only)
        if not typing or field is None or field.disabled:
            return
        from ipterm.tui.widgets.field_input import FieldArea, FieldInput, own_binding

        if getattr(event, "_ipterm_rerouted", False):
            return  # sent on once already and still not taken: let Textual handle it as any other key
        ours = isinstance(field, FieldInput | FieldArea)  # only these run their own keys in _on_key
        if event.is_printable or (ours and own_binding(field, event.key) is not None):
            event.stop()
            event.prevent_default()
            again = events.Key(event.key, event.character)
            again._ipterm_rerouted = True  # type: ignore[attr-defined]
            field.post_message(again)

    def _check_idle(self) -> None:
        minutes = self.settings.idle_lock_minutes
        idle = time.monotonic() - self._last_activity
        if minutes and self.services is not None and not self._locked and idle >= minutes * 60:
            self.action_lock("idle")

    def action_lock(self, reason: str = "manual") -> None:
        """Close the database and ask for the passphrase again. Open screens and what is typed in them stay
        in memory (never on disk) and are there again after unlocking. `reason` is "manual" or "idle"; the
        lock screen says which."""
        from ipterm.tui.screens.unlock_screen import UnlockScreen

        if self.services is None or self._locked:
            return
        if isinstance(self.screen, CommandPalette):
            self.screen.dismiss()  # the palette's commands would run against the closed database
        self.save_drafts()  # the forms stay in memory too; these are for a terminal closed while locked
        self._locked = True
        path = self.services.store.path
        try:
            self._lock_hold = self.services.close_for_lock()
        except Exception:
            log.warning("closing on lock failed", exc_info=True)
        minutes = self.settings.idle_lock_minutes if reason == "idle" else None
        self.push_screen(UnlockScreen(path, demo=self.demo, locked=True, idle_minutes=minutes), self._relocked)

    def _relocked(self, unlocked: Services | None) -> None:
        release, self._lock_hold = self._lock_hold, lambda: None
        release()  # the reopened store holds the database itself now
        if unlocked is None:
            self.exit()
            return
        assert self.services is not None
        self.services.resume(unlocked.store)
        self._owns_store = True
        self._locked = False
        try:
            self.services.discard_drafts()  # the forms are back on screen, as they were
        except Exception:
            log.warning("drafts not discarded", exc_info=True)
        self._last_activity = time.monotonic()

    _NEED_UNLOCKED = frozenset({"toggle_privacy", "lock", "command_palette"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Locked, or not yet unlocked: privacy, lock and palette do nothing, so the key bar leaves them out."""
        if action in self._NEED_UNLOCKED and (self._locked or self.services is None):
            return False
        return super().check_action(action, parameters)

    def action_toggle_privacy(self) -> None:
        """Mask names and national ids on every screen (screen sharing, meetings)."""
        if self._locked:  # nothing is shown while locked, and the screens below cannot refresh
            return
        self.privacy = not self.privacy
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if refresh is not None:
                refresh()
            marker = getattr(screen, "show_privacy_marker", None)
            if marker is not None:
                marker()
        self.notify(_("Personvernmodus på: navn skjult.") if self.privacy else _("Personvernmodus av."))

    def get_key_display(self, binding: Binding) -> str:
        """Keys in the key bar as the help and the README write them: Ctrl+N, F5, ?, not ^n or f5."""
        if binding.key_display:
            return binding.key_display
        from ipterm.tui.key_names import key_name

        return key_name(binding.key.split(",")[0])

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:  # fmt: skip
        # Notices carry stored text (names, file names, error details): never read them as markup, or
        # "[keymap]" or a bracket in a note would vanish or restyle the notice.
        super().notify(self._masked_notice(message), title=title, severity=severity, timeout=timeout, markup=False)

    def _masked_notice(self, message: str) -> str:
        """Privacy mode: the names of the case on screen masked in a notice ("N.B. har ikke gyldig samtykke")."""
        if not self.privacy or self.services is None or self._locked:
            return message
        from ipterm.tui.display import case_masker

        for screen in reversed(self.screen_stack):
            case_id = getattr(screen, "case_id", None)
            if isinstance(case_id, int):
                try:
                    return case_masker(self.services.case_file(case_id))(message)
                except Exception:  # the case is gone or the database closed: say nothing rather than a name
                    log.warning("notice not masked", exc_info=True)
                    return "•••"
        return message

    def show_error(self, error: IptermError) -> None:
        self.notify(error_text(error), severity="error")

    def on_unmount(self) -> None:
        import asyncio

        self._collector.stop()
        self._lock_hold()  # quitting from the lock screen lets go of the database
        for number in self._signals:
            with suppress(Exception):
                asyncio.get_running_loop().remove_signal_handler(number)
        if self.services is not None and self._owns_store:
            try:
                self.services.close()
            except Exception:  # closing is best effort; the WAL is consistent anyway
                log.warning("closing the database failed", exc_info=True)
