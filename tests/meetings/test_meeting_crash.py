"""Killing ipterm while minutes are typed loses at most the line being typed."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from ipterm.domain.models import MeetingStatus
from ipterm.services import Services
from ipterm.store.database import Store

KEY = bytes(range(32))

TYPIST = r"""
import sys, time
from pathlib import Path
from ipterm.services import Services
from ipterm.store.database import Store

services = Services(Store.open(Path(sys.argv[1]), key=bytes(range(32))))
meeting_id = int(sys.argv[2])
n = 0
while True:
    n += 1
    services.meetings.add_line(meeting_id, f"linje {n}: o: ringe @nav innen +{n % 9 + 1}d")
    print(n, flush=True)
    time.sleep(0.002)
"""


@pytest.mark.slow
def test_sigkill_while_typing_keeps_every_completed_line(db_path: Path) -> None:
    store = Store.open(db_path, key=KEY, create=True)
    services = Services(store)
    case = services.create_case("Kari Krasj")
    services.add_member(case.id, "Nora NAV", "NAV-veileder", organisation="NAV")
    meeting = services.meetings.plan_meeting(case.id, datetime(2026, 11, 22, 10))
    services.meetings.start(meeting.id)
    store.close()

    child = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(db_path), str(meeting.id)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    done = 0
    while done < 40:
        done = int(child.stdout.readline())
    child.send_signal(signal.SIGKILL)
    child.wait()

    again = Services(Store.open(db_path, key=KEY))
    assert again.store.integrity_check() == "ok"
    texts = [line.text for line in again.meetings.lines(meeting.id)]
    assert texts[:done] == [f"linje {n}: o: ringe @nav innen +{n % 9 + 1}d" for n in range(1, done + 1)]
    assert again.store.meetings.get(meeting.id).status is MeetingStatus.RUNNING
    again.meetings.add_line(meeting.id, "fortsetter etter krasj")
    assert again.meetings.lines(meeting.id)[-1].text == "fortsetter etter krasj"
    again.store.close()
