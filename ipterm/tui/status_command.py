"""Palette command: make the name-free status report for the coordinating unit (stored like any export)."""

from __future__ import annotations

from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ipterm.domain.errors import IptermError
from ipterm.i18n import _


class StatusReportProvider(Provider):
    def _title(self) -> str:
        return _("Lag statusrapport til koordinerende enhet")

    def _run(self) -> None:
        app = self.app
        if getattr(app, "services", None) is None:
            return
        app.notify(_("Lager statusrapport …"))
        app.run_worker(lambda: _make(app), thread=True, exclusive=True, group="status-report")

    async def discover(self) -> Hits:
        yield DiscoveryHit(self._title(), self._run)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        title = self._title()
        score = matcher.match(title)
        if score > 0:
            yield Hit(score, matcher.highlight(title), self._run)


def _make(app: Any) -> None:
    from ipterm.i18n import error_text
    from ipterm.services.status_services import StatusServices

    days = getattr(getattr(app, "settings", None), "erase_after_days", 90)
    try:
        report = StatusServices(app.services, erase_after_days=days).export()
    except IptermError as exc:
        app.call_from_thread(app.notify, error_text(exc), severity="error")
        return
    done = _(
        "Statusrapport lagret: {csv_filename} og {pdf_filename}.",
        csv_filename=report.csv_filename,
        pdf_filename=report.pdf_filename,
    )
    app.call_from_thread(app.notify, done)
