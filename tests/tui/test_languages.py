"""The whole TUI speaks the chosen language: no bokmål left on a screen in nynorsk or English."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ipterm import i18n
from ipterm.config import Settings
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen

from .screen import screen_plain
from .test_app_flows import wait_for
from .test_dashboard import WEDNESDAY, fill

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import catalogue


def bokmål_left(text: str, lang: str) -> list[str]:
    """Catalogue texts (whole phrases, not single words the data may share) shown untranslated."""
    found = i18n.translations(lang)
    left = []
    for m in catalogue.template():
        if not isinstance(m.id, str) or "{" in m.id or " " not in m.id.strip() or len(m.id.strip()) < 10:
            continue
        shown = found.pgettext(m.context, m.id) if m.context else found.gettext(m.id)
        if shown != m.id and m.id.strip() in text:
            left.append(m.id.strip())
    return left


@pytest.mark.parametrize("lang", ["nn", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_case_tab_and_the_dashboard_in_the_language(
    store: Store, tmp_path: Path, lang: str, size: tuple[int, int]
) -> None:
    services = Services(store, FixedClock(WEDNESDAY))
    fill(services)
    app = IptermApp(services, Settings(path=tmp_path / "config.toml", language=lang))
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screens = {"dashboard": screen_plain(app)}
            await pilot.press("i", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case screen")
            for n in range(1, 8):
                await pilot.press(str(n))
                await pilot.pause()
                screens[f"tab {n}"] = screen_plain(app)
            await pilot.press("question_mark")
            await pilot.pause()
            screens["help"] = screen_plain(app)
        problems = {where: bokmål_left(text, lang) for where, text in screens.items()}
        assert not any(problems.values()), problems
        heading = {"nn": "Innhald i planen", "en": "Contents of the plan"}[lang]
        assert heading in screens["tab 7"]
    finally:
        i18n.set_language("nb")
