"""Command palette providers: go to a case by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ipterm.domain.text import clean_for_terminal
from ipterm.i18n import _
from ipterm.tui.display import palette_prompt


class CaseProvider(Provider):
    """ "Gå til sak: …" for every open case."""

    async def startup(self) -> None:
        services = getattr(self.app, "services", None)
        self._cases = [] if services is None else [(c.id, c.person_name) for c in services.list_cases()]

    def _open(self, case_id: int) -> None:
        from ipterm.tui.screens.dashboard_screen import DashboardScreen

        dashboard = next((s for s in self.app.screen_stack if isinstance(s, DashboardScreen)), None)
        if dashboard is not None:
            dashboard.open_case(case_id, "plan")

    def _title(self, name: str) -> str:
        shown = "•••" if getattr(self.app, "privacy", False) else clean_for_terminal(name, single_line=True)
        return _("Gå til sak: {shown}", shown=shown)

    async def discover(self) -> Hits:
        for case_id, name in self._cases[:20]:
            yield DiscoveryHit(palette_prompt(self._title(name)), partial(self._open, case_id))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for case_id, name in self._cases:
            title = self._title(name)
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, palette_prompt(title, matcher), partial(self._open, case_id))
