"""Privacy mode (F12) on every screen, with the case's names and contacts planted in every field a screen
shows: none of them is on screen, and a marker says the mode is on."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from ipterm.config import Settings
from ipterm.domain.models import ConsentMethod, ConsentSection
from ipterm.i18n import set_language
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_forms import CaseForm, ConsentForm, MemberForm
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.consent_screen import KindDialog
from ipterm.tui.screens.dashboard_screen import DashboardScreen
from ipterm.tui.screens.meeting_close_screen import MeetingCloseScreen
from ipterm.tui.screens.meeting_plan_screen import MeetingPlanScreen
from ipterm.tui.screens.meeting_screen import MeetingScreen
from ipterm.tui.screens.plan_forms import EvaluationForm, GoalForm, MeasureForm

from ..conftest import TODAY
from .test_app_flows import wait_for
from .test_hostile_text import screen_text

SECRETS = ("sigrid", "solberg", "berit", "bjørk", "nora", "nilsen", "tormod", "tveit", "98765432", "nav.no",
           "skole.no")  # fmt: skip
MARKER = "PERSONVERN PÅ"


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


def planted(services: Services) -> tuple[int, int, int]:
    case = services.create_case(
        "Sigrid Solberg", coordinator="Berit Bjørk", plan_start=TODAY - timedelta(days=30),
        plan_end=TODAY + timedelta(days=300), next_revision=TODAY + timedelta(days=2),
    )  # fmt: skip
    nora = services.add_member(case.id, "Nora Nilsen", "NAV-veileder", phone="98765432", email="nora.nilsen@nav.no")
    tormod = services.add_member(case.id, "Tormod Tveit", "Kontaktlærer", email="tormod@skole.no")
    goal = services.add_goal(case.id, "Sigrid vil jobbe, Nora hjelper", evaluate_by=TODAY - timedelta(days=1))
    measure = services.add_measure(case.id, "Møte med Tormod Tveit hver uke", scope="ring 98765432",
                                   goal_ids=[goal.id], responsible_member_id=nora.id)  # fmt: skip
    services.add_note(case.id, "Ringte Nora Nilsen om Sigrid")
    services.add_action_item(case.id, "Tormod sender brev til Sigrid", owner_member_id=tormod.id, due_on=TODAY)
    services.add_consent(case.id, given_on=TODAY, method=ConsentMethod.WRITTEN, recipient_member_ids=[nora.id],
                         sections=list(ConsentSection), given_by="Sigrid Solberg",
                         scope_text="Nora Nilsen får planen")  # fmt: skip
    meeting = services.meetings.plan_meeting(
        case.id, datetime.combine(TODAY + timedelta(days=1), datetime.min.time()), place="Rom 1",
        invitees=[(nora.id, "NAV"), (tormod.id, "Skolen")], agenda=["Sigrid forteller", "Nora om jobb"],
    )  # fmt: skip
    services.meetings.start(meeting.id)
    services.meetings.add_line(meeting.id, "Nora sa ja til Sigrid")
    services.meetings.add_line(meeting.id, "o: Tormod ringer Nora innen 1.12")
    return case.id, measure.id, meeting.id


def assert_hidden(app: IptermApp, where: str) -> None:
    text = screen_text(app)
    shown = [s for s in SECRETS if s in text.lower()]
    assert not shown, f"{where}: {shown} on screen:\n{text}"
    assert MARKER in text, f"{where}: no privacy marker"


@pytest.fixture
def app(services: Services, tmp_path: Path) -> IptermApp:
    return IptermApp(services, Settings(path=tmp_path / "config.toml"))


async def test_privacy_mode_hides_every_name_and_contact_on_every_screen(app: IptermApp, services: Services) -> None:
    case_id, measure_id, meeting_id = planted(services)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        dashboard = app.screen
        assert "Sigrid Solberg" in screen_text(app) and MARKER not in screen_text(app)
        await pilot.press("f12")
        await pilot.pause()
        assert_hidden(app, "dashboard")
        for query in ("/jobbe", "/veileder", "/uke", "/ringte"):  # search hits: goal, member, measure, note
            dashboard.query_one("#filter", Input).value = query
            await pilot.pause(0.4)
            assert dashboard.query_one("#hits").row_count, query
            assert_hidden(app, f"search {query}")
        dashboard.query_one("#filter", Input).value = ""
        await pilot.pause(0.3)

        dashboard.open_case(case_id, "plan")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        case = app.screen
        await pilot.pause()
        for tab in "1234567":
            await pilot.press(tab)
            await pilot.pause()
            assert_hidden(app, f"case tab {tab}")

        async def form(open_it, kind, where: str) -> None:
            await pilot.press("1")
            await pilot.pause()
            open_it()
            await wait_for(pilot, lambda: isinstance(app.screen, kind), where)
            await pilot.pause()
            assert_hidden(app, where)
            for select in app.screen.query(Select):  # every dropdown, opened
                select.focus()
                await pilot.press("space")  # Space opens a dropdown; Enter goes on
                await pilot.pause(0.2)
                assert_hidden(app, f"{where}: {select.id} opened")
                await pilot.press("escape")
                await pilot.pause()
            app.screen.dismiss(None)
            await wait_for(pilot, lambda: app.screen is case, "back on the case")

        goal_id = services.case_file(case_id).goals[0].id
        member_id = services.case_file(case_id).members[0].id
        await form(lambda: app.push_screen(GoalForm(services, case_id, goal_id)), GoalForm, "goal form")
        await form(lambda: app.push_screen(MeasureForm(services, case_id, measure_id)), MeasureForm, "measure form")
        await form(lambda: app.push_screen(MeasureForm(services, case_id)), MeasureForm, "new measure form")
        await form(lambda: app.push_screen(MemberForm(services, case_id, member_id)), MemberForm, "member form")
        await form(lambda: app.push_screen(CaseForm(services, case_id)), CaseForm, "case form")
        await form(lambda: app.push_screen(ConsentForm(services, case_id)), ConsentForm, "consent form")
        await form(lambda: app.push_screen(EvaluationForm(services, case_id, goal_id=goal_id)), EvaluationForm,
                   "evaluation form")  # fmt: skip

        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingPlanScreen), "meeting planner")
        await pilot.pause()
        assert_hidden(app, "meeting planner")
        app.screen.dismiss(None)
        await wait_for(pilot, lambda: app.screen is case, "back on the case")

        app.push_screen(MeetingScreen(services, meeting_id))
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting")
        await pilot.pause()
        assert_hidden(app, "meeting")
        await pilot.press(*"o: @nor")
        await pilot.press("tab")  # completes the mention: the preview names the owner
        await pilot.pause()
        assert "@" in app.screen.query_one("#line-input", Input).value
        text = screen_text(app)
        assert "N.N." in text  # the preview names the owner by initials
        app.screen.query_one("#line-input", Input).value = ""
        await pilot.pause()
        app.push_screen(MeetingCloseScreen(services, meeting_id))
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingCloseScreen), "close preview")
        await pilot.pause()
        assert_hidden(app, "meeting close preview")
        app.screen.dismiss(None)
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "back in the meeting")

        await pilot.press("f12")  # off again: names back, marker gone
        await pilot.pause()
        text = screen_text(app)
        assert "Sigrid Solberg" in text and MARKER not in text


async def test_a_masked_form_saved_unchanged_keeps_the_stored_text(app: IptermApp, services: Services) -> None:
    case_id, _, _ = planted(services)
    goal = services.case_file(case_id).goals[0]
    app.privacy = True
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(GoalForm(services, case_id, goal.id))
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "goal form")
        await pilot.pause()
        field = app.screen.query_one("#f-text", Input)
        assert field.value == "S. vil jobbe, N. hjelper" and field.disabled
        app.screen.query_one("#f-evaluate_by", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"+3m", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "saved")
    saved = services.case_file(case_id).goals[0]
    assert saved.text == "Sigrid vil jobbe, Nora hjelper" and saved.evaluate_by != goal.evaluate_by


async def test_privacy_mode_hides_names_in_tasks_records_exports_and_previews(
    app: IptermApp, services: Services
) -> None:
    from ipterm.domain.scoping import member_recipient
    from ipterm.tui.screens.consent_screen import ConsentScreen, PreviewScreen
    from ipterm.tui.screens.export_dialog import ExportDialog
    from ipterm.tui.screens.meeting_record_screen import MeetingRecordScreen
    from ipterm.tui.screens.tasks_screen import TaskEditForm, TasksScreen

    case_id, _, meeting_id = planted(services)
    services.meetings.add_line(meeting_id, "t: ny Nora Nilsen lager timeplan med Sigrid")
    services.meetings.close(meeting_id, summary="Sigrid og Nora ble enige")
    cf = services.case_file(case_id)
    task_id = next(a.id for a in cf.action_items if a.owner_member_id is not None)
    nora = next(m for m in cf.members if m.name == "Nora Nilsen")
    app.privacy = True
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        dashboard = app.screen

        async def check(screen, where: str, then=None) -> None:
            app.push_screen(screen)
            await wait_for(pilot, lambda: app.screen is screen, where)
            await pilot.pause()
            assert_hidden(app, where)
            if then is not None:
                await then()
            screen.dismiss(None)
            await wait_for(pilot, lambda: app.screen is dashboard, f"back from {where}")

        await check(TasksScreen(services, case_id), "tasks of the case")
        await check(TasksScreen(services), "tasks of every case")

        async def owner_dropdown() -> None:
            app.screen.query_one("#f-owner", Select).focus()
            await pilot.press("space")
            await pilot.pause(0.2)
            assert_hidden(app, "task form: owner opened")
            await pilot.press("escape")

        await check(TaskEditForm(services, task_id), "task form", owner_dropdown)
        await check(MeetingRecordScreen(services, meeting_id), "meeting record")

        async def every_row() -> None:
            kinds = app.screen.query_one("#export-kinds")
            for _row in range(kinds.option_count):
                await pilot.press("down")
                await pilot.pause()
                assert_hidden(app, "export dialog, a row further")

        await check(ExportDialog(services, case_id), "export dialog", every_row)

        async def minutes_too() -> None:
            await pilot.press("r")
            await pilot.pause()
            assert_hidden(app, "preview of the minutes")

        await check(PreviewScreen(services, case_id, member_recipient(cf, nora.id)), "preview as Nora",
                    minutes_too)  # fmt: skip
        tormod = next(m for m in cf.members if m.name == "Tormod Tveit")  # no consent: refused, by initials
        await check(PreviewScreen(services, case_id, member_recipient(cf, tormod.id)), "preview refused")
        await check(ConsentScreen(services, case_id, cf.consents[0].id), "consent opened")
        app.notify("Tormod Tveit har ikke gyldig samtykke")  # a notice over a case's screen
        app.push_screen(CaseScreen(services, case_id))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        app.notify("Tormod Tveit har ikke gyldig samtykke")
        await pilot.pause()
        assert_hidden(app, "a notice on the case")


async def test_f12_turns_privacy_on_inside_a_form_and_a_completed_mention_stays_initials(
    app: IptermApp, services: Services
) -> None:
    case_id, _, meeting_id = planted(services)
    goal_id = services.case_file(case_id).goals[0].id
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(GoalForm(services, case_id, goal_id))
        await wait_for(pilot, lambda: isinstance(app.screen, GoalForm), "goal form")
        await pilot.pause()
        await pilot.press("f12")
        await pilot.pause()
        assert app.privacy
        assert_hidden(app, "goal form, privacy switched on inside it")
        app.screen.dismiss(None)
        app.push_screen(MeetingScreen(services, meeting_id))
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting")
        await pilot.pause()
        await pilot.press(*"o: @nor", "tab")
        await pilot.pause()
        assert app.screen.query_one("#line-input", Input).value == "o: @nav "  # her role, which names only her
        assert_hidden(app, "meeting, a mention completed by Tab")
        assert "N.N." in screen_text(app)  # the preview still says who will own the task
        app.screen.query_one("#line-input", Input).value = ""
        await pilot.press("f3", "i")  # the kind of information of a line: the dialog quotes the line
        await wait_for(pilot, lambda: isinstance(app.screen, KindDialog), "kind dialog")
        assert_hidden(app, "kind dialog from the meeting")


async def test_f12_refreshes_what_is_open_the_preview_the_planner_and_dropdowns(
    app: IptermApp, services: Services
) -> None:
    case_id, measure_id, meeting_id = planted(services)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(MeetingScreen(services, meeting_id))
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting")
        await pilot.pause()
        box = app.screen.query_one("#line-input", Input)
        box.value = "o: Ringe Tormod Tveit om Sigrid @nora"
        await pilot.pause()
        assert "Tormod Tveit" in screen_text(app)  # the preview quotes the task
        await pilot.press("f12")  # at once, not at the next key
        await pilot.pause()
        preview = app.screen.query_one("#preview").render()
        assert "T.T." in str(preview) and "Tormod" not in str(preview)
        box.value = ""
        app.screen.dismiss(None)
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard again")

        planner = MeetingPlanScreen(services, case_id)
        app.push_screen(planner)  # opened in privacy mode: masked and closed
        await wait_for(pilot, lambda: app.screen is planner, "planner")
        await pilot.pause()
        assert_hidden(app, "planner in privacy mode")
        await pilot.press("f12")  # off: open for editing, names back
        await pilot.pause()
        agenda = planner.query_one("#agenda-edit")
        assert not agenda.read_only and "Sigrid forteller" not in agenda.text  # the built agenda, unmasked
        assert "Sigrid" in agenda.text and "Nora Nilsen" in screen_text(app)
        planner.dismiss(None)
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard, privacy off")

        await pilot.press("f12")
        form = MeasureForm(services, case_id, measure_id)
        app.push_screen(form)
        await wait_for(pilot, lambda: app.screen is form, "measure form")
        await pilot.pause()
        await pilot.press("f12")  # off with the form open: the owner dropdown says the name again
        await pilot.pause()
        form.query_one("#f-responsible", Select).focus()
        await pilot.press("space")
        await pilot.pause(0.2)
        assert "Nora Nilsen" in screen_text(app)


async def test_f12_inside_vis_som_mottaker_masks_what_it_shows(app: IptermApp, services: Services) -> None:
    """The screen most likely to be shared: the bar came on, and every name stayed."""
    from ipterm.domain.scoping import member_recipient
    from ipterm.tui.screens.consent_screen import PreviewScreen

    case_id, _, _ = planted(services)
    cf = services.case_file(case_id)
    nora = next(m for m in cf.members if m.name == "Nora Nilsen")
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(PreviewScreen(services, case_id, member_recipient(cf, nora.id)))
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen), "preview")
        await pilot.pause()
        assert "Nora Nilsen" in screen_text(app)
        await pilot.press("f12")
        await pilot.pause()
        assert_hidden(app, "preview after F12")
        await pilot.press("f12")
        await pilot.pause()
        assert "Nora Nilsen" in screen_text(app)
