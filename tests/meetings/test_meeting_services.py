"""A whole meeting through the services on a real encrypted database: plan, run, close into the plan."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from ipterm.domain.agenda import meeting_refs
from ipterm.domain.errors import ValidationError
from ipterm.domain.models import ActionStatus, Attendance, GoalStatus, MeasureStatus, MeetingStatus, MemberKind
from ipterm.services import Services

from ..conftest import TODAY


@pytest.fixture
def case(services: Services) -> dict[str, int]:
    c = services.create_case("Ola Nordmann", coordinator="Kari Koordinator")
    ids = {"case": c.id}
    ids["ola"] = services.add_member(c.id, "Ola Nordmann", "Planeier", kind=MemberKind.PERSON).id
    ids["nav"] = services.add_member(c.id, "Nora Nilsen", "NAV-veileder", organisation="NAV").id
    ids["lege"] = services.add_member(c.id, "Kari Lie", "Fastlege", organisation="Legesenteret").id
    ids["goal1"] = services.add_goal(c.id, "Jeg vil beholde jobben", evaluate_by=TODAY).id
    ids["goal2"] = services.add_goal(c.id, "Sove bedre").id
    ids["m1"] = services.add_measure(
        c.id,
        "Oppfølging NAV",
        goal_ids=[ids["goal1"]],
        responsible_member_id=ids["nav"],
        evaluate_by=TODAY + timedelta(days=3),
    ).id
    services.add_action_item(c.id, "Søke om arbeidstrening", owner_member_id=ids["nav"], due_on=TODAY)
    return ids


def test_planned_meeting_gets_an_agenda_from_the_plan_and_a_balance_check(services: Services, case) -> None:
    m = services.meetings.plan_meeting(case["case"], datetime(2026, 11, 25, 10, 0), place="NAV Sentrum")
    agenda = services.store.meetings.get(m.id).agenda
    assert agenda[0] == "Hva vil Ola ta opp?"
    assert agenda[1] == "Beslutninger som skal tas i dag"
    assert "Mål 1 «Jeg vil beholde jobben»: hva har skjedd, hva mener Ola, og hva gjør vi videre?" in agenda
    assert "Evaluering av tiltak 1 «Oppfølging NAV»: virker det, og skal det fortsette?" in agenda
    assert any(p.startswith("Oppgaver som ikke er gjort") and "«Søke om arbeidstrening»" in p for p in agenda)
    assert agenda[-1] == "Neste møte"
    assert not any("#" in p for p in agenda)  # plain words: no #1, #t2, #o3 in what people read
    assert services.meetings.balance(m.id).warning() is None

    only_pros = services.meetings.plan_meeting(case["case"], datetime(2026, 12, 1, 10), invitees=[(case["nav"], "NAV")])
    warning = services.meetings.balance(only_pros.id).warning()
    assert warning and "ikke innkalt" in warning.render("nb")

    moved = services.meetings.move_agenda_point(m.id, 0, 1)
    assert moved.agenda[1] == "Hva vil Ola ta opp?"


def test_running_and_closing_a_meeting_updates_the_plan_in_one_go(services: Services, case) -> None:
    meetings = services.meetings
    m = meetings.plan_meeting(case["case"], datetime(2026, 11, 22, 10, 0), place="Rådhuset")
    meetings.start(m.id)
    meetings.set_attendance(m.id, case["ola"], Attendance.PRESENT)
    assert meetings.cycle_attendance(m.id, case["nav"]) is Attendance.PRESENT
    meetings.set_attendance(m.id, case["lege"], Attendance.APOLOGIES)
    for text in [
        "Ola forteller at det går bedre på jobb",
        "s: Jeg vil helst jobbe, ikke være sykmeldt",
        "b: Prøver halv stilling i tre måneder alt: full sykmelding; uendret",
        "o: Sende søknad om arbeidstrening @nav innen 1.12",
        "o: Nytt legetimeopplegg @kari +2u",
        "t: Arbeidstrening hos Coop 3 dager/uke #1 @nav fra 1.12 til +3m",
        "e: #1 fortsett Går bedre enn ventet",
        "e: #2 nådd Sover godt nå",
        "o: Ringe @ukjent innen 1.12",
        "n: 20.2.2027",
    ]:
        meetings.add_line(m.id, text)

    preview = meetings.preview_close(m.id)
    assert len(preview.plan.decisions) == 1 and len(preview.plan.actions) == 2
    assert preview.plan.skipped[0][0] == "o: Ringe @ukjent innen 1.12"
    assert preview.changes_since_last  # everything since the case started
    assert services.store.decisions.for_case(case["case"]) == []  # nothing written by the preview

    meetings.close(m.id)
    cf = services.case_file(case["case"])
    decision = cf.decisions[0]
    assert decision.text == "Prøver halv stilling i tre måneder"
    assert decision.alternatives == "full sykmelding; uendret"
    assert decision.person_view == "Jeg vil helst jobbe, ikke være sykmeldt"
    assert decision.person_present and decision.meeting_id == m.id
    new_items = {(a.text, a.owner_member_id, a.due_on) for a in cf.action_items if a.meeting_id == m.id}
    assert new_items == {
        ("Sende søknad om arbeidstrening", case["nav"], date(2026, 12, 1)),
        ("Nytt legetimeopplegg", case["lege"], date(2026, 12, 6)),
    }
    coop = next(x for x in cf.measures if x.what == "Arbeidstrening hos Coop 3 dager/uke")
    assert coop.goal_ids == (case["goal1"],) and coop.responsible_member_id == case["nav"]
    assert (coop.from_date, coop.to_date) == (date(2026, 12, 1), date(2027, 2, 22))
    assert coop.status is MeasureStatus.PLANNED  # it starts on 1 December: planned until then, not running
    assert {(e.goal_id, e.outcome.value) for e in cf.evaluations} == {
        (case["goal1"], "continue"),
        (case["goal2"], "achieved"),
    }
    assert cf.goal(case["goal2"]).status is GoalStatus.ACHIEVED
    # "fortsett" moves the next evaluation to the next meeting (n: 20.2.2027), where the group evaluates;
    # it never clears it.
    assert cf.goal(case["goal1"]).evaluate_by == date(2027, 2, 20)
    closed = cf.meeting(m.id)
    assert closed.status is MeetingStatus.CLOSED and closed.next_meeting_on == date(2027, 2, 20)
    nxt = [x for x in cf.meetings if x.status is MeetingStatus.PLANNED and x.starts_at.date() == date(2027, 2, 20)]
    assert len(nxt) == 1 and nxt[0].agenda
    assert any("Jeg vil helst jobbe" in n.text for n in cf.notes)
    assert cf.lines_of(m.id)[0].text == "Ola forteller at det går bedre på jobb"
    audit = {(e.entity, e.action) for e in services.audit_trail(case["case"])}
    assert {("decision", "create"), ("action_item", "create"), ("evaluation", "create"), ("meeting", "update")} <= audit

    with pytest.raises(ValidationError, match="avsluttet"):
        meetings.add_line(m.id, "for sent")


def test_contact_note_with_action_line_creates_an_action_item(services: Services, case) -> None:
    note, items = services.meetings.add_contact_note(
        case["case"], "Telefon med NAV om søknaden.\no: Sende vedlegg @nav innen 28.11"
    )
    assert note.text.startswith("Telefon med NAV")
    assert [(i.text, i.owner_member_id, i.due_on, i.status) for i in items] == [
        ("Sende vedlegg", case["nav"], date(2026, 11, 28), ActionStatus.OPEN)
    ]


def test_templates_per_case_and_global(services: Services, case) -> None:
    meetings = services.meetings
    first = meetings.plan_meeting(
        case["case"],
        datetime(2026, 11, 25, 10),
        place="NAV Sentrum",
        invitees=[(case["ola"], "planeier"), (case["nav"], "arbeid")],
        minutes_writer="Kari Koordinator",
        agenda=["Olas saker", "Jobb", "Neste møte"],
    )
    own = meetings.template_from_meeting(first.id, "Jobbmøte")
    assert own.case_id == case["case"] and own.invitee_member_ids == (case["ola"], case["nav"])
    glob = meetings.save_template(
        "Standard NAV-møte", invitee_roles=["NAV"], agenda_sections=["Velkommen", "{plan}", "Eventuelt"]
    )
    assert [t.name for t in meetings.templates(case["case"])] == ["Jobbmøte", "Standard NAV-møte"]

    again = meetings.plan_from_template(case["case"], own.id, datetime(2027, 1, 10, 9))
    assert {p.member_id for p in services.store.participants(again.id)} == {case["ola"], case["nav"]}
    assert services.store.meetings.get(again.id).agenda == ("Olas saker", "Jobb", "Neste møte")
    assert services.store.meetings.get(again.id).place == "NAV Sentrum"

    general = meetings.plan_from_template(case["case"], glob.id, datetime(2027, 2, 10, 9))
    invited = {p.member_id for p in services.store.participants(general.id)}
    assert invited == {case["ola"], case["nav"]}  # the person always, services by role word
    agenda = services.store.meetings.get(general.id).agenda
    assert agenda[0] == "Velkommen" and agenda[1] == "Hva vil Ola ta opp?" and agenda[-1] == "Eventuelt"


def test_minutes_print_each_task_as_agreed_at_the_table_not_as_changed_later(services: Services, case) -> None:
    """A task given a new owner and deadline (and then done) a month later still prints in the minutes
    with the owner, deadline and state agreed in the meeting; today's state is what the task list shows."""
    from ..export.pdf_tools import flat_text

    meetings = services.meetings
    m = meetings.plan_meeting(case["case"], datetime(2026, 11, 22, 10, 0), place="Rådhuset")
    meetings.start(m.id)
    meetings.set_attendance(m.id, case["nav"], Attendance.PRESENT)
    meetings.add_line(m.id, "o: Sende søknad om arbeidstrening @nav innen 15.1")
    meetings.close(m.id)
    task = next(a for a in services.case_file(case["case"]).action_items if a.meeting_id == m.id)
    assert task.due_on == date(2027, 1, 15)

    services.clock.day = date(2027, 2, 1)  # type: ignore[attr-defined]  (a FixedClock: two months on)
    services.tasks.edit(task.id, due_on=date(2027, 2, 28), owner_member_id=case["lege"], text="Søknad sendt av lege")
    services.tasks.done(task.id)
    now = services.tasks.get(task.id)
    assert (now.owner_member_id, now.due_on, now.status) == (case["lege"], date(2027, 2, 28), ActionStatus.DONE)

    minutes = flat_text(services.exports.export(case["case"], "minutes", meeting_id=m.id).rendered.content)
    tasks = minutes[minutes.index("Oppgaver") :]
    assert "Sende søknad om arbeidstrening Nora Nilsen NAV 15. januar 2027 åpen" in tasks, tasks
    assert "Søknad sendt av lege" not in minutes and "28. februar 2027" not in minutes and "Kari Lie" not in tasks


