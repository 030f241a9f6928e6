"""Closing the terminal keeps the open forms and the half-typed meeting line as drafts in the database,
offered back on the next start; the terminal gets its normal mode back."""

from __future__ import annotations

import os
import signal
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ipterm.config import Settings
from ipterm.i18n import set_language
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.confirm_dialog import ConfirmDialog
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.drafts_dialog import DraftsDialog
from ipterm.tui.screens.plan_forms import GoalForm
from ipterm.tui.screens.unlock_screen import UnlockScreen

from ..conftest import TODAY
from .screen import screen_plain
from .test_app_flows import wait_for
from .test_terminal_bytes import Terminal

pytest.importorskip("pty")


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


def environment(path: Path, tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "IPTERM_DATA_DIR": str(path.parent), "IPTERM_CONFIG": str(tmp_path / "c" / "config.toml"),
           "IPTERM_LOG_DIR": str(tmp_path / "log"), "TERM": "xterm-256color", "LANG": "C.UTF-8"}  # fmt: skip
    env.pop("IPTERM_PASSPHRASE", None)
    return env


def start(path: Path, passphrase: str, tmp_path: Path) -> Terminal:
    term = Terminal([sys.executable, "-m", "ipterm"], environment(path, tmp_path))
    term.wait_for(b"Passord")
    term.send(passphrase.encode() + b"\r", pause=1.0)
    term.wait_for(b"Ny sak")
    return term


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_an_edit_keeps_the_form_as_a_draft_offered_on_the_next_start(
    passphrase_store: tuple[Path, str], tmp_path: Path, signame: str
) -> None:
    path, passphrase = passphrase_store
    store = Store.unlock(path, passphrase)
    case = Services(store).create_case("Per Vangen", coordinator="Kari K")
    store.close()

    term = start(path, passphrase, tmp_path)
    term.send(b"s\r", pause=1.0)  # the case list, the first case
    term.wait_for(b"Nytt tiltak")
    term.send(b"g", pause=1.0)
    term.wait_for(b"egne ord")
    term.send(b"Jeg vil bo hjemme, halvferdig", pause=0.5)
    term.process.send_signal(getattr(signal, signame))
    code = term.finish()
    assert code == 128 + getattr(signal, signame), term.output[-1500:]
    assert b"Traceback" not in term.output
    assert term.output.rstrip().endswith(b"\x1b[?1049l") or b"\x1b[?1049l" in term.output[-400:]  # normal screen

    store = Store.unlock(path, passphrase)
    [draft] = Services(store).drafts()
    store.close()
    assert (draft.kind, draft.case_id) == ("GoalForm", case.id)
    assert draft.payload["values"]["text"] == "Jeg vil bo hjemme, halvferdig"

    term = start(path, passphrase, tmp_path)
    term.wait_for(b"Ulagret arbeid")
    term.send(b"\r", pause=1.5)  # Enter: open it again
    term.send(b"\x13", pause=1.5)  # Ctrl+S in the reopened goal form
    term.send(b"\x11")
    assert term.finish() == 0
    store = Store.unlock(path, passphrase)
    services = Services(store)
    try:
        assert [g.text for g in services.case_file(case.id).goals] == ["Jeg vil bo hjemme, halvferdig"]
        assert services.drafts() == []
    finally:
        store.close()


async def test_idle_lock_keeps_drafts_and_unlocking_throws_them_away(
    passphrase_store: tuple[Path, str], tmp_path: Path
) -> None:
    path, passphrase = passphrase_store
    services = Services(Store.unlock(path, passphrase), FixedClock(TODAY))
    case = services.create_case("Per Vangen")
    member = services.add_member(case.id, "Nora Nilsen", "NAV")
    meeting = services.meetings.plan_meeting(
        case.id, datetime.combine(TODAY + timedelta(days=1), datetime.min.time()), place="Rom 1",
        invitees=[(member.id, "NAV")], agenda=["Status"],
    )  # fmt: skip
    app = IptermApp(services, Settings(path=tmp_path / "config.toml", idle_lock_minutes=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.screen.open_case(case.id, "plan")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.pause()
        await pilot.press("g", *"Halvt mål")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "goal form")
        app._last_activity -= 61
        app._check_idle()
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "locked")
        check = Store.unlock(path, passphrase)
        kept = Services(check).drafts()
        check.close()
        assert [(d.kind, d.payload["values"]["text"]) for d in kept] == [("GoalForm", "Halvt mål")]
        await pilot.press(*passphrase, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "back in the form")
        assert app.services.drafts() == []  # the form itself is back: no draft to offer next time
        app.screen.dismiss(None)
        await pilot.pause()

        # The half-typed meeting line is a draft too.
        from ipterm.tui.screens.meeting_screen import MeetingScreen

        app.push_screen(MeetingScreen(app.services, meeting.id))
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting")
        await pilot.pause()
        await pilot.press(*"b: Vi avtaler")
        assert app.save_drafts() == 1
        [line] = app.services.drafts()
        assert (line.kind, line.payload) == ("meeting_line", {"meeting_id": meeting.id, "line": "b: Vi avtaler"})


