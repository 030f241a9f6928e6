"""h) names each participant without a valid consent; an ending consent says who loses access."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from ipterm.domain.consent_checks import consent_warnings
from ipterm.domain.due import DueKind
from ipterm.domain.models import ConsentMethod, ConsentSection, MemberKind
from ipterm.services import Services
from tests.export.sample_case import TODAY, child_case


def test_each_member_without_a_valid_consent_is_named_and_the_family_is_not() -> None:
    lines = [w.message.render("nb") for w in consent_warnings(child_case(), TODAY)]
    named = [line for line in lines if "uten gyldig samtykke" in line]
    assert named == [
        "Ali Hassan (Avlastningsboligen Lia) er med i ansvarsgruppen og får opplysninger fra planen uten gyldig "
        "samtykke.",
        "Kari Nes (Helsestasjonen) er med i ansvarsgruppen og får opplysninger fra planen uten gyldig samtykke.",
        "Dr. Arne Lunde (Fjellvik legesenter) er med i ansvarsgruppen og får opplysninger fra planen uten gyldig "
        "samtykke.",
    ]  # Emma (the person, a child), her parents (guardians) and the coordinator need none


def test_an_expiring_plan_consent_says_who_loses_access_and_that_h_goes_missing() -> None:
    cf = child_case()
    first = dataclasses.replace(cf.consents[0], expires_on=TODAY + timedelta(days=10))
    cf = dataclasses.replace(cf, consents=(first, *cf.consents[1:]))
    (line,) = [
        w.message.render("nb")
        for w in consent_warnings(cf, TODAY)
        if w.message.render("nb").startswith("Samtykket «Hele planen")
    ]
    assert "går ut 02.12.2026: Ingrid Lind, Tor Solberg, Per Aasen, Dr. Lise Moe, Hanne Vik mister tilgangen." in line
    assert "Da mangler h)" in line


def test_the_due_list_asks_for_a_new_consent_at_16_and_18(services: Services) -> None:
    today = services.today()
    turning = services.create_case("Ung Person", birth_date=date(today.year - 16, today.month, 1) + timedelta(days=40))
    grown = services.create_case("Voksen Person", birth_date=date(today.year - 18, 1, 1) - timedelta(days=1))
    services.create_case("Barn Person", birth_date=date(today.year - 10, 1, 1))
    due = [i for i in services.due() if i.kind is DueKind.CONSENT_FROM_PERSON]
    assert {(i.case_id, i.text) for i in due} == {(turning.id, "16")}
    assert grown.id not in {i.case_id for i in due}  # 18 nearly a year ago: outside the window
    member = services.add_member(turning.id, "Ung Person", "Planeier", kind=MemberKind.PERSON)
    services.add_consent(turning.id, given_on=today, method=ConsentMethod.WRITTEN, recipient_member_ids=[member.id],
                         sections=[ConsentSection.PLAN])  # fmt: skip
    # Given before the birthday: still asked for.
    assert [i.case_id for i in services.due() if i.kind is DueKind.CONSENT_FROM_PERSON] == [turning.id]