def test_a_meeting_held_on_another_day_than_planned_is_recorded_on_the_day_it_was_held(
    services: Services, case
) -> None:
    planned = services.meetings.plan_meeting(case["case"], datetime(2026, 12, 28, 9, 0), place="Rom 1")
    started = services.meetings.start(planned.id)  # the clock says 22.11.2026 09:00
    assert started.starts_at == services.clock.now()
    services.meetings.add_line(planned.id, "b: Vi prøver")
    services.meetings.close(planned.id)
    held = services.store.meetings.get(planned.id)
    assert held.starts_at.date() == TODAY and held.closed_at is not None
    assert held.starts_at <= held.closed_at  # never "28.12, avsluttet 22.11"
    on_the_day = services.meetings.plan_meeting(
        case["case"], datetime.combine(TODAY, datetime.min.time()).replace(hour=13)
    )
    assert services.meetings.start(on_the_day.id).starts_at.hour == 13  # on the planned day: as planned


def test_the_agenda_names_a_goal_as_the_documents_do_and_as_the_screen_does(services: Services, case) -> None:
    # goal1 "Jeg vil beholde jobben" (#1), goal2 "Sove bedre" (#2); a sub-goal of goal1 is added: it becomes #2
    # in plan order and "Sove bedre" #3 on screen, while documents call it Mål 2.
    services.add_goal(case["case"], "Møte opp hver dag", parent_id=case["goal1"])
    cf = services.case_file(case["case"])
    assert cf.goal_numbers()[case["goal2"]] == 3
    agenda = services.store.meetings.get(
        services.meetings.plan_meeting(case["case"], datetime(2026, 11, 25, 10)).id
    ).agenda
    assert any(p.startswith("Mål 1 «Jeg vil beholde jobben»") for p in agenda)
    point = next(p for p in agenda if p.startswith("Mål 2 «Sove bedre»"))
    # Meeting mode shows the number its lines take beside the point, not in it.
    assert meeting_refs(cf, point) == ("#3",)


