"""Services validate what forms and commands send them, and keep the data consistent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ipterm.domain.errors import NotFoundError, ValidationError
from ipterm.domain.models import CaseStatus, ConsentMethod, ConsentSection
from ipterm.domain.national_id import synthetic_id
from ipterm.services import Services

from ..conftest import TODAY


def test_create_case_validates_name_id_and_plan_period(services: Services) -> None:
    with pytest.raises(ValidationError, match="Navn må fylles ut"):
        services.create_case("   ")
    with pytest.raises(ValidationError, match="Kontrollsifrene"):
        services.create_case("Ola", national_id="17851250035")
    with pytest.raises(ValidationError, match="slutte etter"):
        services.create_case("Ola", plan_start=TODAY, plan_end=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError, match="senest når planperioden slutter"):
        services.create_case(
            "Ola", plan_start=TODAY, plan_end=TODAY + timedelta(days=10), next_revision=TODAY + timedelta(days=20)
        )
    assert services.list_cases() == []  # nothing half-saved

    case = services.create_case(" Ola Nordmann ", national_id="178512 50034", coordinator="Kari")
    assert case.person_name == "Ola Nordmann" and case.national_id == "17851250034"
    with pytest.raises(ValidationError, match="finnes allerede"):
        services.create_case("Ola Dobbel", national_id="17851250034")
    assert [a.coordinator for a in services.case_file(case.id).coordinators] == ["Kari"]


def test_change_of_coordinator_is_kept_as_history(services: Services) -> None:
    case = services.create_case(
        "Ungdom Overgang", coordinator="Barnekoordinator", plan_start=TODAY - timedelta(days=50)
    )
    services.change_coordinator(case.id, "Voksenkoordinator", reason="Overgang til voksne tjenester")
    history = services.case_file(case.id).coordinators
    assert [(h.coordinator, h.to_date) for h in history] == [("Barnekoordinator", TODAY), ("Voksenkoordinator", None)]
    assert services.get_case(case.id).coordinator == "Voksenkoordinator"


def test_measures_link_goals_and_responsible_members_of_the_same_case(services: Services) -> None:
    case = services.create_case("Anna")
    other = services.create_case("Berit")
    goal = services.add_goal(case.id, "Gå på skolen hver dag")
    stranger = services.add_member(other.id, "Fremmed", "Lærer")
    with pytest.raises(ValidationError, match="ikke med i ansvarsgruppen"):
        services.add_measure(case.id, "Skoleskyss", goal_ids=[goal.id], responsible_member_id=stranger.id)
    with pytest.raises(ValidationError, match="mål som ikke finnes"):
        services.add_measure(case.id, "Skoleskyss", goal_ids=[9999])
    with pytest.raises(ValidationError, match="Til-dato"):
        services.add_measure(case.id, "Skoleskyss", from_date=TODAY, to_date=TODAY - timedelta(days=1))
    measure = services.add_measure(case.id, "Skoleskyss", goal_ids=[goal.id])
    assert measure.is_responsibility_unclear
    teacher = services.add_member(case.id, "Lærer Lund", "Kontaktlærer", organisation="Skolen")
    measure = services.update_measure(measure.id, responsible_member_id=teacher.id)
    assert services.store.measures.get(measure.id).responsible_member_id == teacher.id


def test_sub_goals_belong_to_a_main_goal_of_the_same_case(services: Services) -> None:
    case = services.create_case("Anna")
    main = services.add_goal(case.id, "Bo for meg selv")
    sub = services.add_goal(case.id, "Lære å lage middag", parent_id=main.id)
    with pytest.raises(ValidationError):
        services.add_goal(case.id, "Under delmål", parent_id=sub.id)
    cf = services.case_file(case.id)
    assert [g.text for g in cf.main_goals()] == ["Bo for meg selv"]
    assert [g.text for g in cf.sub_goals(main.id)] == ["Lære å lage middag"]


def test_consent_rules(services: Services) -> None:
    case = services.create_case("Anna")
    school = services.add_member(case.id, "Lærer", "Kontaktlærer", organisation="Skolen")
    with pytest.raises(ValidationError, match="fram i tid"):
        services.add_consent(case.id, given_on=TODAY + timedelta(days=1), method=ConsentMethod.WRITTEN)
    with pytest.raises(ValidationError, match="Utløpsdatoen"):
        services.add_consent(case.id, given_on=TODAY, method=ConsentMethod.WRITTEN, expires_on=TODAY)
    consent = services.add_consent(
        case.id,
        given_on=TODAY,
        method=ConsentMethod.WRITTEN,
        recipient_member_ids=[school.id],
        own_measures_only=True,
        sections=[ConsentSection.GOALS, ConsentSection.MEASURES],
    )
    stored = services.store.consents.get(consent.id)
    assert stored.recipient_member_ids == (school.id,)
    assert stored.sections == (ConsentSection.GOALS, ConsentSection.MEASURES)
    services.withdraw_consent(consent.id)
    assert not services.store.consents.get(consent.id).is_valid_on(TODAY)


def test_close_and_reopen_case(services: Services) -> None:
    case = services.create_case("Anna")
    services.close_case(case.id)
    assert services.list_cases() == []
    assert services.list_cases(include_closed=True)[0].status is CaseStatus.CLOSED
    services.reopen_case(case.id)
    assert services.list_cases()[0].closed_on is None


def test_unknown_case_is_a_clear_error(services: Services) -> None:
    with pytest.raises(NotFoundError, match="Fant ingen sak med nummer 42"):
        services.require_case(42)
    with pytest.raises(NotFoundError):
        services.add_note(42, "x")


def test_empty_note_is_refused_and_notes_are_per_case(services: Services) -> None:
    a = services.create_case("Anna", national_id=synthetic_id(date(2010, 3, 4)))
    b = services.create_case("Berit")
    with pytest.raises(ValidationError, match="Notatet må fylles ut"):
        services.add_note(a.id, "  ")
    services.add_note(a.id, "Ringte mor")
    assert services.case_file(b.id).notes == ()


def test_a_worker_connection_keeps_the_document_settings(services: Services) -> None:
    """The TUI exports on a connection of its own; the document still follows the user's settings."""
    from tests.export.pdf_tools import flat_text

    case = services.create_case("Ola Nordmann", coordinator="Kari Koordinator")
    services.document_language = "en"
    services.full_name_in_pdf_metadata = True
    with services.on_own_connection() as background:
        assert background.store is not services.store
        stored = background.exports.export(case.id, "plan", allow_incomplete=True)
    text = flat_text(stored.rendered.content)
    assert "Individual plan" in text and "Individuell plan" not in text
