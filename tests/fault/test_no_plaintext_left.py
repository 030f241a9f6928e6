"""After a full scripted session, no personal text is readable anywhere on disk but in explicit exports.

The second test runs the real CLI in subprocesses with TMPDIR pointing at a folder the test owns: init,
cases, notes, a meeting, exports to an explicit folder, a backup, sync to a folder, then the TUI is
unlocked, used and locked. Afterwards the data folder, the log folder, the config folder and that
temporary folder are searched for the fictional name and note text; only the explicit exports and the
sync destination may hold them. Files ipterm made must be 0600 and its folders 0700.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
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


NAME = "Vilja Tindeklatrer-Q3X"  # fictional, and unlikely to be anywhere else on disk
NOTE = "Notat-Fjellrev-K8P om skolestart"
MARKERS = (NAME, NOTE.split()[0])

SESSION_DATA = r"""
import sys
from datetime import datetime
from pathlib import Path
from ipterm.domain.models import ConsentMethod, MemberKind
from ipterm.services import Services
from ipterm.store.database import Store

name, note, db = sys.argv[1], sys.argv[2], Path(sys.argv[3])
s = Services(Store.unlock(db, sys.argv[4]))
case = s.create_case(name, coordinator="Kari Koordinator", needs=note, resources=note, collaboration=note)
person = s.add_member(case.id, name, "Planeier", kind=MemberKind.PERSON)
nav = s.add_member(case.id, "Nora Nilsen", "Veileder", organisation="NAV", contributes=note)
goal = s.add_goal(case.id, f"{name} vil {note}")
s.add_measure(case.id, note, goal_ids=[goal.id], responsible_member_id=nav.id, how=note)
s.add_consent(case.id, given_on=s.today(), method=ConsentMethod.WRITTEN, recipient_member_ids=[nav.id], scope_text=note)
for n in range(30):
    s.add_note(case.id, f"{n} {note} {name}")
