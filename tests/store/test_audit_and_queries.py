"""Audit trail, full-text search and the due list, on a real encrypted database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ipterm.domain.due import DueKind
from ipterm.domain.models import ConsentMethod, EvaluationOutcome, MemberKind
from ipterm.domain.search import HIT_END, HIT_START
from ipterm.services import Services
from ipterm.store.connection import DatabaseError

from ..conftest import TODAY


def _case(services: Services) -> int:
    case = services.create_case(
        "Per Vangen",
        coordinator="Kari Koordinator",
        plan_start=TODAY - timedelta(days=100),
        plan_end=TODAY + timedelta(days=265),
        next_revision=TODAY + timedelta(days=3),
    )
    return case.id


def test_every_change_is_audited_and_the_log_is_append_only(services: Services) -> None:
    case_id = _case(services)
    goal = services.add_goal(case_id, "Jeg vil bo i egen leilighet")
    services.update_goal(goal.id, text="Jeg vil bo i egen leilighet innen sommeren")
    trail = services.audit_trail(case_id)
    update = next(e for e in trail if e.entity == "goal" and e.action == "update")
    assert update.changes == {"text": ["Jeg vil bo i egen leilighet", "Jeg vil bo i egen leilighet innen sommeren"]}
    assert update.at.date() == TODAY
    with pytest.raises(DatabaseError, match="append-only"):
        services.store.conn.execute("DELETE FROM audit_log")
    with pytest.raises(DatabaseError, match="append-only"):
        services.store.conn.execute("UPDATE audit_log SET action = 'create'")


def test_search_finds_names_goals_measures_and_notes_with_highlight(services: Services) -> None:
    case_id = _case(services)
    goal = services.add_goal(case_id, "Komme i arbeid på lageret")
    services.add_measure(case_id, "Arbeidstrening hos Coop", goal_ids=[goal.id], scope="3 dager/uke")
    services.add_note(case_id, "Telefon med arbeidsgiver om turnus")
    other = services.create_case("Lise Berg")
    services.add_note(other.id, "Ingenting om jobb her")

    kinds = {h.kind for h in services.search("arbeid")}
    assert kinds == {"goal", "measure", "note"}
    hit = services.search("turnus")[0]
    assert hit.case_id == case_id and f"{HIT_START}turnus{HIT_END}" in hit.snippet
    assert [h.kind for h in services.search("vangen")] == ["case"]
    assert services.search('"; DROP TABLE cases; --') == []
    assert services.search("   ") == []
    assert services.search("arb") != []  # prefix match while typing


def test_search_index_follows_edits_and_deletes(services: Services) -> None:
    case_id = _case(services)
    note = services.add_note(case_id, "Møte med rektor")
    services.store.notes.change(note.id, text="Møte med helsesykepleier")
    assert services.search("rektor") == []
    assert services.search("helsesykepleier")[0].ref_id == note.id
    services.store.notes.delete(note.id)
    assert services.search("helsesykepleier") == []


def test_due_lists_each_kind_of_follow_up(services: Services) -> None:
    case_id = _case(services)
    nav = services.add_member(
        case_id, "Nora NAV", "NAV-veileder", organisation="NAV", last_confirmed=TODAY - timedelta(days=400)
    )
    goal = services.add_goal(case_id, "Beholde jobben", evaluate_by=TODAY - timedelta(days=2))
    services.add_measure(
        case_id,
        "Oppfølging fra NAV",
        goal_ids=[goal.id],
        responsible_member_id=nav.id,
        evaluate_by=TODAY + timedelta(days=5),
    )
    services.add_measure(case_id, "Støttesamtaler", goal_ids=[goal.id])  # nobody responsible
    services.add_action_item(case_id, "Sende søknad", owner_member_id=nav.id, due_on=TODAY - timedelta(days=1))
    services.add_consent(
        case_id,
        given_on=TODAY - timedelta(days=300),
        method=ConsentMethod.WRITTEN,
        recipient_member_ids=[nav.id],
        expires_on=TODAY + timedelta(days=20),
        scope_text="NAV",
    )
    items = services.due()
    by_kind = {i.kind: i for i in items}
    assert by_kind[DueKind.GOAL_EVALUATION].is_overdue
    assert by_kind[DueKind.GOAL_EVALUATION].text == "Beholde jobben"
    assert by_kind[DueKind.MEASURE_EVALUATION].on == TODAY + timedelta(days=5)
    assert by_kind[DueKind.REVISION].on == TODAY + timedelta(days=3)
    assert by_kind[DueKind.ACTION_ITEM].is_overdue
    assert by_kind[DueKind.CONSENT_EXPIRY].on == TODAY + timedelta(days=20)
    assert by_kind[DueKind.UNCLEAR_RESPONSIBILITY].text == "Støttesamtaler"
    assert by_kind[DueKind.STALE_MEMBER].text == "1"  # counted per case
    assert by_kind[DueKind.NO_RECENT_MEETING].case_id == case_id
    assert [i.on for i in items if i.on] == sorted(i.on for i in items if i.on)

    services.add_evaluation(
        goal_id=goal.id,
        outcome=EvaluationOutcome.CONTINUE,
        comment="Går bra",
        next_evaluate_by=TODAY + timedelta(days=90),
    )
    assert DueKind.GOAL_EVALUATION not in {i.kind for i in services.due()}
    services.confirm_member(nav.id)
    assert DueKind.STALE_MEMBER not in {i.kind for i in services.due()}
    services.close_case(case_id)
    assert services.due() == []


def test_member_kinds_round_trip(services: Services) -> None:
    case_id = _case(services)
    services.add_member(case_id, "Per Vangen", "Planeier", kind=MemberKind.PERSON)
    assert [m.kind for m in services.member_by_kind(case_id, MemberKind.PERSON)] == [MemberKind.PERSON]
    assert services.store.members.for_case(case_id)[0].last_confirmed == date(2026, 11, 22)


def test_deleting_a_case_removes_all_its_search_rows(services: Services) -> None:
    case_id = _case(services)
    goal = services.add_goal(case_id, "Sykle til skolen")
    services.add_measure(case_id, "Sykkelopplæring", goal_ids=[goal.id])
    services.add_note(case_id, "Sykkel er kjøpt")
    services.store.cases.delete(case_id)
    assert services.search("sykkel") == [] and services.search("vangen") == []
    left = services.store.conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
    assert left == 0
