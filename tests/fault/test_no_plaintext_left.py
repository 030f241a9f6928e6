"""After a full scripted session, no personal text is readable anywhere on disk but in explicit exports."""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pytest

from ipterm.cli import main
from ipterm.domain.models import ConsentMethod, MemberKind
from ipterm.services import Services
from ipterm.store.database import Store

MARKER = "Hemmelig-Markør-Q7Z"
PASS = "blå sykkel under brua"


def _files_with_marker(root: Path, since: float) -> list[Path]:
    hits = []
    needles = [MARKER.encode(), MARKER.encode("utf-16-le"), MARKER.encode("utf-16-be")]
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            try:
                if path.stat().st_mtime < since or path.stat().st_size > 200_000_000:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            if any(n in data for n in needles):
                hits.append(path)
    return hits


@pytest.mark.fault
@pytest.mark.slow
async def test_scripted_session_leaves_no_plaintext(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.time() - 1
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASS}\n{PASS}\n"))
    assert main(["init", "--kdf-cost", "low"]) == 0
    db = tmp_path / "data" / "ipterm.db"

    services = Services(Store.unlock(db, PASS))
    case = services.create_case(f"Kari {MARKER}", coordinator=f"Koord {MARKER}", needs=MARKER)
    person = services.add_member(case.id, f"Kari {MARKER}", "Planeier", kind=MemberKind.PERSON)
    nav = services.add_member(case.id, f"NAV {MARKER}", "Veileder", organisation="NAV", phone=MARKER)
    goal = services.add_goal(case.id, f"Mål {MARKER}")
    services.add_measure(case.id, f"Tiltak {MARKER}", goal_ids=[goal.id], responsible_member_id=nav.id, how=MARKER)
    services.add_consent(
        case.id,
        given_on=services.today(),
        method=ConsentMethod.WRITTEN,
        recipient_member_ids=[nav.id],
        scope_text=MARKER,
    )
    for n in range(50):
        services.add_note(case.id, f"Notat {n} {MARKER}")
    meeting = services.meetings.plan_meeting(case.id, datetime.now().replace(microsecond=0), place=MARKER)
    services.meetings.set_attendance(meeting.id, person.id, services.meetings.cycle_attendance(meeting.id, person.id))
    services.meetings.add_line(meeting.id, f"b: Beslutning {MARKER} alt: {MARKER}")
    services.meetings.add_line(meeting.id, f"o: Oppgave {MARKER} @nav +2u")
    services.meetings.close(meeting.id)
    assert services.search(MARKER.split("-")[0])
    services.store.close()

    for argv in (["cases"], ["case", "show", str(case.id)], ["search", "Hemmelig"], ["due"], ["doctor"]):
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASS}\n"))
        main(argv)
    new = "en annen lang passordfrase"
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASS}\n{new}\n{new}\n"))
    assert main(["passwd", "--kdf-cost", "low"]) == 0

    leaks = _files_with_marker(tmp_path, started) + _files_with_marker(Path(tempfile.gettempdir()), started)
    leaks = [p for p in leaks if "pytest-of" not in str(p) or str(tmp_path) in str(p)]
    assert leaks == [], f"plaintext found in {leaks}"
    log_dir = tmp_path / "log"
    assert any(log_dir.iterdir()), "the session should have written a log"
