"""One line just above the footer: where the exports are (offline / n queued / sending / last sync at …).

The app keeps the text in `app.sync_label` (written by its background sync pass); the bar shows it and
hides itself when sync is not set up. Clicking it opens the sync settings.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class SyncBar(Static):
    # Docked to the bottom like the Footer, one line higher (margin-bottom), so the two never cover each
    # other and the screen's content ends above both.
    DEFAULT_CSS = """
    SyncBar { dock: bottom; height: 1; margin-bottom: 1; padding: 0 1; color: $text-muted; background: $panel; }
    SyncBar.-problem { color: $warning; }
    """

    def on_mount(self) -> None:
        self.set_interval(1, self._refresh_label)
        self._refresh_label()

    def _refresh_label(self) -> None:
        label = getattr(self.app, "sync_label", "")
        self.display = bool(label)
        self.set_class(" – " in label, "-problem")
        if label and str(self.render()) != label:
            self.update(Text(label))  # error details may quote a path or a server answer

    def on_click(self) -> None:
        open_settings = getattr(self.app, "action_sync_settings", None)
        if open_settings is not None:
            open_settings()