def test_a_follow_up_of_a_task_that_did_not_exist_yet_never_lands_on_a_task_made_in_the_meeting(
    services: Services, case
) -> None:
    """`f: #o2 ferdig` typed while the case has only #o1 is not understood; when the meeting's own new task
    becomes #o2, neither the task nor the minutes may say it was done."""
    from ..export.pdf_tools import flat_text

    meetings = services.meetings
    m = meetings.plan_meeting(case["case"], datetime(2026, 11, 22, 10, 0), place="Rådhuset")
    meetings.start(m.id)
    meetings.add_line(m.id, "f: #o2 ferdig")
    meetings.add_line(m.id, "f: #o1 ferdig")
    meetings.add_line(m.id, "o: Sende søknad om AAP @nav innen 15.1")
    review = meetings.preview_close(m.id).plan
    assert [f.number for f in review.follow_ups] == [1]
    meetings.close(m.id)
    tasks = {a.text: a for a in services.case_file(case["case"]).action_items}
    assert tasks["Sende søknad om AAP"].status is ActionStatus.OPEN
    assert tasks["Søke om arbeidstrening"].status is ActionStatus.DONE

    minutes = flat_text(services.exports.export(case["case"], "minutes", meeting_id=m.id).rendered.content)
    followed = minutes[minutes.index("Oppfølging av tidligere oppgaver") :]
    assert "Søke om arbeidstrening" in followed
    assert "Sende søknad om AAP" not in followed.split("Notater")[0].split("Neste møte")[0], followed


