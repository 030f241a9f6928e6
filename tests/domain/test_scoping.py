"""Audience scoping: a recipient gets only what their valid consents cover, and nothing without one."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from ipterm.domain.models import ConsentSection, InfoKind
from ipterm.domain.scoping import NoConsentError, covered_sections, recipient_scope, scope_case_file
from ipterm.export import ExportKind, render
from tests.export.pdf_tools import flat_text
from tests.export.sample_case import (
    BUP,
    COORDINATOR,
    G_FRIEND,
    G_LICENCE,
    G_SCHOOL,
    G_SCHOOL_FULL_DAY,
    G_SLEEP,
    GP,
    M_ASSISTANT,
    M_LICENCE,
    M_SPECIAL_ED,
    MEETING_ID,
    MOTHER,
    NAV,
    RESPITE,
    TEACHER,
    TODAY,
    child_case,
)


def ids(items) -> set[int]:
    return {i.id for i in items}


def test_school_sees_its_own_measures_and_the_goals_they_serve_only() -> None:
    cf = child_case()
    school = scope_case_file(cf, TEACHER, TODAY)
    assert ids(school.measures) == {M_ASSISTANT, M_SPECIAL_ED}
    # Every goal but those tagged with a kind the school's consent leaves out (health, family).
    assert ids(school.goals) == {G_FRIEND, G_SCHOOL, G_SCHOOL_FULL_DAY}
    assert G_SLEEP not in ids(school.goals) and G_LICENCE not in ids(school.goals)
    assert school.notes == () and school.related == () and school.evaluations == ()
    assert school.case.national_id is None
    assert school.case.needs == "" and school.case.resources == ""  # background text is not "own measures"
    assert school.case.plan_start is None  # "plan" is not in the school's consent
    assert school.assessments == () and school.service_decisions == ()


def test_school_keeps_meetings_but_not_tasks_about_measures_it_cannot_see() -> None:
    school = scope_case_file(child_case(), TEACHER, TODAY)
    assert ids(school.meetings) == {MEETING_ID}
    texts = {a.text for a in school.action_items}
    assert "Melde mor opp til oppkjøring" not in texts  # tied to the licence measure (NAV's)
    assert "Avtale oppstart i svømmegruppe" not in texts  # tied to a measure with no responsible
    # The coordinator's task says nothing of its kind: only a full consent shares it.
    assert "Sende søknad om utvidet avlastning" not in texts


def test_without_the_group_section_named_members_keep_name_and_role_but_no_contact_details() -> None:
    school = scope_case_file(child_case(), TEACHER, TODAY)
    by_id = {m.id: m for m in school.members}
    assert MOTHER in by_id  # attended the meeting the school may read about
    assert by_id[MOTHER].phone == "" and by_id[MOTHER].email == "" and by_id[MOTHER].contributes == ""
    # Without the group part no contact details at all, the recipient's own neither: the JSON and FHIR
    # extracts carry what the PDFs print.
    assert by_id[TEACHER].phone == "" and by_id[TEACHER].contributes == ""
    assert by_id[COORDINATOR].email  # the coordinator can always be reached
    assert GP not in by_id  # not named in anything the school sees


def test_nav_with_own_measures_only_sees_the_licence_measure_and_nothing_else() -> None:
    nav = scope_case_file(child_case(), NAV, TODAY)
    assert ids(nav.measures) == {M_LICENCE}
    assert nav.goals == () and nav.meetings == () and nav.decisions == () and nav.action_items == ()
    assert {c.id for c in nav.consents} == {3}


def test_full_consent_opens_everything_but_notes() -> None:
    cf = child_case()
    bup = scope_case_file(cf, BUP, TODAY)
    assert ids(bup.measures) == ids(cf.measures) and ids(bup.goals) == ids(cf.goals)
    assert bup.related == cf.related and ids(bup.evaluations) == ids(cf.evaluations)
    assert bup.case.needs == cf.case.needs and bup.case.next_revision == cf.case.next_revision
    assert bup.notes == ()
    assert bup.case.national_id is None


def test_notes_only_with_a_consent_that_lists_notes() -> None:
    cf = child_case()
    with_notes = dataclasses.replace(
        cf,
        consents=(
            *cf.consents,
            dataclasses.replace(cf.consents[0], id=9, sections=(ConsentSection.NOTES,), recipient_member_ids=(BUP,)),
        ),
    )
    assert scope_case_file(with_notes, BUP, TODAY).notes == cf.notes


@pytest.mark.parametrize("member", [RESPITE, GP])
def test_no_valid_consent_is_refused_with_a_reason(member: int) -> None:
    # RESPITE's consent expired 35 days ago; the GP was never named in one.
    with pytest.raises(NoConsentError) as info:
        scope_case_file(child_case(), member, TODAY)
    said = info.value.message("nb")
    assert "har ikke gyldig samtykke" in said
    expired = TODAY - timedelta(days=35)
    why = (
        f"samtykket gikk ut {expired.day}.{expired.month}.{expired.year}"
        if member == RESPITE
        else ("ingen samtykke nevner mottakeren")
    )
    assert why in said
    assert covered_sections(child_case(), member, TODAY) == (set(), True)


def test_a_withdrawn_consent_no_longer_counts() -> None:
    cf = child_case()
    withdrawn = dataclasses.replace(cf.consents[2], withdrawn_on=TODAY - timedelta(days=1))
    cf = dataclasses.replace(cf, consents=(*cf.consents[:2], withdrawn, *cf.consents[3:]))
    with pytest.raises(NoConsentError) as info:
        scope_case_file(cf, NAV, TODAY)
    day = TODAY - timedelta(days=1)
    assert f"samtykket ble trukket {day.day}.{day.month}.{day.year}" in info.value.message("nb")


def test_someone_outside_the_group_is_refused() -> None:
    with pytest.raises(NoConsentError) as info:
        recipient_scope(child_case(), 999, TODAY)
    assert "ikke med i ansvarsgruppen" in info.value.message("nb")


def test_a_consent_without_sections_opens_the_plan_facts_only() -> None:
    cf = child_case()
    bare = dataclasses.replace(cf.consents[2], id=8, sections=(), recipient_member_ids=(GP,))
    gp = scope_case_file(dataclasses.replace(cf, consents=(*cf.consents, bare)), GP, TODAY)
    assert gp.goals == () and gp.measures == () and gp.meetings == ()
    assert gp.case.plan_end == cf.case.plan_end and gp.case.coordinator == cf.case.coordinator


def test_one_consent_without_own_measures_only_opens_all_measures() -> None:
    cf = child_case()
    wider = dataclasses.replace(cf.consents[2], id=8, own_measures_only=False)
    nav = scope_case_file(dataclasses.replace(cf, consents=(*cf.consents, wider)), NAV, TODAY)
    assert ids(nav.measures) == ids(cf.measures)
    assert recipient_scope(dataclasses.replace(cf, consents=(*cf.consents, wider)), NAV, TODAY).consent_ids == (3, 8)


def test_an_expired_consent_is_valid_up_to_and_including_its_last_day() -> None:
    cf = child_case()
    last_day = cf.consents[3].expires_on
    assert last_day is not None
    assert ids(scope_case_file(cf, RESPITE, last_day).measures) == {3}
    with pytest.raises(NoConsentError):
        scope_case_file(cf, RESPITE, last_day + timedelta(days=1))


def test_why_the_coordinator_changed_goes_only_with_a_consent_to_everything() -> None:
    import dataclasses as dc

    cf = child_case()
    history = (dc.replace(cf.coordinators[0], reason="Mor ba om bytte etter konflikt"),)
    cf = dc.replace(cf, coordinators=history)
    assert scope_case_file(cf, TEACHER, TODAY).coordinators[0].reason == ""
    assert scope_case_file(cf, BUP, TODAY).coordinators[0].reason == "Mor ba om bytte etter konflikt"


def test_a_service_outside_the_consents_kinds_is_named_nowhere_not_even_beside_the_coordinator() -> None:
    """The coordinator works in a health service; the school's consent covers school matters only."""
    cf = child_case()
    health = "Fysio- og ergoterapitjenesten"
    members = tuple(
        dataclasses.replace(m, role="Koordinator, ergoterapeut", organisation=health, sector=InfoKind.HEALTH)
        if m.id == COORDINATOR
        else m
        for m in cf.members
    )
    cf = dataclasses.replace(
        cf,
        case=dataclasses.replace(cf.case, coordinator=f"Hanne Vik ({health})"),
        members=members,
        meetings=tuple(dataclasses.replace(m, place=f"{health}, møterom 2") for m in cf.meetings),
        coordinators=tuple(dataclasses.replace(h, coordinator=f"Hanne Vik, {health}") for h in cf.coordinators),
    )
    school = scope_case_file(cf, TEACHER, TODAY)
    minutes = flat_text(render(ExportKind.MINUTES, cf, TODAY, recipient_member_id=TEACHER).content)
    assert "Hanne Vik Koordinator til stede" in minutes and "ergo" not in minutes
    coordinator = school.member(COORDINATOR)
    assert (coordinator.name, coordinator.role, coordinator.organisation) == ("Hanne Vik", "", "")
    assert coordinator.sector is None and coordinator.email  # still the contact
    assert school.case.coordinator == "Hanne Vik"
    assert {m.place for m in school.meetings} == {"møterom 2"}
    assert all(h.coordinator == "Hanne Vik" for h in school.coordinators)
    assert school.member(TEACHER).organisation == "Fjellvik skole"  # the recipient's own service stays
    # With health in the consent, nothing is cut.
    bup = scope_case_file(cf, BUP, TODAY)
    assert bup.member(COORDINATOR).organisation == health and bup.case.coordinator == f"Hanne Vik ({health})"
