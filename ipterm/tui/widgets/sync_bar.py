"""One line above the footer: where the exports are (offline / n queued / sending / last sync at …)."""

from __future__ import annotations

from textual.widgets import Static


class SyncBar(Static):
    DEFAULT_CSS = """
    SyncBar { height: 1; dock: bottom; padding: 0 1; color: $text-muted; background: $panel; }
    """

    def on_mount(self) -> None:
        self.set_interval(1, self._refresh_label)
        self._refresh_label()

    def _refresh_label(self) -> None:
        label = getattr(self.app, "sync_label", "")
        self.display = bool(label)
        if label and str(self.render()) != label:
            self.update(label)
