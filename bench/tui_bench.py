"""TUI benchmark on a 2,000-case database: cold start to the first dashboard frame (the KDF excluded), beside
a bare Textual app showing one DataTable with the same 2,000 rows; keystroke-to-frame latency in lists and
forms; peak memory (RSS) of the TUI.

    uv run python bench/tui_bench.py [--cases 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency import measure, pct
from report import Figure, table
from synthetic import build

from ipterm.store.database import Store

TODAY = date(2026, 11, 22)

# Both start scripts take their first timestamp before any import, and stop at the first frame the
# compositor hands to the display.
START_IPTERM = r"""
import time; t0 = time.perf_counter()
import sys, asyncio
from pathlib import Path
from datetime import date
from ipterm.config import Settings
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.dashboard_screen import DashboardScreen

async def main():
    services = Services(Store.open(Path(sys.argv[1]), key=bytes(range(32))), FixedClock(date(2026, 11, 22)))
    app = IptermApp(services, Settings())
    done = asyncio.Event()
    original = app._display
    def display(screen, renderable):
        original(screen, renderable)
        if renderable is not None and isinstance(screen, DashboardScreen) and not done.is_set():
            print(f"{(time.perf_counter() - t0) * 1000:.1f}", flush=True)
            done.set()
    app._display = display
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(done.wait(), 60)
        if len(sys.argv) > 2:  # open a case too, for the memory figure
            await pilot.press("s", "enter")
            await pilot.pause(0.5)
    services.store.close()

asyncio.run(main())
"""

START_BARE = r"""
import time; t0 = time.perf_counter()
import sys, asyncio, sqlite3, os
os.environ.setdefault("TEXTUAL_FPS", "120")  # the same frame rate as ipterm
from textual.app import App
from textual.widgets import DataTable

rows = [(f"Person {n}", "22.12.2026", "Koordinator") for n in range(int(sys.argv[1]))]

class Bare(App):
    def compose(self):
        yield DataTable()
    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Navn", "Revisjon", "Koordinator")
        table.add_rows(rows)

async def main():
    app = Bare()
    done = asyncio.Event()
    original = app._display
    def display(screen, renderable):
        original(screen, renderable)
        if renderable is not None and not done.is_set() and app.query(DataTable) and app.query_one(DataTable).row_count:
            print(f"{(time.perf_counter() - t0) * 1000:.1f}", flush=True)
            done.set()
    app._display = display
    async with app.run_test(size=(120, 40)):
        await asyncio.wait_for(done.wait(), 60)

asyncio.run(main())
"""


def timed_start(script: str, *argv: str) -> float:
    result = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"start script failed: {result.stderr[-800:]}")
    return float(result.stdout.strip().splitlines()[-1])


def peak_rss_mb(script: str, *argv: str) -> float:
    code = (
        "import resource, subprocess, sys\n"
        f"subprocess.run([sys.executable, '-c', {script!r}, *{list(argv)!r}], check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    return int(out.stdout.strip()) / 1024


def latencies(db: Path) -> dict[str, list[float]]:
    from ipterm.config import Settings
    from ipterm.services import FixedClock, Services
    from ipterm.tui.app import IptermApp
    from ipterm.tui.screens.case_screen import CaseScreen
    from ipterm.tui.screens.dashboard_screen import DashboardScreen
    from ipterm.tui.screens.plan_forms import MeasureForm

    results: dict[str, list[float]] = {}

    def app() -> IptermApp:
        services = Services(Store.open(db, key=bytes(range(32))), FixedClock(TODAY))
        return IptermApp(services, Settings())

    results["list"] = asyncio.run(
        measure(app(), ["down"] * 150 + ["up"] * 50, lambda a: isinstance(a.screen, DashboardScreen))
    )
    # Typing in the filter, and moving focus into it: two different keys, measured apart. The focus key
    # repaints both tables and the footer; it is pressed at a human pace (a fifth of a second apart).
    results["filter"] = asyncio.run(
        measure(
            app(),
            ["slash", *[*"olsen", *["backspace"] * 5, *"berg", *["backspace"] * 4] * 5],
            lambda a: isinstance(a.screen, DashboardScreen),
        )
    )[1:]
    results["focus"] = asyncio.run(
        measure(app(), ["slash", "tab"] * 40, lambda a: isinstance(a.screen, DashboardScreen), settle=0.2)
    )[0::2]

    # The plan tab of one case: every arrow key also rewrites the detail pane under the table.
    class CaseApp(IptermApp):
        def _show_dashboard(self) -> None:
            super()._show_dashboard()
            self.push_screen(CaseScreen(self.services, 1, tab="plan"))

    results["plan"] = []
    for _ in range(5):  # five fresh apps over the same rows, for a steadier p99
        case = CaseApp(Services(Store.open(db, key=bytes(range(32))), FixedClock(TODAY)), Settings())
        results["plan"] += asyncio.run(
            measure(case, ["down"] * 8 + ["up"] * 8, lambda a: isinstance(a.screen, CaseScreen), size=(120, 40))
        )

    class FormApp(IptermApp):
        def _show_dashboard(self) -> None:
            super()._show_dashboard()
            self.push_screen(MeasureForm(self.services, 1))

    form = FormApp(Services(Store.open(db, key=bytes(range(32))), FixedClock(TODAY)), Settings())
    keys = [*"Arbeidstrening hos Coop med jobbspesialist, tre dager i uka fram til sommeren"] * 2
    results["form"] = asyncio.run(
        measure(form, ["space" if k == " " else k for k in keys], lambda a: isinstance(a.screen, MeasureForm))
    )
    return results


def figures(*, cases: int = 2000, runs: int = 5) -> list[Figure]:
    print(f"tui: {cases:,} cases, {runs} cold starts each", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ipterm.db"
        store = Store.open(db, key=bytes(range(32)), create=True)
        build(store, cases=cases, measures_per_case=10, notes_per_case=5, today=TODAY)
        store.close()
        ours = [timed_start(START_IPTERM, str(db)) for _ in range(runs)]
        bare = [timed_start(START_BARE, str(cases)) for _ in range(runs)]
        rss = peak_rss_mb(START_IPTERM, str(db), "open-case")
        lat = latencies(db)
    start, base = statistics.median(ours), statistics.median(bare)
    out = [
        Figure(f"cold start to dashboard ({cases:,} cases, no KDF)", f"{start:.0f} ms", "<= 1.5x",
               f"bare DataTable {base:.0f} ms", f"{start / base:.2f}x", start / base <= 1.5),
        Figure(f"peak memory, TUI with {cases:,} cases", f"{rss:.0f} MB", "< 200 MB", "", "", rss < 200),
    ]  # fmt: skip
    for name, label in (("list", "dashboard list, arrow keys (sections, detail pane)"),
                        ("filter", "case filter, typing"),
                        ("focus", "focus the filter (/)"),
                        ("plan", "plan tab, arrow keys (detail pane)"),
                        ("form", "measure form, typing")):  # fmt: skip
        values = lat[name]
        out.append(Figure(f"{label} p50", f"{pct(values, 50):.2f} ms"))
        out.append(Figure(f"{label} p99", f"{pct(values, 99):.2f} ms", "< 16 ms", "", "", pct(values, 99) < 16))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(table(figures(cases=args.cases, runs=args.runs), "ipterm TUI benchmark"))


if __name__ == "__main__":
    main()
