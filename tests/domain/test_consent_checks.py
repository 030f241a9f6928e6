"""h) names each participant without a valid consent; an ending consent says who loses access."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from ipterm.domain.consent_checks import consent_warnings
from ipterm.domain.dates import format_date
from ipterm.domain.due import DueKind
from ipterm.domain.models import ConsentMethod, ConsentSection, MemberKind
from ipterm.services import Services
from tests.export.sample_case import BUP, MOTHER, TODAY, child_case


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
    assert "går ut 02.12.2026: Per Aasen, Dr. Lise Moe mister tilgangen." in line
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


def test_only_those_who_really_lose_access_are_named_and_a_consent_without_text_by_its_date_and_parts() -> None:
    """The parents of a child and the coordinator have the plan without a consent; BUP keeps a consent of its
    own; the grandmother, outside the group, has only this one."""
    cf = child_case()
    first = dataclasses.replace(
        cf.consents[0],
        expires_on=TODAY + timedelta(days=10),
        scope_text="",
        sections=(ConsentSection.GOALS, ConsentSection.MEETINGS),
        recipient_related_ids=(1, 3),  # the mother (a guardian) and the grandmother
    )
    bup_own = dataclasses.replace(cf.consents[0], id=9, recipient_member_ids=(BUP,), expires_on=TODAY + timedelta(400))
    cf = dataclasses.replace(cf, consents=(first, *cf.consents[1:], bup_own))
    lines = [w.message.render("nb") for w in consent_warnings(cf, TODAY) if "går ut" in w.message.render("nb")]
    given = format_date(first.given_on)
    assert lines == [f"Samtykket fra {given} om mål, møter og referater går ut 02.12.2026: Per Aasen, Solveig Lind "
                     "mister tilgangen."]  # fmt: skip
    # When everyone keeps access, the warning says so instead of naming them.
    kept = dataclasses.replace(first, recipient_member_ids=(MOTHER, BUP), recipient_related_ids=())
    cf = dataclasses.replace(cf, consents=(kept, *cf.consents[1:]))
    assert [w.message.render("nb") for w in consent_warnings(cf, TODAY) if "går ut" in w.message.render("nb")] == [
        f"Samtykket fra {given} om mål, møter og referater går ut 02.12.2026: ingen mister tilgangen."
    ]


def test_a_case_made_with_only_a_national_id_gets_the_18th_birthday_reminder(services: Services) -> None:
    """The new-case form gives a fødselsnummer and no birth date: the birthday must still be seen."""
    from ipterm.domain.national_id import synthetic_id

    today = services.today()
    born = date(today.year - 18, today.month, 1) + timedelta(days=47)
    case = services.create_case("Ung Voksen", national_id=synthetic_id(born))
    assert services.get_case(case.id).birth_date == born
    due = [i for i in services.due() if i.kind is DueKind.CONSENT_FROM_PERSON]
    assert [(i.case_id, i.text) for i in due] == [(case.id, "18")]
