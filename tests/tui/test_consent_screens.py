"""Consents on screen: a consent opens and says what it shares, with whom, until when; "Vis som mottaker"
shows a member's extract before it is made; § 19 names each member without a valid consent."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from ipterm.config import Settings
from ipterm.domain.models import ALL_KINDS, ConsentMethod, ConsentSection, InfoKind, MemberKind
from ipterm.services import Services
from ipterm.tui.app import IptermApp
from ipterm.tui.screens.case_screen import CaseScreen
from ipterm.tui.screens.consent_screen import ConsentScreen, PreviewScreen
from ipterm.tui.screens.dashboard_screen import DashboardScreen

from ..conftest import TODAY
from .screen import screen_plain


def screen_text(app: IptermApp) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


async def wait_for(pilot, predicate, description: str) -> None:
    for _ in range(200):
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for: {description}")


@pytest.fixture
def case(services: Services) -> dict[str, int]:
    s = services
    c = s.create_case("Mathias Nordli", coordinator="Kari Koordinator", plan_start=TODAY - timedelta(days=30),
                      plan_end=TODAY + timedelta(days=300), collaboration="Samarbeid med BUP og NAV")  # fmt: skip
    ids = {"case": c.id}
    s.add_member(c.id, "Mathias Nordli", "Planeier", kind=MemberKind.PERSON)
    ids["school"] = s.add_member(c.id, "Silje Lærer", "Kontaktlærer", organisation="Fjordvik skole").id
    ids["bup"] = s.add_member(c.id, "Berit Psykolog", "Psykolog", organisation="BUP Fjordvik").id
    ids["gp"] = s.add_member(c.id, "Gunnar Lege", "Fastlege", organisation="Legesenteret").id
    sister = s.add_related(c.id, "Ida Nordli", "søster")
    g = s.add_goal(c.id, "Jeg vil fullføre vg2")
    s.add_measure(c.id, "Samtaleterapi hos BUP", goal_ids=[g.id], responsible_member_id=ids["bup"])
    s.add_measure(c.id, "Tilrettelagt eksamen", goal_ids=[g.id], responsible_member_id=ids["school"])
    s.add_consent(c.id, given_on=TODAY - timedelta(days=10), method=ConsentMethod.WRITTEN,
                  recipient_member_ids=[ids["school"]], recipient_related_ids=[sister.id],
                  sections=[ConsentSection.PLAN, ConsentSection.GOALS, ConsentSection.MEASURES,
                            ConsentSection.MEETINGS],
                  kinds=[InfoKind.SCHOOL], own_measures_only=True, expires_on=TODAY + timedelta(days=200),
                  scope_text="Skolen og Ida")  # fmt: skip
    s.add_consent(c.id, given_on=TODAY - timedelta(days=10), method=ConsentMethod.WRITTEN,
                  recipient_member_ids=[ids["bup"]], sections=list(ConsentSection), scope_text="BUP")  # fmt: skip
    return ids


@pytest.fixture
def app(services: Services, case, tmp_path: Path) -> IptermApp:
    return IptermApp(services, Settings(path=tmp_path / "config.toml"))


async def test_preview_as_recipient_shows_the_schools_extract(app: IptermApp, services: Services, case) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(CaseScreen(services, case["case"], tab="group"))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("2")
        table = app.screen.query_one("#group-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        school_row = next(n for n, r in enumerate(rows) if r[1] == "Silje Lærer")
        assert rows[school_row][0] == "2"  # the short number `export --for` takes
        table.move_cursor(row=school_row)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen), "preview")
        await wait_for(pilot, lambda: "Tilrettelagt eksamen" in screen_text(app), "the school's measure")
        assert "Vis som mottaker" in screen_text(app) and "Silje Lærer" in screen_text(app)
        text = app.screen.shown  # the whole extract, also what is below the fold
        assert "Samtaleterapi" not in text and "Samarbeid med BUP" not in text and "Berit Psykolog" not in text
        assert "Samarbeid med andre tjenester (ikke med i dette utdraget)" in text
        await pilot.press("e")
        await wait_for(pilot, lambda: services.exports.history(case["case"]), "the export stored")
        assert services.exports.history(case["case"])[0].recipient_member_id == case["school"]


async def test_a_consent_opens_and_says_what_it_shares_with_whom_until_when(app: IptermApp, services: Services,
                                                                            case) -> None:  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(CaseScreen(services, case["case"], tab="consents"))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("3")
        table = app.screen.query_one("#consent-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert any(
            r[2] == "Silje Lærer, Ida Nordli" for r in rows
        )  # recipients: the third column, after the short expiry date
        table.move_cursor(row=next(n for n, r in enumerate(rows) if "Ida Nordli" in r[2]))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "consent screen")
        await pilot.pause()
        text = screen_text(app)
        for expected in (
            "Gyldig til: " + (TODAY + timedelta(days=200)).strftime("%d.%m.%Y"),
            "Typer opplysninger: skole og barnehage",
            "Fra tjenestene: mottakerens egen tjeneste",
            "2  Silje Lærer (Kontaktlærer, Fjordvik skole)",
            "p1  Ida Nordli (søster) (utenfor gruppen)",
        ):
            assert expected in text, expected
        await pilot.press("p")  # the first recipient's extract, then the next one's
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen), "preview")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "back")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen), "preview of the sister")
        await wait_for(pilot, lambda: "Ida Nordli (søster)" in screen_text(app), "sister's extract")


async def test_section_19_names_each_member_without_a_valid_consent(app: IptermApp, services: Services, case) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(CaseScreen(services, case["case"], tab="section19"))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("7")
        await wait_for(pilot, lambda: "uten et gyldig samtykke" in screen_text(app), "h) warning")
        text = screen_text(app)
        assert "Gunnar Lege (Legesenteret)" in text
        # only those without a valid consent are named under h); Silje has one (d) may name her for her part)
        assert "Silje Lærer (Fjordvik skole) får opplysninger" not in text and "Mathias Nordli er med" not in text


async def test_a_new_consent_names_a_sister_outside_the_group_and_leaves_out_health(
    app: IptermApp, services: Services, case
) -> None:
    from textual.widgets import SelectionList

    from ipterm.tui.screens.case_forms import ConsentForm

    async with app.run_test(size=(120, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(CaseScreen(services, case["case"], tab="consents"))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentForm), "consent form")
        recipients = app.screen.query_one("#f-recipients", SelectionList)
        assert "p1 Ida Nordli (søster, utenfor gruppen)" in [str(o.prompt) for o in recipients.options]
        recipients.focus()
        await pilot.press("end", "space")  # the last one: Ida
        sections = app.screen.query_one("#f-sections", SelectionList)
        assert sections.selected == []  # nothing is ticked until the coordinator ticks it
        sections.focus()
        await pilot.press("home", "space")  # the plan
        kinds = app.screen.query_one("#f-kinds", SelectionList)
        assert kinds.selected == []
        kinds.focus()
        await pilot.press("home", *["down"] * ALL_KINDS.index(InfoKind.SCHOOL), "space")  # school only
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "saved")
    consent = services.case_file(case["case"]).consents[-1]
    sister = services.case_file(case["case"]).related[0]
    assert consent.recipient_related_ids == (sister.id,) and consent.recipient_member_ids == ()
    assert InfoKind.HEALTH not in consent.kinds and InfoKind.SCHOOL in consent.kinds


async def test_the_consent_form_shows_its_ticks_and_its_expiry_and_a_second_consent_is_not_the_plans(
    app: IptermApp, services: Services, case
) -> None:
    from textual.widgets import Checkbox, SelectionList

    from ipterm.tui.screens.case_forms import ConsentForm

    assert any(c.covers_plan for c in services.case_file(case["case"]).consents)  # the fixture's own
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(CaseScreen(services, case["case"], tab="consents"))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentForm), "consent form")
        await pilot.pause()
        form = app.screen
        assert "Gyldig til" in screen_text(app)  # on the first screenful, not below the scope text
        assert form.query_one("#f-covers_plan", Checkbox).value is False  # a plan consent exists already
        kinds = form.query_one("#f-kinds", SelectionList)
        kinds.scroll_visible()
        kinds.focus()
        await pilot.press("home", *["down"] * ALL_KINDS.index(InfoKind.SCHOOL), "space")  # school: on
        await pilot.pause()
        rows = [line for line in screen_plain(app).splitlines() if "▐" in line]
        health = next(line for line in rows if "helse" in line.lower())
        school = next(line for line in rows if "skole" in line.lower())
        assert "▐ ▌" in health and "▐X▌" in school, rows  # the mark says it, not the colour alone
        assert form.query_one("#f-kinds", SelectionList).selected == [InfoKind.SCHOOL.value]


async def test_i_gives_a_goal_a_kind_and_the_schools_preview_loses_it(app: IptermApp, services: Services,
                                                                      case) -> None:  # fmt: skip
    from ipterm.tui.screens.consent_screen import KindDialog

    goal = services.case_file(case["case"]).goals[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        app.push_screen(CaseScreen(services, case["case"], tab="plan"))
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "case")
        await pilot.press("1")
        plan = app.screen.query_one("#plan-table", DataTable)
        plan.move_cursor(row=plan.get_row_index(f"g{goal.id}"))
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, KindDialog), "kind dialog")
        assert "helse og behandling" in screen_text(app)
        await pilot.press("1")  # health and treatment
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen), "back")
    assert services.case_file(case["case"]).goals[0].info_kind is InfoKind.HEALTH
    from ipterm.export.preview import preview_lines

    school = preview_lines("plan", services.case_file(case["case"]), TODAY, recipient_member_id=case["school"])
    assert not any("Jeg vil fullføre vg2" in line for line in school)


async def test_a_measures_and_a_goals_kind_of_information_is_set_in_their_forms(
    app: IptermApp, services: Services, case
) -> None:
    from textual.widgets import Select

    from ipterm.domain.scoping import member_recipient
    from ipterm.export.preview import preview_lines
    from ipterm.tui.screens.plan_forms import GoalForm, MeasureForm

    cf = services.case_file(case["case"])
    exam = next(m for m in cf.measures if m.what == "Tilrettelagt eksamen")
    school = member_recipient(cf, case["school"]).member_id

    def school_sees() -> str:
        return "\n".join(preview_lines("plan", services.case_file(case["case"]), TODAY, recipient_member_id=school))

    assert "Tilrettelagt eksamen" in school_sees() and "Jeg vil fullføre vg2" in school_sees()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        for form, what in ((MeasureForm(services, case["case"], exam.id), "measure"),
                           (GoalForm(services, case["case"], cf.goals[0].id), "goal")):  # fmt: skip
            app.push_screen(form)
            await wait_for(pilot, lambda shown=form: app.screen is shown, what)
            await pilot.pause()
            assert "Opplysningstype" in screen_text(app)
            form.query_one("#f-info_kind", Select).value = InfoKind.HEALTH.value
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), f"{what} saved")
    saved = services.case_file(case["case"])
    assert next(m for m in saved.measures if m.id == exam.id).info_kind is InfoKind.HEALTH
    assert saved.goals[0].info_kind is InfoKind.HEALTH
    assert "Tilrettelagt eksamen" not in school_sees() and "Jeg vil fullføre vg2" not in school_sees()


async def test_withdrawing_names_the_consent_and_who_loses_access_and_the_cursor_stays_on_it(
    demo: Services, tmp_path: Path
) -> None:
    """Demo case 1: the sister's consent is the last row. Open it, Esc back, x: the question says which
    consent and that Lene loses access, and it is that consent (not the first row) that is withdrawn."""
    from ipterm.tui.screens.case_forms import ConsentForm
    from ipterm.tui.screens.confirm_dialog import ConfirmDialog

    from .test_row_detail import go_to, open_case

    cf = demo.case_file(1)
    sister = next(r for r in cf.related if r.name == "Lene Berg Haugen")
    consent = next(c for c in cf.consents if sister.id in c.recipient_related_ids)
    app = IptermApp(demo, Settings(path=tmp_path / "c.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(app, pilot, demo, 1)
        await go_to(pilot, app, "3", "consent-table", str(consent.id))
        case_screen = app.screen
        table = case_screen.query_one("#consent-table", DataTable)

        def under_cursor() -> str:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen), "the consent")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is case_screen, "back in the case")
        await pilot.pause()
        assert under_cursor() == str(consent.id)

        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        question = " ".join(str(app.screen.query_one("#confirm-question").render()).split())
        assert (
            "Registrere at samtykket gitt 06.05.2026 av Jonas Berg Haugen til Lene Berg Haugen er trukket tilbake "
            "i dag? Da mister Lene Berg Haugen tilgangen." in question
        )
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen is case_screen, "answered")
        await pilot.pause()
        after = {c.id: c.withdrawn_on for c in demo.case_file(1).consents}
        assert after[consent.id] == TODAY and all(v is None for k, v in after.items() if k != consent.id)
        assert under_cursor() == str(consent.id)

        # A consent just saved gets the cursor.
        await go_to(pilot, app, "3", "consent-table", str(cf.consents[0].id))
        form = ConsentForm(demo, 1)
        case_screen._open_form(form, "consent", "consents")
        await wait_for(pilot, lambda: app.screen is form, "the form")
        await pilot.pause(0.3)
        new = demo.add_consent(1, given_on=TODAY, method=ConsentMethod.ORAL, recipient_related_ids=[sister.id],
                               sections=[ConsentSection.MEETINGS], scope_text="Nytt")  # fmt: skip
        form.dismiss(new.id)  # what the form's save hands back
        await wait_for(pilot, lambda: app.screen is case_screen, "saved")
        await pilot.pause()
        assert under_cursor() == str(new.id)
