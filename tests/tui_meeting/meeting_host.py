"""Runs meeting mode on its own in a real terminal, for tests that drive it through tmux.

    python -m tests.tui_meeting.meeting_host DB_PATH

Creates a case with a meeting in a new test database (raw test key) and opens the meeting screen.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from textual.app import App

from ipterm.domain.models import MemberKind
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.screens.meeting_screen import MeetingScreen

TEST_KEY = bytes(range(32))


class Host(App[None]):
    def __init__(self, services: Services, meeting_id: int) -> None:
        super().__init__()
        self.services = services
        self.meeting_id = meeting_id

    def on_mount(self) -> None:
        self.push_screen(MeetingScreen(self.services, self.meeting_id))


def main(path: Path) -> None:
    store = Store.open(path, key=TEST_KEY, create=True)
    services = Services(store, FixedClock(date(2026, 12, 1)))
    case = services.create_case("Ola Nordmann", coordinator="Kari Koordinator")
    services.add_member(case.id, "Ola Nordmann", "Planeier", kind=MemberKind.PERSON)
    services.add_member(case.id, "Nora Nilsen", "NAV-veileder", organisation="NAV")
    meeting = services.meetings.plan_meeting(case.id, datetime(2026, 12, 1, 10))
    Host(services, meeting.id).run()
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
