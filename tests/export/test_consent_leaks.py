"""The leaks a coordinator found in the school's extracts, each read back from a real Typst PDF.

A young man moving from BUP to DPS at 18: school, BUP, DPS, GP, NAV and the housing office in the group.
The school's consent covers plan, goals, measures and meetings, only what the school is responsible for.
A meeting on the transition is held and closed through the meeting services, as in the TUI.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from ipterm.domain.models import ALL_KINDS, ConsentMethod, ConsentSection, InfoKind, MemberKind
from ipterm.domain.national_id import synthetic_id
from ipterm.domain.scoping import NoConsentError
from ipterm.export import labels
from ipterm.services import Services
from tests.export.pdf_tools import flat_text

from ..conftest import TODAY

pytestmark = pytest.mark.slow

COLLABORATION = "Samarbeid med NAV, fastlege, DPS og BUP. BUP avslutter når Mathias fyller 18 år."
OTHER_SERVICES = ("Åse DPS-psykolog", "Dr. Gunnar Fastlege", "Berit BUP-psykolog", "Nils NAV-veileder",
                  "Hege Bolig")  # fmt: skip
LEAKS = (
    "Overgang fra BUP til DPS",
    "DPS overtar behandlingen",
    "Legeerklæring til NAV",
    "kommunal hybel og bostøtte",
    "Mor er bekymret for økonomien",
    "Samtaleterapi",
    "Arbeidsavklaring",
)


@pytest.fixture
def case(services: Services) -> dict[str, int]:
    s = services
    c = s.create_case(
        "Mathias Nordli", national_id=synthetic_id(date(2008, 12, 20)), birth_date=date(2008, 12, 20),
        coordinator="Kari Koordinator", plan_start=TODAY - timedelta(days=200), plan_end=TODAY + timedelta(days=300),
        next_revision=TODAY + timedelta(days=90), resources="Glad i musikk", needs="Hjelp med overgangen",
        collaboration=COLLABORATION,
    )  # fmt: skip
    ids = {"case": c.id}
    ids["person"] = s.add_member(c.id, "Mathias Nordli", "Planeier", kind=MemberKind.PERSON, contributes="Sier fra").id
    ids["mother"] = s.add_member(c.id, "Liv Nordli", "Mor", kind=MemberKind.RELATIVE, contributes="Følger opp").id
    ids["coordinator"] = s.add_member(
        c.id, "Kari Koordinator", "Koordinator", organisation="Tjenestekontoret", is_coordinator=True,
        contributes="Koordinerer",
    ).id  # fmt: skip
    ids["school"] = s.add_member(c.id, "Silje Lærer", "Kontaktlærer", organisation="Fjordvik videregående skole",
                                 contributes="Tilrettelegger").id  # fmt: skip
    ids["bup"] = s.add_member(c.id, "Berit BUP-psykolog", "Psykolog", organisation="BUP Fjordvik",
                              contributes="Behandling til 18").id  # fmt: skip
    ids["dps"] = s.add_member(c.id, "Åse DPS-psykolog", "Psykolog", organisation="DPS Fjordvik, poliklinikk",
                              contributes="Behandling fra 18").id  # fmt: skip
    ids["gp"] = s.add_member(c.id, "Dr. Gunnar Fastlege", "Fastlege", organisation="Fjordvik legesenter",
                             contributes="Legeoppfølging").id  # fmt: skip
    ids["nav"] = s.add_member(c.id, "Nils NAV-veileder", "Veileder", organisation="NAV Fjordvik",
                              contributes="Arbeid og økonomi").id  # fmt: skip
    ids["housing"] = s.add_member(c.id, "Hege Bolig", "Konsulent", organisation="Boligkontoret",
                                  contributes="Bolig").id  # fmt: skip
    ids["sister"] = s.add_related(c.id, "Ida Nordli", "søster").id
    g1 = s.add_goal(c.id, "Jeg vil fullføre vg2")
    g2 = s.add_goal(c.id, "Jeg vil få behandling som hjelper meg")
    g3 = s.add_goal(c.id, "Jeg vil bo for meg selv")
    s.add_goal(c.id, "Ha en egen hybel innen sommeren", parent_id=g3.id)
    s.add_measure(c.id, "Samtaleterapi hos BUP", goal_ids=[g2.id], scope="Hver uke", how="Samtaler",
                  responsible_member_id=ids["bup"])  # fmt: skip
    s.add_measure(c.id, "Arbeidsavklaringspenger", goal_ids=[g3.id], scope="Ett år", how="Søknad",
                  responsible_member_id=ids["nav"])  # fmt: skip
    s.add_measure(c.id, "Tilrettelagt eksamen", goal_ids=[g1.id], scope="Alle eksamener", how="Eget rom",
                  responsible_member_id=ids["school"])  # fmt: skip
    s.add_consent(c.id, given_on=TODAY - timedelta(days=100), method=ConsentMethod.WRITTEN,
                  recipient_member_ids=[ids["school"]],
                  sections=[ConsentSection.PLAN, ConsentSection.GOALS, ConsentSection.MEASURES,
                            ConsentSection.MEETINGS],
                  own_measures_only=True, scope_text="Skolen: egne tiltak")  # fmt: skip
    s.add_consent(c.id, given_on=TODAY - timedelta(days=100), method=ConsentMethod.WRITTEN,
                  recipient_member_ids=[ids[k] for k in ("mother", "bup", "dps", "gp", "nav", "housing")],
                  sections=[x for x in ConsentSection if x is not ConsentSection.NOTES],
                  scope_text="Hele gruppen")  # fmt: skip
    s.add_consent(c.id, given_on=TODAY - timedelta(days=10), method=ConsentMethod.ORAL,
                  recipient_related_ids=[ids["sister"]], sections=[ConsentSection.MEETINGS],
                  kinds=[k for k in ALL_KINDS if k is not InfoKind.HEALTH],
                  scope_text="Ida får referatene, ikke helseopplysninger")  # fmt: skip

    meetings = s.meetings
    m = meetings.plan_meeting(c.id, datetime(2026, 11, 18, 9, 0), place="Skolen",
                              agenda=["Overgang fra BUP til DPS", "Eksamen til våren"])  # fmt: skip
    s.set_agenda_kind(m.id, "Eksamen til våren", InfoKind.SCHOOL)
    meetings.start(m.id)
    for line in (
        "b: BUP avslutter ved 18 år og DPS overtar behandlingen",
        "o: Legeerklæring til NAV @fastlege innen 15.12",
        "o: Søke kommunal hybel og bostøtte @bolig",
        "o: Lage eksamensplan med rektor @silje",
        "Mor er bekymret for økonomien",
    ):
        meetings.add_line(m.id, line)
    meetings.close(m.id)
    ids["meeting"] = m.id
    return ids


def _export(services: Services, ids: dict[str, int], kind: str, who: str) -> str:
    key = "recipient_related_id" if who == "sister" else "recipient_member_id"
    stored = services.exports.export(ids["case"], kind, allow_incomplete=True, **{key: ids[who]})
    return flat_text(stored.rendered.content)


def test_the_schools_minutes_carry_only_the_schools_part(services: Services, case) -> None:
    text = _export(services, case, "minutes", "school")
    for leak in LEAKS + OTHER_SERVICES:
        assert leak not in text, leak
    # What is the school's is there: its task, its teacher, the person and the family. An agenda point
    # belongs to no service, so a consent limited to the school's own items does not open it.
    for kept in ("Lage eksamensplan med rektor", "Silje Lærer", "Mathias Nordli", "Liv Nordli"):
        assert kept in text, kept
    assert "Eksamen til våren" not in text
    assert "som samtykket ikke omfatter, er ikke med i dette utdraget" in text


def test_the_schools_plan_hides_other_services_in_i_and_numbers_within_the_extract(services: Services, case) -> None:
    text = _export(services, case, "plan", "school")
    for leak in (*LEAKS, COLLABORATION[:30], "DPS Fjordvik", "NAV Fjordvik", "Boligkontoret", "BUP Fjordvik"):
        assert leak not in text, leak
    assert labels.COLLABORATION_NOT_SHARED in text
    # Who is in the group is not the school's to know (its consent has no group section): no list of services.
    assert "Tjenester og etater i ansvarsgruppen" not in text
    assert "Tjenester og etater i ansvarsgruppen" in _export(services, case, "plan", "person")
    # Every goal is shared (goal 2 was missing), and the school's one measure is t1, not t3.
    for goal in ("Mål 1 «Jeg vil fullføre vg2»", "Mål 2 «Jeg vil få behandling", "Mål 3 «Jeg vil bo for meg selv"):
        assert goal in text, goal
    assert "Tilrettelagt eksamen" in text
    assert re.search(r"\bt1\b", text) and not re.search(r"\bt[23]\b", text)


def test_the_person_gets_his_whole_plan_and_his_minutes(services: Services, case) -> None:
    plan = _export(services, case, "plan", "person")
    for kept in ("Samtaleterapi hos BUP", "Arbeidsavklaringspenger", "Tilrettelagt eksamen", COLLABORATION[:40]):
        assert kept in plan, kept
    minutes = _export(services, case, "minutes", "person")
    for kept in (*LEAKS[:5], *OTHER_SERVICES[:2]):
        assert kept in minutes, kept


def test_a_sister_outside_the_group_gets_the_minutes_without_health_matters(services: Services, case) -> None:
    text = _export(services, case, "minutes", "sister")
    assert "Utdrag for Ida Nordli (søster)" in text
    assert "Søke kommunal hybel og bostøtte" in text  # housing: within her consent
    for leak in ("DPS overtar behandlingen", "Legeerklæring til NAV", "Åse DPS-psykolog", "Dr. Gunnar Fastlege"):
        assert leak not in text, leak
    record = services.exports.history(case["case"])[0]
    assert record.recipient_label == "Ida Nordli (søster)" and "-til-p" in record.filename


def test_the_sister_has_no_plan_section_so_her_plan_extract_says_so(services: Services, case) -> None:
    text = _export(services, case, "plan", "sister")
    assert "Samtaleterapi" not in text and labels.NOT_SHARED in text


def test_a_member_without_consent_is_refused_with_his_name(services: Services, case) -> None:
    services.withdraw_consent(services.case_file(case["case"]).consents[0].id)
    with pytest.raises(NoConsentError) as info:
        services.exports.export(case["case"], "plan", recipient_member_id=case["school"], allow_incomplete=True)
    assert "Silje Lærer har ikke gyldig samtykke" in info.value.message()
