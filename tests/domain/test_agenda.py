"""Agenda wording."""

from __future__ import annotations

from ipterm.domain.agenda import genitive


def test_possessive_of_a_name_ending_in_s_x_or_z_takes_an_apostrophe() -> None:
    assert genitive("Jonas") == "Jonas'"
    assert genitive("Max") == "Max'"
    assert genitive("Ida") == "Idas"


def _case_file():
    from datetime import date

    from ipterm.domain.models import ActionItem, Case, CaseFile, Goal, Measure

    case = Case(person_name="Jonas Berg Haugen", id=1)
    return CaseFile(
        case=case,
        goals=(Goal(1, "Beholde jobben", id=10), Goal(1, "Møte opp", id=11, parent_id=10), Goal(1, "Bo selv", id=12)),
        measures=(Measure(1, "Arbeidstrening", id=20, evaluate_by=date(2026, 12, 5)),),
        action_items=(ActionItem(1, "Sende søknad", id=30),),
    )


def test_generated_points_are_plain_words_with_the_persons_first_name_and_no_hash() -> None:
    from datetime import date

    from ipterm.domain.agenda import DECISIONS_POINT, build_agenda, meeting_refs

    cf = _case_file()
    agenda = build_agenda(cf, date(2026, 12, 1))
    assert agenda[:2] == ["Hva vil Jonas ta opp?", DECISIONS_POINT]
    assert "Mål 1 «Beholde jobben»: hva har skjedd, hva mener Jonas, og hva gjør vi videre?" in agenda
    assert "Mål 2 «Bo selv»: hva har skjedd, hva mener Jonas, og hva gjør vi videre?" in agenda  # main goals 1, 2
    assert "Evaluering av tiltak 1 «Arbeidstrening»: virker det, og skal det fortsette?" in agenda
    assert not any("#" in p for p in agenda)
    # Meeting mode maps the points back to the numbers its lines take (all goals counted: Bo selv is #3).
    by_start = {p.split(" «")[0]: p for p in agenda}
    assert meeting_refs(cf, by_start["Mål 2"]) == ("#3",)
    assert meeting_refs(cf, by_start["Evaluering av tiltak 1"]) == ("#t1",)
    tasks = next(p for p in agenda if "«Sende søknad»" in p)
    assert meeting_refs(cf, tasks) == ("#o1",)


def test_the_persons_points_come_first_and_the_decisions_fill_their_point() -> None:
    from datetime import datetime

    from ipterm.domain.agenda import DECISIONS_POINT, agenda_with_points
    from ipterm.domain.models import Meeting

    meeting = Meeting(1, datetime(2026, 12, 4, 10), agenda=("Hva vil Jonas ta opp?", DECISIONS_POINT, "Neste møte"))
    assert agenda_with_points(meeting, "Jonas") == list(meeting.agenda)
    filled = Meeting(1, meeting.starts_at, agenda=meeting.agenda, person_points=("Ferien", " "),
                     decisions_needed=("Apotek eller ikke?", "Hvem ringer NAV?"))  # fmt: skip
    assert agenda_with_points(filled, "Jonas") == [
        "Jonas vil ta opp: Ferien",
        "Beslutninger som skal tas i dag: Apotek eller ikke?; Hvem ringer NAV?",
        "Neste møte",
    ]
    # An agenda typed by hand without the point still gets the decisions, right after the person's points.
    typed = Meeting(1, meeting.starts_at, agenda=("Runde", "Neste møte"), person_points=("Ferien",),
                    decisions_needed=("Apotek?",))  # fmt: skip
    assert agenda_with_points(typed, "Jonas") == [
        "Jonas vil ta opp: Ferien", "Beslutninger som skal tas i dag: Apotek?", "Runde", "Neste møte",
    ]  # fmt: skip
