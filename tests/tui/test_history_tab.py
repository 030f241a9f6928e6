"""The History tab in words: what changed, named, from what to what, under a heading per day, and a filter
for one goal, measure or person."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable

from ipterm.config import Settings
from ipterm.domain.models import Attendance
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen

from .test_app_flows import wait_for

TODAY = date(2026, 11, 22)


def rows(app: IptermApp) -> list[str]:
    table = app.screen.query_one("#history-table", DataTable)
    return [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_history_reads_as_words_by_day_and_filters_to_one_measure(demo: Services, tmp_path: Path, size) -> None:
    cf = demo.case_file(1)
    measure = cf.measures[0]
    number = cf.measure_numbers()[measure.id]
    demo.clock.day = date(2026, 11, 23)  # type: ignore[attr-defined]  (a change on the next day)
    demo.update_measure(measure.id, evaluate_by=date(2027, 6, 1))
    meeting = demo.meetings.plan_meeting(1, datetime(2026, 12, 2, 10))
    member = next(m for m in cf.members if m.active)
    demo.meetings.set_attendance(meeting.id, member.id, Attendance.PRESENT)
    demo.exports.export(1, "plan", allow_incomplete=True)
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=size) as pilot:
        app.push_screen(CaseScreen(demo, 1))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("6")
        await pilot.pause()
        shown = rows(app)
        assert shown[0].startswith("mandag 23.11.2026")  # newest day first, as a heading
        assert any(r.startswith("søndag 22.11.2026") for r in shown)
        assert any(f"Tiltak #t{number} «" in r and "evalueres" in r and "→ 1.6.2027" in r for r in shown)
        assert any(f"deltaker – → {member.name}" in r and "→ til stede" in r for r in shown)
        text = " ".join(shown)
        assert any("eksport ny" in r and "Eksport: lagt til (type: plan)" in r for r in shown)
        for code in ("invited", "present", "attendance", "member id", "running", "planned"):
            assert code not in text, code

        await pilot.press("slash")  # into the filter; the letters typed there are text, not keys
        assert app.screen.focused is app.screen.query_one("#history-filter")
        await pilot.press(*f"#t{number} ")
        await pilot.pause()
        kept = [r for r in rows(app) if not r.startswith(("mandag", "søndag"))]
        assert kept and all(f"#t{number} " in r for r in kept)
        await pilot.press("escape")  # out of the filter, into the list; the case stays open
        assert isinstance(app.screen, CaseScreen)
        table = app.screen.query_one("#history-table", DataTable)
        assert app.screen.focused is table
        await pilot.press("home", "down")
        await pilot.pause()
        whole = next(r for r in rows(app) if f"#t{number} " in r).split("  ")[-1]
        pane = " ".join(str(app.screen.query_one("#history-detail Static").render()).split())
        assert f"Tiltak #t{number} «" in pane and "→ 1.6.2027" in pane, (pane, whole)
