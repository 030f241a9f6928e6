"""Names and texts full of markup and format characters, shown on every screen, in every dropdown, in the
palette and in notices: verbatim, and nothing crashes."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Select, SelectionList

from ipterm.config import Settings
from ipterm.domain.models import MemberKind
from ipterm.i18n import set_language
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_forms import ConsentForm, MemberForm
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.confirm_dialog import ConfirmDialog
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen
from ipterm.tui.screens.meeting_screen import MeetingScreen
from ipterm.tui.screens.plan_forms import GoalForm, MeasureForm

from ..conftest import TODAY
from .test_app_flows import wait_for

CASE = "Test [/b] Person $navn"
OWNER = "Per [/b] Olsen"
VIKAR = "Kari [vikar] Hansen"
CLICKER = "Ola [@click=app.quit]Klikk[/] Nordmann"
GOAL = "Mål med [/bold] feil tag"
MEASURE = "Støtte [b]hver[/b] uke $pris [link=x]"
NOTE = "Ringte [red]mor[/red] om [/] $tid"


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


def screen_text(app: IptermApp) -> str:
    """The characters on the screen as the terminal gets them, line by line (the SVG screenshot splits
    styled letters into their own spans and drops spaces between them)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def hostile_case(services: Services) -> int:
    case = services.create_case(
        CASE, coordinator="Kari [/i] Koordinator", plan_start=TODAY - timedelta(days=30),
        plan_end=TODAY + timedelta(days=300), next_revision=TODAY + timedelta(days=3),
    )  # fmt: skip
    owner = services.add_member(case.id, OWNER, "Rolle [x]", organisation="NAV [/]", email="a[b]@c.no")
    services.add_member(case.id, VIKAR, "Lærer", organisation="Skole")
    services.add_member(case.id, CLICKER, "Mor", kind=MemberKind.RELATIVE)
    goal = services.add_goal(case.id, GOAL, evaluate_by=TODAY + timedelta(days=2))
    services.add_measure(case.id, MEASURE, goal_ids=[goal.id], responsible_member_id=owner.id)
    services.add_note(case.id, NOTE)
    services.add_action_item(case.id, "Sende [/b] brev $x", owner_member_id=owner.id, due_on=TODAY)
    services.meetings.plan_meeting(
        case.id, datetime.combine(TODAY + timedelta(days=1), datetime.min.time()), place="Rom [1] $sted",
        invitees=[(owner.id, "Rolle")], agenda=["Punkt [/b] én"],
    )  # fmt: skip
    return case.id


@pytest.fixture
def app(services: Services, tmp_path: Path) -> IptermApp:
    hostile_case(services)
    return IptermApp(services, Settings(path=tmp_path / "config.toml"))


async def test_markup_in_stored_text_shows_verbatim_everywhere(app: IptermApp) -> None:
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        await wait_for(pilot, lambda: CASE in screen_text(app), "the case name verbatim on the dashboard")
        assert "Kari [/i] Koordinator" in screen_text(app)

        # The palette: discovery list and a fuzzy search over a name with a closing tag in it.
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"sak: test")
        await wait_for(pilot, lambda: f"Gå til sak: {CASE}" in screen_text(app), "palette hit verbatim")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case via palette")
        case_screen = app.screen
        await wait_for(pilot, lambda: GOAL in screen_text(app), "goal in the plan")
        text = screen_text(app)
        for shown in (CASE, MEASURE, OWNER):
            assert shown in text
        for tab, expected in (("2", (OWNER, VIKAR, CLICKER, "a[b]@c.no", "NAV [/]")), ("4", (NOTE,)),
                              ("5", ("Rom [1] $sted", "Sende [/b] brev $x"))):  # fmt: skip
            await pilot.press(tab)
            await pilot.pause()
            if tab == "4":
                case_screen.query_one("#note-table").focus()
                await pilot.pause()
            text = screen_text(app)
            for shown in expected:
                assert shown in text, (tab, shown)

        # The measure form's goal dropdown: a goal with "[/bold]" used to raise a MarkupError.
        await pilot.press("1")
        await pilot.pause()
        case_screen.query_one("#plan-table").focus()
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm), "measure form")
        form = app.screen
        form.query_one("#f-goal", Select).focus()
        await pilot.press("space")  # Space opens a dropdown
        await pilot.pause(0.2)
        assert f"#1 {GOAL}" in screen_text(app)
        await pilot.press("escape")
        form.query_one("#f-responsible", Select).focus()
        await pilot.press("space")
        await pilot.pause(0.2)
        text = screen_text(app)
        assert f"{VIKAR} (Lærer)" in text and f"{OWNER} (Rolle [x])" in text and CLICKER in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running  # the [@click=app.quit] entry did nothing by being shown
        form.dismiss(None)
        await wait_for(pilot, lambda: app.screen is case_screen, "back on the case")

        # The consent form: recipients in a SelectionList.
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentForm), "consent form")
        recipients = app.screen.query_one("#f-recipients", SelectionList)
        recipients.focus()
        await pilot.pause()
        text = screen_text(app)
        assert f"{VIKAR} (Lærer)" in text and f"{OWNER} (Rolle [x])" in text
        prompts = {str(recipients.get_option_at_index(i).prompt) for i in range(recipients.option_count)}
        # Each member is offered with the short number the group list shows.
        assert {p.split(" ", 1)[1] for p in prompts} == {f"{OWNER} (Rolle [x])", f"{VIKAR} (Lærer)", f"{CLICKER} (Mor)"}
        app.screen.dismiss(None)
        await wait_for(pilot, lambda: app.screen is case_screen, "back on the case")

        # Edit forms: the stored text in the fields, the member's name in the title-less form.
        await pilot.press("1")
        await pilot.pause()
        case_screen.query_one("#plan-table").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "goal edit form")
        assert GOAL in screen_text(app)
        app.screen.dismiss(None)
        await wait_for(pilot, lambda: app.screen is case_screen, "back on the case")
        await pilot.press("2")
        await pilot.pause()
        case_screen.query_one("#group-table").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MemberForm), "member edit form")
        assert CLICKER in screen_text(app)  # the first in the group, by name
        app.screen.dismiss(None)
        await wait_for(pilot, lambda: app.screen is case_screen, "back on the case")

        # The meeting planner (invitee list, agenda, title) and the meeting itself.
        await pilot.press("m")
        await wait_for(pilot, lambda: app.screen is not case_screen, "the planner, or the question first")
        if isinstance(app.screen, ConfirmDialog):  # a meeting is planned already: plan another
            await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "meeting planner")
        await pilot.pause()
        text = screen_text(app)
        assert f"Planlegg møte – {CASE}" in text and VIKAR in text and OWNER in text
        app.screen.dismiss(None)
        await wait_for(pilot, lambda: app.screen is case_screen, "back on the case")
        await pilot.press("5")
        await pilot.pause()
        case_screen.query_one("#meeting-table").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not case_screen, "the meeting, or the question first")
        if isinstance(app.screen, ConfirmDialog):  # planned for another day: it asks before starting it
            await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        await pilot.pause()
        text = screen_text(app)
        assert CASE in text and "Punkt [/b] én" in text and OWNER in text

        # A notice carrying stored text.
        app.notify(NOTE)
        app.notify(CLICKER)
        await wait_for(pilot, lambda: NOTE in screen_text(app) and CLICKER in screen_text(app), "notices verbatim")
        assert app.is_running