meeting = s.meetings.plan_meeting(case.id, datetime.now().replace(microsecond=0), place=note)
s.meetings.set_attendance(meeting.id, person.id, s.meetings.cycle_attendance(meeting.id, person.id))
s.meetings.add_line(meeting.id, f"b: {note} syn: {name}")
s.meetings.add_line(meeting.id, f"o: {note} @nav +2u")
s.meetings.close(meeting.id)
s.store.close()
print(case.id)
"""


def _marker_hits(root: Path) -> list[Path]:
    return sorted({p for marker in MARKERS for p in _files_with(root, marker)})


def _files_with(root: Path, marker: str) -> list[Path]:
    needles = [marker.encode(), marker.encode("utf-16-le"), marker.encode("utf-16-be"), marker.lower().encode()]
    found = []
    for path in (p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if any(n in data for n in needles):
            found.append(path)
    return found


def _modes(root: Path) -> list[str]:
    """Files not 0600 and folders not 0700 under `root` (and `root` itself)."""
    wrong = []
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode != (0o700 if path.is_dir() else 0o600):
            wrong.append(f"{path.relative_to(root.parent)} {mode:o}")
    return wrong


@pytest.mark.fault
@pytest.mark.slow
async def test_cli_session_with_exports_backup_sync_and_lock_leaves_no_plaintext(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, log, config_dir = tmp_path / "data", tmp_path / "log", tmp_path / "config"
    temp, exports, share = tmp_path / "tmp", tmp_path / "exports", tmp_path / "share"
    for folder in (temp, exports, share, config_dir):
        folder.mkdir()
    config = config_dir / "config.toml"
    config.write_text(f'[sync]\ndestination = "folder"\nfolder = "{share}"\n', encoding="utf-8")
    env = {**os.environ, "IPTERM_DATA_DIR": str(data), "IPTERM_CONFIG": str(config), "IPTERM_LOG_DIR": str(log),
           "IPTERM_PASSPHRASE": PASS, "TMPDIR": str(temp), "TMP": str(temp), "TEMP": str(temp)}  # fmt: skip

    def ipterm(*argv: str, code: int = 0) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "ipterm", *argv], env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == code, (argv, result.stdout, result.stderr)
        return result.stdout

    ipterm("init", "--kdf-cost", "low")
    ipterm("sync", "check", "--accept", "--kinds", "pdf,ics,json,fhir,backup")  # the user confirms the share
    db = data / "ipterm.db"
    made = subprocess.run(
        [sys.executable, "-c", SESSION_DATA, NAME, NOTE, str(db), PASS], env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    case_id = made.stdout.strip()
    ipterm("note", case_id, f"Ringte {NAME}\\no: {NOTE} @nav +1u", "--kind", "phone")
    for kind in ("plan", "minutes", "json", "ics"):
        ipterm("export", case_id, "--kind", kind, "--allow-incomplete", "-o", str(exports))
    ipterm("export", case_id, "--kind", "fhir")  # kept in the database and queued, no file
    ipterm("backup", "--send", "--kdf-cost", "low")
    assert "alt sendt" in ipterm("sync")
    assert NAME in ipterm("cases") and NAME in ipterm("search", "Fjellrev")
    ipterm("case", "show", case_id)

    # The TUI, in this process, with its temporary files going to the same folder: unlock, look, lock.
    from ipterm.tui.app import IptermApp
    from ipterm.tui.screens.case_screen import CaseScreen
    from ipterm.tui.screens.dashboard_screen import DashboardScreen
    from ipterm.tui.screens.unlock_screen import UnlockScreen

    for key, value in env.items():
        if key.startswith(("IPTERM_", "TMP", "TEMP")) and key != "IPTERM_PASSPHRASE":
            monkeypatch.setenv(key, value)
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    app = IptermApp.from_environment(data_dir=None, config=None, demo=False, language=None)

    async def wait_for(cls: type) -> None:
        for _ in range(300):
            if isinstance(app.screen, cls):
                return
            await pilot.pause(0.05)
        raise AssertionError(f"timed out waiting for {cls.__name__}")

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(UnlockScreen)
        await pilot.press(*PASS, "enter")
        await wait_for(DashboardScreen)
        await pilot.press("s", "enter")
        await wait_for(CaseScreen)
        for tab in "145":
            await pilot.press(tab)
            await pilot.pause(0.1)
        store = app.services.store
        await pilot.press("ctrl+l")
        await wait_for(UnlockScreen)
        with pytest.raises(Exception, match="closed"):
            store.conn.execute("SELECT 1")
        await pilot.press("ctrl+q")

    # Only the explicit exports and the destination hold the text (finding it there shows the search works).
    # (The PDFs carry the name only in their compressed pages: their metadata names the case by number.)
    assert sorted(p.suffix for p in _files_with(exports, NAME)) == [".json"]
    assert len([p for p in exports.iterdir() if p.suffix == ".pdf"]) == 2
    assert [p.suffix for p in exports.iterdir() if p.suffix == ".ics"] == [".ics"]  # the calendar names no one
    leaks = [p for root in (data, log, config_dir, temp) for p in _marker_hits(root)]
    assert leaks == [], f"plaintext found in {leaks}"
    assert [p.name for p in temp.rglob("*")] == [], "files left in the temporary folder"
    for path in (p for p in data.rglob("*") if p.is_file()):
        assert not path.read_bytes().startswith(b"SQLite format 3"), f"{path} is an unencrypted database"
    (backup,) = (data / "backups").iterdir()
    assert backup.stat().st_size > 0
    sent = sorted(p.name for p in share.iterdir())
    assert len(sent) == 6 and not [n for n in sent if n.startswith(".")], sent  # 5 exports, 1 backup, no temp
    backup_sent = [n for n in sent if n.startswith("ipterm-sikkerhetskopi-")]
    calendar_sent = [n for n in sent if n.endswith(".ics")]  # case number and initials only: no marker in it
    readable = [n for n in sent if n.endswith(".json")]  # the PDFs: name only in compressed pages, not metadata
    assert len(backup_sent) == 1 and len(calendar_sent) == 1 and [p.name for p in _marker_hits(share)] == readable

    assert _modes(data) + _modes(log) + _modes(exports)[1:] == []  # the exports folder itself is the test's
