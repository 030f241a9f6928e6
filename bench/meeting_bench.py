"""Meeting mode benchmark: keystroke-to-screen latency in the minutes editor with 5,000 lines already typed,
beside a bare Textual app with one Input (same driver, same measurement), and the time to apply a
closed meeting to the plan.

    uv run python bench/meeting_bench.py [--lines 5000] [--keys 300]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency import measure, pct
from report import Figure, table
from textual.app import App, ComposeResult
from textual.widgets import Input

from ipterm.domain.models import MemberKind
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.screens.meeting_screen import MeetingScreen

TODAY = date(2026, 11, 22)
TEXT = "o: Sende søknad om arbeidstrening @nav innen 1.12 "


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Input()


class Host(App[None]):
    def __init__(self, services: Services, meeting_id: int) -> None:
        super().__init__()
        self.services, self.meeting_id = services, meeting_id

    def on_mount(self) -> None:
        self.push_screen(MeetingScreen(self.services, self.meeting_id))


def keys_for(count: int) -> list[str]:
    return ["space" if ch == " " else ch for ch in (TEXT * (count // len(TEXT) + 1))[:count]]


def build(path: Path, lines: int) -> tuple[Services, int, int]:
    services = Services(Store.open(path, key=bytes(range(32)), create=True), FixedClock(TODAY))
    case = services.create_case("Ola Benchmark", coordinator="Kari")
    services.add_member(case.id, "Ola Benchmark", "Planeier", kind=MemberKind.PERSON)
    services.add_member(case.id, "Nora Nilsen", "NAV-veileder", organisation="NAV")
    services.add_member(case.id, "Kari Lie", "Fastlege")
    for n in range(20):
        services.add_goal(case.id, f"Mål nummer {n}")
    meeting = services.meetings.plan_meeting(case.id, datetime(2026, 11, 22, 10))
    services.meetings.start(meeting.id)
    kinds = [
        "Vanlig notat om hvordan det går",
        "o: Ringe @nav innen +2u",
        "b: Vi prøver dette alt: noe annet",
        "t: Nytt tiltak #2 @kari fra 1.12 til +3m",
        "e: #3 fortsett går fint",
        "s: Jeg er fornøyd",
    ]
    with services.store.transaction():
        for n in range(lines):
            services.meetings.add_line(meeting.id, f"{kinds[n % len(kinds)]} {n}")
    return services, case.id, meeting.id


def figures(*, lines: int = 5000, keys: int = 300) -> list[Figure]:
    print(f"meeting: {lines:,} lines of minutes, {keys} keystrokes at 80x24", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        services, _case_id, meeting_id = build(Path(tmp) / "ipterm.db", lines)
        ours = asyncio.run(
            measure(Host(services, meeting_id), keys_for(keys), lambda a: isinstance(a.screen, MeetingScreen))
        )
        bare = asyncio.run(measure(Bare(), keys_for(keys), lambda a: True))
        t0 = time.perf_counter()
        services.meetings.preview_close(meeting_id)
        preview_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        plan = services.meetings.close(meeting_id)
        apply_ms = (time.perf_counter() - t0) * 1000
        services.store.close()
    changes = len(plan.decisions) + len(plan.actions) + len(plan.measures) + len(plan.evaluations)
    p50, p99 = pct(ours, 50), pct(ours, 99)
    return [
        Figure(f"meeting editor keystroke p50 ({lines:,} lines)", f"{p50:.2f} ms", "",
               f"bare Input {pct(bare, 50):.2f} ms", f"{p50 / pct(bare, 50):.2f}x"),
        Figure(f"meeting editor keystroke p99 ({lines:,} lines)", f"{p99:.2f} ms", "< 16 ms",
               f"bare Input {pct(bare, 99):.2f} ms", f"{p99 / pct(bare, 99):.2f}x", p99 < 16),
        Figure(f"review before close ({lines:,} lines)", f"{preview_ms:.0f} ms"),
        Figure(f"apply closed meeting ({changes:,} changes)", f"{apply_ms:.0f} ms"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--keys", type=int, default=300)
    args = parser.parse_args()
    print(table(figures(lines=args.lines, keys=args.keys), "ipterm meeting benchmark"))


if __name__ == "__main__":
    main()