async def test_drafts_are_offered_after_unlocking_and_reopen_with_their_values(
    passphrase_store: tuple[Path, str], tmp_path: Path
) -> None:
    path, passphrase = passphrase_store
    services = Services(Store.unlock(path, passphrase), FixedClock(TODAY))
    case = services.create_case("Per Vangen")
    goal = services.add_goal(case.id, "Jobbe")
    values = {"text": "Jobbe deltid", "evaluate_by": "1.3.2027"}
    services.keep_drafts([("GoalForm", case.id, {"args": {"goal_id": goal.id}, "values": values})])
    services.store.close()
    app = IptermApp(None, Settings(path=tmp_path / "config.toml"), db_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock")
        await pilot.press(*passphrase, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftsDialog), "drafts offered")
        assert "Mål – Per Vangen" in screen_plain(app)  # what it is, and whose
        await pilot.press("enter")  # the default: open again
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "the draft reopened")
        await pilot.pause()
        form = app.screen
        assert form.raw("text") == "Jobbe deltid" and form.raw("evaluate_by") == "1.3.2027"
        assert form.is_dirty()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "saved")
        saved = app.services.case_file(case.id).goals[0]
        assert saved.text == "Jobbe deltid" and saved.evaluate_by.isoformat() == "2027-03-01"
        assert app.services.drafts() == []


@pytest.mark.parametrize(("keys", "kept"), [(("escape",), 1), (("n",), 1), (("f", "n"), 1), (("f", "j"), 0)])
async def test_escape_keeps_the_drafts_for_the_next_start_and_only_f_discards_them(
    passphrase_store: tuple[Path, str], tmp_path: Path, keys: tuple[str, ...], kept: int
) -> None:
    # A reflex Esc, or "no", used to throw away what was typed; F asks before it deletes.
    path, passphrase = passphrase_store
    services = Services(Store.unlock(path, passphrase), FixedClock(TODAY))
    case = services.create_case("Per Vangen")
    services.keep_drafts([("GoalForm", case.id, {"args": {}, "values": {"text": "Halvskrevet"}})])
    services.store.close()
    app = IptermApp(None, Settings(path=tmp_path / "config.toml"), db_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock")
        await pilot.press(*passphrase, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftsDialog), "drafts offered")
        await pilot.press(keys[0])
        if keys[0] == "f":
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asks before deleting")
            await pilot.press(keys[1])
            if keys[1] == "n":
                await wait_for(pilot, lambda: isinstance(app.screen, DraftsDialog), "back to the question")
                await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), f"dashboard after {keys}")
        assert len(app.services.drafts()) == kept


def test_a_task_being_edited_is_kept_as_a_draft_and_reopens(services: Services) -> None:
    from ipterm.tui import drafts
    from ipterm.tui.screens.tasks_screen import TaskEditForm

    case = services.create_case("Per Vangen")
    task = services.add_action_item(case.id, "Ringe skolen")
    form = TaskEditForm(services, task.id)
    assert form.draft_args() == {"task_id": task.id} and form.case_id == case.id
    assert "TaskEditForm" in drafts._forms()
    again = drafts._forms()["TaskEditForm"](services, case.id, {"task_id": task.id})
    assert isinstance(again, TaskEditForm) and again.item.id == task.id


async def test_a_half_written_note_is_kept_by_ctrl_q_and_offered_back_into_the_case(
    passphrase_store: tuple[Path, str], tmp_path: Path
) -> None:
    """`n`, a phone note half written, Ctrl+Q: the note was gone. It is a draft now, and reopens in the case."""
    from ipterm.tui.widgets.note_box import NoteBox

    path, passphrase = passphrase_store
    services = Services(Store.unlock(path, passphrase), FixedClock(TODAY))
    case = services.create_case("Per Vangen")
    services.store.close()
    app = IptermApp(None, Settings(path=tmp_path / "config.toml"), db_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock")
        await pilot.press(*passphrase, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(CaseScreen(app.services, case.id))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("n", *"Ringte mor om ", "ctrl+q")
        await pilot.pause(0.3)
    app = IptermApp(None, Settings(path=tmp_path / "config.toml"), db_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), "unlock again")
        await pilot.press(*passphrase, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftsDialog), "drafts offered")
        assert "Kontaktnotat – Per Vangen" in screen_plain(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "the case, with the note")
        await pilot.pause()
        box = app.screen.query_one("#note-input", NoteBox)
        assert box.text == "Ringte mor om " and app.screen.focused is box
        await pilot.press(*"skolen", "enter")
        await wait_for(pilot, lambda: bool(app.services.case_file(case.id).notes), "note saved")
        assert app.services.case_file(case.id).notes[0].text == "Ringte mor om skolen"
        assert app.services.drafts() == []
