"""The Textual app: unlock, then the dashboard; cases open in their own workspace."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from ipterm import paths
from ipterm.config import ConfigError, Settings, load_settings
from ipterm.domain.errors import LANGUAGE, IptermError
from ipterm.services import Services

log = logging.getLogger(__name__)


def _t(nb: str, en: str) -> str:
    return en if LANGUAGE.get() == "en" else nb


class IptermApp(App[None]):
    """Keyboard-first individual plans. Without `services` the app starts on the unlock screen."""

    TITLE = "ipterm"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", _t("Avslutt", "Quit"), id="app.quit", priority=True),
        Binding("f12", "toggle_privacy", _t("Personvern", "Privacy"), id="app.privacy"),
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
        LANGUAGE.set(settings.language)
        if demo:
            from ipterm.services.demo import open_demo

            open_demo(data_dir).close()  # build today's demo so the unlock screen opens a ready database
            return cls(None, settings, db_path=paths.demo_database_path(data_dir), demo=True, data_dir=data_dir)
        return cls(None, settings, db_path=paths.database_path(data_dir), data_dir=data_dir)

    def on_mount(self) -> None:
        if self.services is None:
            from ipterm.tui.screens.unlock_screen import UnlockScreen

            self.push_screen(UnlockScreen(self.db_path, demo=self.demo), self._unlocked)
        else:
            self._show_dashboard()

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

    def action_toggle_privacy(self) -> None:
        """Mask names and national ids on every screen (screen sharing, meetings)."""
        self.privacy = not self.privacy
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if refresh is not None:
                refresh()
        self.notify(
            _t("Personvernmodus på: navn skjult.", "Privacy mode on: names hidden.")
            if self.privacy
            else _t("Personvernmodus av.", "Privacy mode off.")
        )

    def show_error(self, error: IptermError) -> None:
        self.notify(error.message(), severity="error")

    def on_unmount(self) -> None:
        if self.services is not None and self._owns_store:
            try:
                self.services.store.close()
            except Exception:  # closing is best effort; the WAL is consistent anyway
                log.warning("closing the database failed", exc_info=True)