# -- nothing stored reaches the terminal raw ---------------------------------------------------------------

OSC = "\x1b]0;pwned\x07\x1b[2J"


def raw_screen(app: IptermApp) -> str:
    """Every character handed to the terminal for the screen, control characters included."""
    return "".join(seg.text for strip in app.screen._compositor.render_strips() for seg in strip)


async def test_escape_sequences_stored_by_the_cli_never_reach_the_terminal(
    passphrase_store: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ipterm.cli import main
    from ipterm.services import FixedClock
    from ipterm.store.database import Store

    path, passphrase = passphrase_store
    store = Store.unlock(path, passphrase)
    setup = Services(store)
    case = setup.create_case("Eva Ekko", coordinator="Kari K")
    setup.add_member(case.id, "Ola Lærer", "Kontaktlærer")
    store.close()
    monkeypatch.setenv("IPTERM_PASSPHRASE", passphrase)
    assert main(["note", str(case.id), f"Ringte skolen\\no: Sende {OSC}skjema @ola innen 1.12.2026"]) == 0

    services = Services(Store.unlock(path, passphrase), FixedClock(TODAY))
    [item] = services.case_file(case.id).action_items
    assert OSC in item.text  # stored as typed: exports keep the verbatim text
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.screen.open_case(case.id, "meetings")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.pause()
        assert "Sende skjema" in screen_text(app) and "\x1b" not in raw_screen(app)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "meeting planner")
        await pilot.pause()
        agenda = app.screen.query_one("#agenda-edit").text
        assert "Sende skjema" in agenda and "\x1b" not in agenda and "\x07" not in agenda
        shown = raw_screen(app)
        assert "Sende skjema" in shown
        assert "\x1b" not in shown and "\x07" not in shown and "pwned" not in shown
        # A paste carrying an escape sequence is cleaned on the way in, in the agenda and in a field.
        from textual import events

        area = app.screen.query_one("#agenda-edit")
        area.focus()
        area.post_message(events.Paste(f"\nLime inn {OSC}her"))
        place = app.screen.query_one("#place")
        place.post_message(events.Paste(f"Rom {OSC}2"))
        await pilot.pause()
        assert "Lime inn her" in area.text and "\x1b" not in area.text
        assert place.value == "Rom 2"
        assert "\x1b" not in raw_screen(app)
    services.store.close()


async def test_bidi_controls_show_as_marks_and_untouched_fields_keep_the_stored_text(
    services: Services, tmp_path: Path
) -> None:
    case = services.create_case("Nora Nilsen")
    tricky = "Ola \u202eneslO\u202c Hansen"
    member = services.add_member(case.id, tricky, "Rolle \x1b[31mrød")
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.screen.open_case(case.id, "group")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.pause()
        app.screen.query_one("#group-table").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MemberForm), "member form")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#f-name").value == "Ola ⟨RLO⟩neslO⟨PDF⟩ Hansen"
        assert form.query_one("#f-role").value == "Rolle rød"
        shown = raw_screen(app)
        assert "⟨RLO⟩" in shown and "\u202e" not in shown and "\x1b" not in shown
        assert not form.is_dirty()
        form.query_one("#f-organisation").focus()
        await pilot.press(*"NAV", "ctrl+s")  # edit another field only
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "saved")
    saved = services.case_file(case.id).member(member.id)
    assert (saved.name, saved.role, saved.organisation) == (tricky, "Rolle \x1b[31mrød", "NAV")
