"""A whole transition meeting, typed as a coordinator types it, on 1 December and in mid-June.

Emil turns 18; his mother, NAV, the GP, DPS, the school and the day centre are in the group. The
coordinator marks who came, types the minutes in bursts and with one pasted block, follows up an
earlier task, closes the meeting, and then checks what a person would check: the plan, the tasks,
the due list, the FHIR bundle and the text of the minutes PDF."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from textual.widgets import Static

from ipterm.domain.agenda import meeting_refs
from ipterm.domain.due import DueKind
from ipterm.domain.meeting_close import working_day
from ipterm.domain.models import ActionStatus, Attendance, EvaluationOutcome, GoalStatus, MeetingStatus, MemberKind
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.tui.screens.meeting_close_screen import MeetingCloseScreen
from ipterm.tui.screens.meeting_screen import MeetingScreen
from tests.conftest import TEST_KEY
from tests.export.pdf_tools import flat_text
from tests.tui_meeting.test_fast_input import burst, paste
from tests.tui_meeting.test_meeting_screen import Host, wait_for


def next_on_or_after(today: date, month: int, day: int) -> date:
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def coming(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


MONTHS = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]


def no_date(d: date) -> str:
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


@pytest.mark.parametrize("today", [date(2026, 12, 1), date(2027, 6, 15)], ids=["1-december", "15-june"])
async def test_a_whole_transition_meeting(tmp_path, today: date) -> None:
    store = Store.open(tmp_path / "data" / "ipterm.db", key=TEST_KEY, create=True)
    services = Services(store, FixedClock(today, time(11, 40)))
    case = services.create_case("Emil Hansen", coordinator="Kari Koordinator", meeting_cadence_days=90)
    cid = case.id
    long_ago = today - timedelta(days=200)
    ids = {
        "emil": services.add_member(cid, "Emil Hansen", "Planeier", kind=MemberKind.PERSON).id,
        "mor": services.add_member(cid, "Hanne Hansen", "Mor", kind=MemberKind.RELATIVE).id,
        "nav": services.add_member(cid, "Nora Nilsen", "NAV-veileder", organisation="NAV", last_confirmed=long_ago).id,
        "lege": services.add_member(
            cid, "Geir Lund", "Fastlege", organisation="Legesenteret", last_confirmed=long_ago
        ).id,
        "dps": services.add_member(cid, "Dina Pettersen", "Psykolog", organisation="DPS").id,
        "skole": services.add_member(cid, "Siri Skog", "Kontaktlærer", organisation="Videregående skole").id,
        "senter": services.add_member(cid, "Tom Dahl", "Miljøarbeider", organisation="Dagsenteret").id,
    }
    goal1 = services.add_goal(cid, "Jeg vil fullføre skoleåret", evaluate_by=today).id
    goal2 = services.add_goal(cid, "Jeg vil ha noe å gjøre på dagtid", evaluate_by=today).id
    services.add_measure(cid, "Leksehjelp", goal_ids=[goal1], responsible_member_id=ids["skole"], scope="2 t/uke",
                         how="På skolen etter siste time")  # fmt: skip
    earlier = services.add_action_item(cid, "Søke om støttekontakt", owner_member_id=ids["mor"],
                                       due_on=today + timedelta(days=3))  # fmt: skip
    meeting = services.meetings.plan_meeting(cid, datetime.combine(today, time(10)), place="Rådhuset")
    already_planned = services.meetings.plan_meeting(cid, datetime.combine(today + timedelta(days=50), time(13)))
    tasks_point = next(p for p in meeting.agenda if "«Søke om støttekontakt»" in p)
    assert "#" not in " ".join(meeting.agenda)  # plain words; meeting mode shows #o1 beside the point
    assert meeting_refs(services.case_file(cid), tasks_point) == ("#o1",)

    app = Host(services, meeting.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen), "meeting screen")
        # attendance: everyone present except the GP, who sent apologies (the GP is fourth in the list)
        await pilot.press("f2", "p", "down", "p", "down", "p", "down", "f", "down", "p", "down", "p", "down", "p")
        await pilot.press("f4")
        burst(app, "Emil forteller at skolen går tyngre etter jul\r")
        burst(app, "s: Jeg vil heller jobbe enn å gå på skolen hver dag\r")
        burst(
            app,
            "b: Emil prøver arbeidstrening to dager i uka alt: fortsette full skole alt: utsette skoleåret "
            "syn: Emil vil prøve jobb\r"
            "b: BUP avslutter 31.12 og DPS overtar behandlingen fra 1.1, BUP sender epikrise\r",
        )
        # the three tasks come in one pasted block
        paste(
            app,
            "o: Sende søknad om arbeidstrening @nav innen 15.1\n"
            "o: Henvise til DPS @fastlege +3u\n"
            "o: Avtale hospitering @dagsenteret fredag\n",
        )
        burst(app, "e: #1 delvis nådd, fortsett med leksehjelp\re: #2 fortsett Venter på arbeidstrening\r")
        burst(
            app,
            "t: Arbeidstrening #2 @nav fra 1.1 til 30.6 omfang: 2 dager/uke hvordan: NAV følger opp hver måned\r"
            "f: #o1 ferdig, søknaden er sendt\r",
        )
        burst(app, "n: 2.3 kl. 10")
        await wait_for(pilot, lambda: "kl. 10:00" in str(app.screen.query_one("#preview", Static).render()), "preview")
        next_meeting = next_on_or_after(today, 3, 2)
        assert f"2.3.{next_meeting.year} kl. 10:00" in str(app.screen.query_one("#preview", Static).render())
        burst(app, "\r")
        await wait_for(pilot, lambda: len(services.meetings.lines(meeting.id)) == 12, "12 lines stored")

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingCloseScreen), "close review")
        review = str(app.screen.query_one("#close-summary", Static).render())
        assert "delvis nådd" in review and "neste evaluering" in review and "(foreslått)" in review
        assert "achieved" not in review and "continue" not in review
        assert "kl. 10:00" in review
        # changes since the last meeting, in words; attendance is not a plan change
        assert "Mål #1 «Jeg vil fullføre skoleåret»: lagt til" in review and "Oppmøte" not in review
        assert "Oppfølging av oppgaver" in review and "#o1 Søke om støttekontakt: ferdig" in review
        chooser = app.screen.query_one("#confirm-members")
        assert "Kontaktinformasjon bekreftes" in chooser.border_title and len(chooser.selected) == 6
        burst(app, "Emil prøver arbeidstrening fra januar\r")  # the summary, typed into the review
        await wait_for(pilot, lambda: services.meetings.get(meeting.id).status is MeetingStatus.CLOSED, "closed")
        assert services.meetings.get(meeting.id).summary == "Emil prøver arbeidstrening fra januar"

    cf = services.case_file(cid)
    # present members had their contact confirmed; the GP, who sent apologies, did not
    assert (cf.member(ids["nav"]).last_confirmed, cf.member(ids["lege"]).last_confirmed) == (today, long_ago)
    # attendance
    attendance = services.meetings.attendance(meeting.id)
    assert attendance[ids["lege"]] is Attendance.APOLOGIES
    assert sum(a is Attendance.PRESENT for a in attendance.values()) == 6
    # decisions: every alternative, the person's view, a decision's own dates kept in its text
    d1, d2 = sorted((d for d in cf.decisions if d.meeting_id == meeting.id), key=lambda d: d.id)
    assert d1.text == "Emil prøver arbeidstrening to dager i uka"
    assert d1.alternatives == "fortsette full skole; utsette skoleåret"
    assert d1.person_view == "Emil vil prøve jobb" and d1.person_present
    assert d2.text == "BUP avslutter 31.12 og DPS overtar behandlingen fra 1.1, BUP sender epikrise"
    # tasks: three new ones with owners and forward dates, the earlier one done today
    new = {a.text: a for a in cf.action_items if a.meeting_id == meeting.id}
    assert {t: (a.owner_member_id, a.due_on) for t, a in new.items()} == {
        "Sende søknad om arbeidstrening": (ids["nav"], next_on_or_after(today, 1, 15)),
        "Henvise til DPS": (ids["lege"], today + timedelta(weeks=3)),
        "Avtale hospitering": (ids["senter"], coming(today, 4)),
    }
    assert all(a.due_on >= today for a in new.values())
    followed = services.tasks.get(earlier.id)
    assert (followed.status, followed.done_on) == (ActionStatus.DONE, today)
    # goals: evaluated, never left without a next evaluation date
    outcomes = {e.goal_id: e.outcome for e in cf.evaluations if e.meeting_id == meeting.id}
    assert outcomes == {goal1: EvaluationOutcome.PARTLY_ACHIEVED, goal2: EvaluationOutcome.CONTINUE}
    # after the cadence (90 days) on a working day, or at the next meeting if that comes first
    evaluated_on = min(next_meeting, working_day(today + timedelta(days=90)))
    for gid in (goal1, goal2):
        assert cf.goal(gid).status is GoalStatus.ACTIVE
        assert cf.goal(gid).evaluate_by == evaluated_on
    # the new measure is complete (scope and how), in the future, with NAV responsible
    work = next(m for m in cf.measures if m.what == "Arbeidstrening")
    assert (work.scope, work.how, work.responsible_member_id) == (
        "2 dager/uke",
        "NAV følger opp hver måned",
        ids["nav"],
    )
    assert work.goal_ids == (goal2,)
    assert work.from_date == next_on_or_after(today, 1, 1) and work.to_date > work.from_date
    assert work.to_date == date(work.from_date.year, 6, 30)
    # exactly one next meeting: the one already planned, moved to 2.3 at 10:00
    planned = [m for m in cf.meetings if m.status is MeetingStatus.PLANNED]
    assert [(m.id, m.starts_at) for m in planned] == [(already_planned.id, datetime.combine(next_meeting, time(10)))]

    # the due list: the new tasks, the next evaluations, not the task that is done
    due = services.due(ahead_days=400)
    due_tasks = {i.text for i in due if i.kind is DueKind.ACTION_ITEM}
    assert due_tasks == set(new)
    evaluations = {(i.ref_id, i.on) for i in due if i.kind is DueKind.GOAL_EVALUATION}
    assert evaluations == {(goal1, evaluated_on), (goal2, evaluated_on)}

    # FHIR: "delvis nådd" is in-progress, said in words
    bundle = json.loads(services.exports.export(cid, "fhir", allow_incomplete=True).rendered.content)
    goals = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal"]
    partly = next(g for g in goals if g["description"]["text"] == "Jeg vil fullføre skoleåret")
    assert partly["achievementStatus"]["coding"][0]["code"] == "in-progress"
    assert partly["achievementStatus"]["text"] == "delvis nådd"

    # the plan PDF names the outcome in Norwegian
    plan_pdf = services.exports.export(cid, "plan", allow_incomplete=True).rendered.content
    assert "delvis nådd" in flat_text(plan_pdf) and "partly" not in flat_text(plan_pdf)

    # the minutes PDF, field by field
    pdf = flat_text(
        services.exports.export(cid, "minutes", meeting_id=meeting.id, allow_incomplete=True).rendered.content
    )
    assert f"{no_date(today)} kl. 10.00–11.40" in pdf
    assert "meldt forfall" in pdf
    assert "Emil prøver arbeidstrening to dager i uka" in pdf and "utsette skoleåret" in pdf
    assert "BUP avslutter 31.12 og DPS overtar behandlingen fra 1.1, BUP sender epikrise" in pdf
    assert "delvis nådd" in pdf and "achieved" not in pdf
    assert "Tiltak fra møtet" in pdf and "Arbeidstrening" in pdf and "NAV følger opp hver måned" in pdf
    assert no_date(next_on_or_after(today, 1, 15)) in pdf
    assert "Oppfølging av tidligere oppgaver" in pdf and "Søke om støttekontakt" in pdf and "ferdig" in pdf
    assert f"{no_date(next_meeting)} kl. 10.00" in pdf
    assert "Jeg vil heller jobbe enn å gå på skolen hver dag" in pdf
    assert "Oppsummering Emil prøver arbeidstrening fra januar" in pdf

    # a task done after the meeting does not change what the minutes say it was at the meeting
    services.clock = FixedClock(today + timedelta(days=1), time(9))
    services.tasks.done(new["Henvise til DPS"].id)
    later = flat_text(
        services.exports.export(cid, "minutes", meeting_id=meeting.id, allow_incomplete=True).rendered.content
    )
    row = later.split("Henvise til DPS", 1)[1].split("Sende søknad", 1)[0]  # tasks are listed by due date
    assert "åpen" in row and "utført" not in row
    store.close()