def test_without_a_next_meeting_a_proposed_evaluation_falls_on_a_working_day(services: Services, case) -> None:
    """22.11.2026 + 125 days is Saturday 27.3.2027: proposed for Monday 29.3 instead."""
    services.update_case(case["case"], meeting_cadence_days=125)
    meetings = services.meetings
    m = meetings.plan_meeting(case["case"], datetime(2026, 11, 22, 10, 0), place="Rådhuset")
    meetings.start(m.id)
    meetings.add_line(m.id, "e: #1 delvis nådd, fortsett")
    meetings.add_line(m.id, "e: #2 fortsett innen 15.1")  # a date typed is kept as typed
    planned = {e.goal_id: e for e in meetings.preview_close(m.id).plan.evaluations}
    assert planned[case["goal1"]].next_evaluate_by == date(2027, 3, 29)
    assert planned[case["goal1"]].proposed
    assert planned[case["goal2"]].next_evaluate_by == date(2027, 1, 15)


def test_the_minutes_print_each_evaluations_next_date_as_agreed(services: Services, case) -> None:
    from ..export.pdf_tools import flat_text

    meetings = services.meetings
    m = meetings.plan_meeting(case["case"], datetime(2026, 11, 22, 10, 0), place="Rådhuset")
    meetings.start(m.id)
    meetings.add_line(m.id, "e: #1 delvis nådd, fortsett innen 15.1")
    meetings.add_line(m.id, "e: #2 nådd")
    meetings.close(m.id)
    services.update_goal(case["goal1"], evaluate_by=date(2027, 6, 1))  # moved later, elsewhere
    minutes = flat_text(services.exports.export(case["case"], "minutes", meeting_id=m.id).rendered.content)
    evaluated = minutes[minutes.index("Evalueringer") :]
    assert "Neste evaluering" in evaluated and "15. januar 2027" in evaluated
    assert "1. juni 2027" not in minutes
