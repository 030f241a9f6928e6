"""The § 19 check lists exactly the items a plan lacks."""

from __future__ import annotations

from datetime import date, timedelta

from ipterm.domain.completeness import SECTION_19, missing_items
from ipterm.domain.models import Case, CaseFile, Consent, ConsentMethod, Goal, Measure, Member

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
        Member(case_id=1, id=2, name="Dag", role="DPS", organisation="DPS"),
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
    consents = (Consent(case_id=1, id=1, given_on=TODAY - timedelta(days=5), method=ConsentMethod.WRITTEN),)
    return CaseFile(case=case, members=members, goals=goals, measures=measures, consents=consents)


def test_a_complete_plan_lacks_nothing() -> None:
    assert missing_items(complete_plan(), TODAY) == ()


def test_an_empty_plan_lacks_everything() -> None:
    assert [i.letter for i in missing_items(CaseFile(case=Case(person_name="Tom", id=1)), TODAY)] == list("abcdefghi")
    assert len(SECTION_19) == 9


def test_each_gap_is_named() -> None:
    import dataclasses

    cf = complete_plan()
    unclear = dataclasses.replace(
        cf, measures=(dataclasses.replace(cf.measures[0], responsible_member_id=None, how=""),)
    )
    assert [i.letter for i in missing_items(unclear, TODAY)] == ["e", "f"]
    expired = dataclasses.replace(cf, consents=(dataclasses.replace(cf.consents[0], expires_on=TODAY - timedelta(1)),))
    assert [i.letter for i in missing_items(expired, TODAY)] == ["h"]
    no_period = dataclasses.replace(cf, case=dataclasses.replace(cf.case, next_revision=None, coordinator=""))
    assert [i.letter for i in missing_items(no_period, TODAY)] == ["c", "g"]
