"""A realistic, fictional case built directly as domain objects (no database), for export tests.

A child with complex needs (situation 3 in the domain notes): parents in the group, school, PPT, BUP,
respite care, the health clinic and NAV for the mother's driving licence (the family focus of
situation 5). Consent is scoped per service: the school sees school-related measures only.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

from ipterm.domain.models import (
    ActionItem,
    ActionStatus,
    Assessment,
    Attendance,
    Case,
    CaseFile,
    Consent,
    ConsentMethod,
    ConsentSection,
    CoordinatorAssignment,
    Decision,
    Evaluation,
    EvaluationOutcome,
    Goal,
    GoalStatus,
    InfoKind,
    Measure,
    MeasureStatus,
    Meeting,
    MeetingLine,
    MeetingParticipant,
    MeetingStatus,
    Member,
    MemberKind,
    Note,
    NoteKind,
    RelatedPerson,
    ServiceDecisionRef,
)
from ipterm.domain.national_id import synthetic_id

TODAY = date(2026, 11, 22)
CASE_ID = 7
HOSTILE = "#set page(width: 1cm) $x$ [link] \\ *bold* <label> @ref \"sitat\" «guillemets» 'enkle' 🙂👍🏽 æøå ÆØÅ"

# Member ids, named so tests read as prose.
EMMA, MOTHER, FATHER, TEACHER, PPT, BUP, RESPITE, NURSE, NAV, COORDINATOR, GP = range(1, 12)
# Goal and measure ids.
G_FRIEND, G_SLEEP, G_SCHOOL, G_SCHOOL_FULL_DAY, G_LICENCE = 1, 2, 3, 4, 5
M_ASSISTANT, M_SPECIAL_ED, M_RESPITE, M_SLEEP, M_GUIDANCE, M_LICENCE, M_SWIMMING = range(1, 8)
MEETING_ID = 3


def _d(days: int) -> date:
    return TODAY + timedelta(days=days)


def child_case() -> CaseFile:
    """The full case as the coordinator sees it."""
    case = Case(
        id=CASE_ID,
        person_name="Emma Lind Solberg",
        national_id=synthetic_id(date(2014, 5, 9)),
        birth_date=date(2014, 5, 9),
        coordinator="Hanne Vik",
        plan_start=_d(-300),
        plan_end=_d(430),
        next_revision=_d(45),
        resources="Emma er nysgjerrig, glad i dyr og tegner godt. Hun har en god venninne i nabolaget. "
        "Foreldrene er engasjerte og samarbeider godt med skolen.",
        needs="Tilrettelagt skolehverdag, hjelp med søvn og uro om kvelden, avlastning for familien og "
        "veiledning til foreldrene.",
        collaboration="Skolen, PPT, BUP, helsestasjonen og avlastningen møtes i ansvarsgruppen. NAV er med "
        "for mors førerkort. Fastlegen får referat, men deltar ikke fast.",
        updated_at=datetime(2026, 11, 20, 14, 5),
        meeting_cadence_days=90,
    )
    c = CASE_ID
    members = (
        Member(c, "Emma Lind Solberg", "Planeier", id=EMMA, kind=MemberKind.PERSON,
               contributes="Sier hva som er vanskelig og hva som hjelper.", last_confirmed=_d(-20)),
        Member(c, "Ingrid Lind", "Mor", id=MOTHER, kind=MemberKind.RELATIVE, phone="412 34 567",
               email="ingrid.lind@example.no", contributes="Faste kveldsrutiner, følger opp lekser.",
               has_decision_authority=True, last_confirmed=_d(-20)),
        Member(c, "Tor Solberg", "Far", id=FATHER, kind=MemberKind.RELATIVE, phone="934 56 789",
               contributes="Kjører til BUP og avlastning.", has_decision_authority=True, last_confirmed=_d(-20)),
        Member(c, "Silje Berg", "Kontaktlærer", id=TEACHER, organisation="Fjellvik skole",
               sector=InfoKind.SCHOOL, phone="55 10 20 30",
               email="silje.berg@skole.example.no", contributes="Tilrettelegger i klassen og fører logg.",
               last_confirmed=_d(-30)),
        Member(c, "Per Aasen", "Rådgiver", id=PPT, organisation="PPT",
               sector=InfoKind.SCHOOL, phone="55 10 40 00",
               contributes="Sakkyndig vurdering og veiledning til skolen.", last_confirmed=_d(-400)),
        Member(c, "Dr. Lise Moe", "Psykolog", id=BUP, organisation="BUP Fjellvik",
               sector=InfoKind.HEALTH, phone="55 20 00 00",
               contributes="Utredning og behandling av søvnvansker og uro.", has_decision_authority=True,
               last_confirmed=_d(-60)),
        Member(c, "Ali Hassan", "Miljøterapeut", id=RESPITE, organisation="Avlastningsboligen Lia",
               sector=InfoKind.HEALTH, phone="55 30 30 30", contributes="Avlastning to helger i måneden.",
               last_confirmed=_d(-90)),
        Member(c, "Kari Nes", "Helsesykepleier", id=NURSE, organisation="Helsestasjonen",
               sector=InfoKind.HEALTH, phone="55 40 40 40",
               contributes="Foreldreveiledning (ICDP).", last_confirmed=_d(-100)),
        Member(c, "Jonas Dahl", "Veileder", id=NAV, organisation="NAV Fjellvik",
               sector=InfoKind.NAV, phone="55 55 33 33",
               contributes="Støtte til førerkort for mor.", last_confirmed=_d(-200)),
        Member(c, "Hanne Vik", "Koordinator", id=COORDINATOR, organisation="Tjenestekontoret",
               phone="55 60 60 60", email="hanne.vik@kommune.example.no", is_coordinator=True,
               contributes="Koordinerer og kaller inn til møter.", last_confirmed=_d(-5)),
        Member(c, "Dr. Arne Lunde", "Fastlege", id=GP, organisation="Fjellvik legesenter", sector=InfoKind.HEALTH,
               phone="55 70 70 70", contributes="Medisinsk oppfølging og henvisninger.",
               last_confirmed=_d(-150)),
    )  # fmt: skip
    related = (
        RelatedPerson(c, "Ingrid Lind", "mor", id=1, contact="412 34 567", is_guardian=True),
        RelatedPerson(c, "Tor Solberg", "far", id=2, contact="934 56 789", is_guardian=True),
        RelatedPerson(c, "Solveig Lind", "mormor", id=3, contact="909 09 090", note="Henter på skolen fredager."),
    )
    goals = (
        Goal(c, "Jeg vil ha en venn i klassen", id=G_FRIEND, evaluate_by=_d(30), position=0),
        Goal(c, "Jeg vil sove hele natta og ikke være så sliten", id=G_SLEEP, evaluate_by=_d(-10), position=1,
             info_kind=InfoKind.HEALTH),
        Goal(c, "Jeg vil klare å være på skolen", id=G_SCHOOL, evaluate_by=_d(60), position=2),
        Goal(c, "Være på skolen hele skoledagen fire dager i uka", id=G_SCHOOL_FULL_DAY, parent_id=G_SCHOOL,
             is_own_words=False, evaluate_by=_d(60), position=3),
        Goal(c, "Familien kommer seg til avtaler uten å være avhengig av andre", id=G_LICENCE, is_own_words=False,
             status=GoalStatus.ACTIVE, position=4, info_kind=InfoKind.FAMILY),
    )  # fmt: skip
    measures = (
        Measure(c, "Assistent i klassen", id=M_ASSISTANT, goal_ids=(G_FRIEND, G_SCHOOL_FULL_DAY),
                scope="15 t/uke", how="Assistenten er med i friminutt og overganger; fast plass ved døra.",
                responsible_member_id=TEACHER, from_date=_d(-280), to_date=_d(200), last_confirmed=_d(-30),
                evaluate_by=_d(30), service_decision="Visma Flyt Skole 2026/114"),
        Measure(c, "Spesialundervisning i norsk og matematikk", id=M_SPECIAL_ED, goal_ids=(G_SCHOOL,),
                scope="5 t/uke", how="Smågruppe med to andre elever, etter sakkyndig vurdering fra PPT.",
                responsible_member_id=TEACHER, from_date=_d(-280), to_date=_d(200), last_confirmed=_d(-30)),
        Measure(c, "Avlastning", id=M_RESPITE, goal_ids=(G_SLEEP,), scope="2 helger/mnd",
                how="Fredag kl. 15 til søndag kl. 18 i Avlastningsboligen Lia.", responsible_member_id=RESPITE,
                from_date=_d(-250), to_date=_d(115), last_confirmed=_d(-90), service_decision="Gerica 2026/88"),
        Measure(c, "Utredning og behandling av søvnvansker", id=M_SLEEP, goal_ids=(G_SLEEP,),
                scope="Samtaler annenhver uke", how="Søvndagbok, samtaler med Emma og foreldrene.",
                responsible_member_id=BUP, from_date=_d(-200), last_confirmed=_d(-60), evaluate_by=_d(-10)),
        Measure(c, "Foreldreveiledning", id=M_GUIDANCE, goal_ids=(G_SLEEP, G_FRIEND), scope="8 samlinger",
                how="ICDP-gruppe på helsestasjonen.", responsible_member_id=NURSE, from_date=_d(-120),
                to_date=_d(20), status=MeasureStatus.ACTIVE, last_confirmed=_d(-100)),
        Measure(c, "Førerkort for mor", id=M_LICENCE, goal_ids=(G_LICENCE,), scope="Kjøretimer og teori",
                how="NAV dekker kjøretimer; mor melder seg opp til teoriprøve i januar.",
                responsible_member_id=NAV, from_date=_d(-60), to_date=_d(180), status=MeasureStatus.PLANNED,
                last_confirmed=_d(-200)),
        Measure(c, "Svømmeopplæring", id=M_SWIMMING, goal_ids=(G_FRIEND,), scope="1 t/uke",
                how="Tilrettelagt svømmegruppe.", responsible_member_id=None, status=MeasureStatus.PLANNED),
    )  # fmt: skip
    evaluations = (
        Evaluation(c, _d(-40), EvaluationOutcome.CONTINUE, id=1, measure_id=M_ASSISTANT, meeting_id=MEETING_ID,
                   comment="Færre konflikter i friminuttene."),
        Evaluation(c, _d(-40), EvaluationOutcome.CHANGE, id=2, goal_id=G_SLEEP, meeting_id=MEETING_ID,
                   comment="Sover bedre etter avlastningshelger, men ikke ellers."),
        Evaluation(c, _d(-40), EvaluationOutcome.CONTINUE, id=3, measure_id=M_LICENCE, meeting_id=MEETING_ID,
                   comment="Mor har bestått teorien."),
    )  # fmt: skip
    consents = (
        Consent(c, _d(-300), ConsentMethod.WRITTEN, id=1, covers_plan=True,
                recipient_member_ids=(MOTHER, FATHER, BUP, COORDINATOR, PPT),
                sections=tuple(s for s in ConsentSection if s is not ConsentSection.NOTES),
                scope_text="Hele planen til ansvarsgruppen", expires_on=_d(430),
                original_location="Arkiv sak 2026/1457, dok. 3", given_by="Ingrid Lind og Tor Solberg (foreldre)"),
        Consent(c, _d(-300), ConsentMethod.WRITTEN, id=2, covers_plan=False, recipient_member_ids=(TEACHER,),
                sections=(ConsentSection.GOALS, ConsentSection.MEASURES, ConsentSection.MEETINGS),
                own_measures_only=True, kinds=(InfoKind.SCHOOL,), scope_text="Skolen ser skolerelaterte tiltak",
                expires_on=_d(430),
                original_location="Arkiv sak 2026/1457, dok. 4", given_by="Ingrid Lind og Tor Solberg (foreldre)"),
        Consent(c, _d(-60), ConsentMethod.ORAL, id=3, covers_plan=False, recipient_member_ids=(NAV,),
                sections=(ConsentSection.MEASURES,), own_measures_only=True, scope_text="NAV: førerkorttiltaket",
                expires_on=_d(120), original_location="Notat i fagsystem, 2026-09-23", given_by="Ingrid Lind"),
        Consent(c, _d(-400), ConsentMethod.WRITTEN, id=4, covers_plan=False, recipient_member_ids=(RESPITE,),
                sections=(ConsentSection.MEASURES,), own_measures_only=True, scope_text="Avlastningen",
                expires_on=_d(-35), given_by="Ingrid Lind"),
    )  # fmt: skip
    meeting = Meeting(
        c, datetime(2026, 10, 13, 9, 0), id=MEETING_ID, place="Fjellvik skole, møterom 2",
        status=MeetingStatus.CLOSED, agenda=("Siden sist", "Mål 1: venn i klassen", "Søvn og avlastning",
                                               "Førerkort for mor", "Eventuelt"),
        minutes_writer="Hanne Vik", next_meeting_on=date(2027, 1, 19),
        summary="Emma var med den første halvtimen og fortalte om klassen.", closed_at=datetime(2026, 10, 13, 10, 30),
    )  # fmt: skip
    attendance = {
        EMMA: Attendance.PRESENT, MOTHER: Attendance.PRESENT, FATHER: Attendance.APOLOGIES,
        TEACHER: Attendance.PRESENT, BUP: Attendance.PRESENT, RESPITE: Attendance.ABSENT,
        NAV: Attendance.PRESENT, COORDINATOR: Attendance.PRESENT,
    }  # fmt: skip
    participants = tuple(MeetingParticipant(MEETING_ID, mid, a) for mid, a in attendance.items())
    decisions = (
        Decision(c, "Emma prøver to dager i uka med hele skoledagen fra november", _d(-40), id=1,
                 meeting_id=MEETING_ID, alternatives="Fortsette med korte dager; hjemmeundervisning to dager",
                 person_view="Emma vil helst være hele dagen når assistenten er der.", person_present=True),
        Decision(c, "Søke om utvidet avlastning", _d(-40), id=2, meeting_id=MEETING_ID,
                 alternatives="Støttekontakt i stedet", person_view="Emma liker seg på Lia.", person_present=True),
    )  # fmt: skip
    actions = (
        ActionItem(c, "Sende søknad om utvidet avlastning", id=1, owner_member_id=COORDINATOR, due_on=_d(-5),
                   meeting_id=MEETING_ID),
        ActionItem(c, "Avtale oppstart i svømmegruppe", id=2, owner_member_id=TEACHER, due_on=_d(14),
                   meeting_id=MEETING_ID, measure_id=M_SWIMMING),
        ActionItem(c, "Melde mor opp til oppkjøring", id=3, owner_member_id=NAV, due_on=_d(30), meeting_id=MEETING_ID,
                   measure_id=M_LICENCE),
        ActionItem(c, "Sende søvndagbok til BUP", id=4, owner_member_id=MOTHER, due_on=_d(-30),
                   status=ActionStatus.DONE, meeting_id=MEETING_ID, done_on=_d(-32)),
    )  # fmt: skip
    lines = (
        MeetingLine(MEETING_ID, 1, datetime(2026, 10, 13, 9, 5), "Emma forteller at hun har fått en ny venn, Sara."),
        MeetingLine(MEETING_ID, 2, datetime(2026, 10, 13, 9, 20), "s: Emma vil ikke bytte klasse"),
    )
    notes = (
        Note(
            c,
            "Telefon med mor: vanskelig uke hjemme, far har fått ny jobb i Bergen.",
            datetime(2026, 11, 2, 15, 0),
            id=1,
            kind=NoteKind.PHONE,
        ),
    )
    return CaseFile(
        case=case, related=related, members=members, goals=goals, measures=measures, evaluations=evaluations,
        consents=consents, meetings=(meeting,), decisions=decisions, action_items=actions, notes=notes,
        coordinators=(CoordinatorAssignment(c, "Hanne Vik", _d(-300), id=1),),
        assessments=(Assessment(c, _d(-320), "Skole og læring", id=1, summary="Sakkyndig vurdering fra PPT",
                                reference="PPT 2025/77"),),
        service_decisions=(ServiceDecisionRef(c, "Gerica", "2026/88", id=1, decided_on=_d(-260),
                                              description="Avlastning 2 helger/mnd"),),
        participants=participants, meeting_lines=lines,
    )  # fmt: skip


def complete_child_case() -> CaseFile:
    """The sample case with its gaps closed: the swimming lessons get a responsible (e), and the health
    clinic, the GP and the respite care (whose consent had run out) get consents naming them (h)."""
    cf = child_case()
    measures = tuple(dataclasses.replace(m, responsible_member_id=TEACHER) if m.id == M_SWIMMING else m
                     for m in cf.measures)  # fmt: skip
    consents = tuple(dataclasses.replace(x, expires_on=_d(300)) if x.id == 4 else x for x in cf.consents)
    health = Consent(CASE_ID, _d(-30), ConsentMethod.WRITTEN, id=5, covers_plan=False,
                     recipient_member_ids=(NURSE, GP), sections=(ConsentSection.GOALS, ConsentSection.MEASURES),
                     own_measures_only=True, kinds=(InfoKind.HEALTH,), scope_text="Helsestasjonen og fastlegen",
                     expires_on=_d(300), given_by="Ingrid Lind og Tor Solberg (foreldre)")  # fmt: skip
    return dataclasses.replace(cf, measures=measures, consents=(*consents, health))


def hostile_case() -> CaseFile:
    """The same case with Typst markup, emoji and quotes in the free-text fields."""
    cf = child_case()
    return dataclasses.replace(
        cf,
        case=dataclasses.replace(cf.case, needs=HOSTILE, collaboration=f"Samarbeid {HOSTILE}"),
        goals=(dataclasses.replace(cf.goals[0], text=f"Jeg vil {HOSTILE}"), *cf.goals[1:]),
        measures=(dataclasses.replace(cf.measures[0], what=f"Tiltak {HOSTILE}", how=HOSTILE), *cf.measures[1:]),
        decisions=(dataclasses.replace(cf.decisions[0], person_view=HOSTILE), *cf.decisions[1:]),
    )
