"""The case's note field: several lines, a preview of the tasks in it, a kind of note, and nothing typed
lost to focus changes or fast typing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual import events

from ipterm.config import Settings
from ipterm.domain.models import NoteKind
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.widgets.note_box import NoteBox

from .screen import screen_plain
from .test_app_flows import fill, wait_for
from .test_keys import open_case


@pytest.fixture
def app(services: Services, tmp_path: Path) -> IptermApp:
    fill(services)
    return IptermApp(services, Settings(path=tmp_path / "config.toml"))


def flat(app: IptermApp) -> str:
    return " ".join(screen_plain(app).split())


async def test_a_note_of_several_lines_with_a_task_and_a_kind(app: IptermApp, services: Services) -> None:
    nora = next(m for m in services.store.members.where() if m.name == "Nora Nilsen")
    async with app.run_test(size=(80, 24)) as pilot:
        case = await open_case(pilot, app)
        await pilot.press("n", *"Ringte NAV")
        await pilot.press("ctrl+j", *"Mor var fornøyd.")
        box = case.query_one("#note-input", NoteBox)
        box.post_message(events.Paste("\no: Sende skjema @nora +1u\nSiste linje"))
        await wait_for(pilot, lambda: box.text.endswith("Siste linje"), "the paste")
        await pilot.pause()
        assert "Type: telefon" in flat(app)
        assert "Nora Nilsen" in flat(app) and "frist" in flat(app)  # the o: line, read as a task
        await pilot.press("f2")  # telefon -> e-post
        await pilot.pause()
        assert "Type: e-post" in flat(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: services.case_file(1).notes != [], "saved")
        assert box.text == ""
    note = services.case_file(1).notes[0]
    assert note.text == "Ringte NAV\nMor var fornøyd.\no: Sende skjema @nora +1u\nSiste linje"
    assert note.kind is NoteKind.EMAIL
    task = next(a for a in services.case_file(1).action_items if a.text == "Sende skjema")
    assert task.owner_member_id == nora.id and task.due_on == date(2026, 11, 29)


async def test_coming_back_to_a_half_written_note_keeps_it(app: IptermApp, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        case = await open_case(pilot, app)
        await pilot.press("n", *"Ringte skolen")
        await pilot.press("tab")  # away, to the list
        assert not isinstance(case.focused, NoteBox)
        await pilot.press("n", "Q")  # back; the next letter adds, it does not replace
        assert case.query_one("#note-input", NoteBox).text == "Ringte skolenQ"


async def test_notes_typed_in_one_burst_are_each_kept_whole(app: IptermApp, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        case = await open_case(pilot, app)
        await pilot.press("n")
        box = case.query_one("#note-input", NoteBox)
        for ch in "Første notat\rAndre notat\rTredje":
            key = {"\r": "enter", " ": "space"}.get(ch, ch if ch.isalnum() else events.Key(ch, ch).key)
            event = events.Key(key, ch)
            event.set_sender(app)
            app._driver.send_message(event)
        await wait_for(pilot, lambda: len(services.case_file(1).notes) == 2, "two notes")
        await wait_for(pilot, lambda: box.text == "Tredje", "the third still in the field")
        assert isinstance(app.screen, CaseScreen)
    assert sorted(n.text for n in services.case_file(1).notes) == ["Andre notat", "Første notat"]


def send_burst(app: IptermApp, text: str) -> None:
    """Keys as a fast typist or a paste without brackets sends them: all queued before the first is handled."""
    for ch in text:
        key = {"\r": "enter", " ": "space"}.get(ch, ch if ch.isalnum() else events.Key(ch, ch).key)
        event = events.Key(key, ch)
        event.set_sender(app)
        app._driver.send_message(event)


@pytest.mark.parametrize("tab", ["1", "4"])  # from the plan, and from the notes list itself
async def test_n_then_fast_typing_lands_in_the_note_not_in_screen_keys(app: IptermApp, tab: str) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        case = await open_case(pilot, app)
        await pilot.press(tab)
        await pilot.pause()
        send_burst(app, "ngod dag, mor ringte om timen")  # g is "Nytt mål"; d, m, o, t are screen keys too
        box = case.query_one("#note-input", NoteBox)
        await wait_for(pilot, lambda: box.text == "god dag, mor ringte om timen", "the burst in the note")
        await pilot.pause(0.2)
        assert app.screen is case, f"{app.screen} opened by a letter meant for the note"
        assert box.text == "god dag, mor ringte om timen"
