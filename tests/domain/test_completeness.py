"""The § 19 check lists exactly the items a plan lacks."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

from ipterm.domain.completeness import SECTION_19, gaps, missing_items, what_is_missing
from ipterm.domain.models import (
    Attendance,
    Case,
    CaseFile,
    Consent,
    ConsentMethod,
    Decision,
    Goal,
    Measure,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    Member,
    MemberKind,
)

TODAY = date(2026, 11, 22)


def complete_plan() -> CaseFile:
    case = Case(
        person_name="Ola",
        id=1,
        coordinator="Kari",
        plan_start=TODAY - timedelta(days=10),
        plan_end=TODAY + timedelta(days=300),
        next_revision=TODAY + timedelta(days=100),
        resources="Sterk vilje",
        needs="Bolig",
        collaboration="NAV og DPS samarbeider",
    )
    members = (
        Member(case_id=1, id=1, name="Nora", role="NAV", organisation="NAV", contributes="Arbeid"),
        Member(case_id=1, id=2, name="Dag", role="DPS", organisation="DPS", contributes="Samtaler"),
        Member(case_id=1, id=3, name="Ola", role="Planeier", kind=MemberKind.PERSON, contributes="Møter opp"),
    )
    goals = (Goal(case_id=1, id=1, text="Jobb"),)
    measures = (
        Measure(
            case_id=1,
            id=1,
            what="Arbeidstrening",
            goal_ids=(1,),
            scope="2 d/uke",
            how="Hos Coop",
            responsible_member_id=1,
        ),
    )
    consents = (
        Consent(
            case_id=1, id=1, given_on=TODAY - timedelta(days=5), method=ConsentMethod.WRITTEN,
            recipient_member_ids=(1, 2),
        ),
    )  # fmt: skip
    return CaseFile(case=case, members=members, goals=goals, measures=measures, consents=consents)


def test_a_complete_plan_lacks_nothing() -> None:
    assert missing_items(complete_plan(), TODAY) == ()


def test_an_empty_plan_lacks_everything() -> None:
    assert [i.letter for i in missing_items(CaseFile(case=Case(person_name="Tom", id=1)), TODAY)] == list("abcdefghi")
    assert len(SECTION_19) == 9


def test_each_gap_is_named() -> None:
    cf = complete_plan()
    unclear = dataclasses.replace(
        cf, measures=(dataclasses.replace(cf.measures[0], responsible_member_id=None, how=""),)
    )
    assert [i.letter for i in missing_items(unclear, TODAY)] == ["e", "f"]
    expired = dataclasses.replace(cf, consents=(dataclasses.replace(cf.consents[0], expires_on=TODAY - timedelta(1)),))
    assert [i.letter for i in missing_items(expired, TODAY)] == ["h"]
    no_period = dataclasses.replace(cf, case=dataclasses.replace(cf.case, next_revision=None, coordinator=""))
    assert [i.letter for i in missing_items(no_period, TODAY)] == ["c", "g"]


def _lines(cf: CaseFile, letter: str) -> list[str]:
    return [m.render("nb") for m in what_is_missing(cf, next(i for i in SECTION_19 if i.letter == letter), TODAY)]


def test_a_needs_both_resources_and_needs_or_says_not_assessed_yet() -> None:
    cf = complete_plan()
    no_needs = dataclasses.replace(cf, case=dataclasses.replace(cf.case, needs=""))
    assert [i.letter for i in missing_items(no_needs, TODAY)] == ["a"]
    assert _lines(no_needs, "a") == [
        "Behovet for tjenester er ikke skrevet inn. Skriv det i «Endre saken», feltet «Behov», eller skriv "
        "«ikke kartlagt ennå» der."
    ]
    stated = dataclasses.replace(cf, case=dataclasses.replace(cf.case, needs="Ikke kartlagt ennå"))
    assert missing_items(stated, TODAY) == ()


def test_b_the_person_takes_part_or_the_reason_is_recorded() -> None:
    cf = complete_plan()
    without = dataclasses.replace(cf, members=tuple(m for m in cf.members if m.kind is not MemberKind.PERSON))
    assert "b" in [i.letter for i in missing_items(without, TODAY)]
    assert _lines(without, "b")[0].startswith("Personen selv er ikke med i ansvarsgruppen")
    # in the group, but absent from every meeting held and no view of theirs recorded
    held = Meeting(case_id=1, id=1, starts_at=datetime(2026, 11, 1, 10), status=MeetingStatus.CLOSED)
    absent = dataclasses.replace(
        cf, meetings=(held,), participants=(MeetingParticipant(1, 3, Attendance.ABSENT), MeetingParticipant(1, 1))
    )
    assert [i.letter for i in missing_items(absent, TODAY)] == ["b"]
    assert _lines(absent, "b")[0].startswith("Ola har ikke vært til stede i noe møte")
    present = dataclasses.replace(absent, participants=(MeetingParticipant(1, 3, Attendance.PRESENT),))
    assert missing_items(present, TODAY) == ()
    # the reason why not, recorded as the person's view on a decision, is enough
    why = Decision(1, "Ola deltar gjennom søsteren", TODAY, person_view="Orker ikke møtene nå; søsteren taler for meg")
    assert missing_items(dataclasses.replace(absent, decisions=(why,)), TODAY) == ()
    assert missing_items(dataclasses.replace(without, decisions=(why,)), TODAY) == ()


def test_d_needs_the_persons_own_contribution_and_each_services() -> None:
    cf = complete_plan()
    members = tuple(dataclasses.replace(m, contributes="") if m.id in (2, 3) else m for m in cf.members)
    lacking = dataclasses.replace(cf, members=members)
    assert [i.letter for i in missing_items(lacking, TODAY)] == ["d"]
    assert _lines(lacking, "d") == [
        "Det står ikke hva Ola selv vil bidra med. Skriv det i fanen Gruppe, på Ola, feltet «Bidrar med».",
        "Det står ikke hva Dag (DPS) vil bidra med. Skriv det i fanen Gruppe, på Dag, feltet «Bidrar med».",
    ]


def test_e_a_measure_falls_when_its_contact_person_leaves_the_group() -> None:
    cf = complete_plan()
    left = dataclasses.replace(cf, members=tuple(dataclasses.replace(m, active=False) if m.id == 1 else m
                                                 for m in cf.members))  # fmt: skip
    assert "e" in [i.letter for i in missing_items(left, TODAY)]
    assert _lines(left, "e") == [
        "Tiltak 1 «Arbeidstrening»: kontaktpersonen Nora er ikke lenger med i ansvarsgruppen, og ingen andre fra "
        "NAV er med. Legg inn den nye kontaktpersonen hos NAV i fanen Gruppe, og velg vedkommende i fanen Plan, feltet "
        "«Ansvarlig»."
    ]
    successor = Member(case_id=1, id=4, name="Per", role="NAV-veileder", organisation="NAV", contributes="Arbeid")
    with_successor = dataclasses.replace(left, members=(*left.members, successor))
    assert "(Per er fra samme tjeneste)" in _lines(with_successor, "e")[0]
    moved = dataclasses.replace(
        with_successor, measures=(dataclasses.replace(cf.measures[0], responsible_member_id=4),)
    )
    assert "e" not in [i.letter for i in missing_items(moved, TODAY)]


def test_e_a_responsible_professional_needs_a_service() -> None:
    cf = complete_plan()
    members = tuple(dataclasses.replace(m, organisation="", role="Veileder") if m.id == 1 else m for m in cf.members)
    assert _lines(dataclasses.replace(cf, members=members), "e") == [
        "Tiltak 1 «Arbeidstrening»: det står ikke hvilken tjeneste Nora er fra. Skriv tjenesten i fanen Gruppe, "
        "på Nora, feltet «Tjeneste»."
    ]


def test_h_names_each_participant_without_a_valid_consent() -> None:
    cf = complete_plan()
    narrow = dataclasses.replace(cf, consents=(dataclasses.replace(cf.consents[0], recipient_member_ids=(1,)),))
    assert [i.letter for i in missing_items(narrow, TODAY)] == ["h"]
    assert _lines(narrow, "h") == [
        "Dag (DPS) får opplysninger fra planen uten et gyldig samtykke. Registrer et samtykke som nevner "
        "deltakeren i fanen Samtykker, eller ta deltakeren ut av gruppen i fanen Gruppe."
    ]
    (gap,) = gaps(narrow, TODAY)
    assert "Dag" not in gap.hint.render("nb")  # the hint an extract prints names nobody
