"""The case's history in words, and which changes count as plan changes."""

from __future__ import annotations

from datetime import datetime

from ipterm.domain.changes import describe_change, is_plan_change
from ipterm.domain.models import AuditEntry, Case, CaseFile, Goal, Member

CF = CaseFile(
    case=Case(person_name="Ola", id=1),
    goals=(Goal(case_id=1, id=7, text="Jeg vil jobbe"), Goal(case_id=1, id=9, text="Bo selv")),
    members=(Member(case_id=1, id=3, name="Nora Nilsen", role="NAV"),),
)
AT = datetime(2026, 12, 1, 10)


def test_a_changed_goal_says_which_goal_and_from_what_to_what() -> None:
    entry = AuditEntry(AT, "goal", 9, "update", changes={"evaluate_by": ["2027-03-01", "2027-06-01"]})
    assert describe_change(entry, CF) == "Mål #2 «Bo selv»: evalueres 1.3.2027 → 1.6.2027"
    assert describe_change(entry, CF).render("en") == "Goal #2 “Bo selv”: evaluate by 1.3.2027 → 1.6.2027"
    status = AuditEntry(AT, "goal", 7, "update", changes={"status": ["active", "achieved"]})
    assert describe_change(status, CF) == "Mål #1 «Jeg vil jobbe»: status aktivt → nådd"


def test_owners_are_named_and_attendance_is_not_a_plan_change() -> None:
    entry = AuditEntry(AT, "action_item", 5, "update", changes={"owner_member_id": [None, 3]})
    assert describe_change(entry, CF) == "Oppgave: ansvarlig – → Nora Nilsen"
    assert not is_plan_change(AuditEntry(AT, "meeting_participant", 1, "update"))
    assert not is_plan_change(AuditEntry(AT, "export", 1, "create"))
    assert is_plan_change(AuditEntry(AT, "measure", 1, "update"))


def test_stored_codes_are_said_in_words_and_a_new_row_says_what_it_is() -> None:
    attendance = AuditEntry(AT, "meeting_participant", 4, "update",
                            changes={"member_id": [None, 3], "attendance": [None, "invited"]})  # fmt: skip
    assert describe_change(attendance, CF) == "Oppmøte: deltaker – → Nora Nilsen; oppmøte – → innkalt"
    running = AuditEntry(AT, "meeting", 2, "update", changes={"status": ["planned", "running"]})
    assert describe_change(running, CF) == "Møte: status planlagt → pågår"
    assert describe_change(running, CF).render("en") == "Meeting: status planned → in progress"
    cf = CaseFile(
        case=CF.case, goals=CF.goals,
        members=(Member(case_id=1, id=3, name="Nora Nilsen", role="Veileder", organisation="NAV Fjordvik"),),
    )  # fmt: skip
    new = AuditEntry(AT, "measure", 4, "create", changes={"what": [None, "Arbeidstrening"],
                                                          "responsible_member_id": [None, 3]})  # fmt: skip
    assert describe_change(new, cf) == "Tiltak: lagt til (ansvarlig: Nora Nilsen, NAV Fjordvik)"
    assert "invited" not in describe_change(attendance, CF).render("en")
