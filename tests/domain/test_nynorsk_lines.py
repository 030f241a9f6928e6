"""Meeting lines typed in nynorsk are read as well as bokmål ones, whatever the UI language."""

from __future__ import annotations

from datetime import date

from ipterm.domain.minutes import LineKind, parse_line
from ipterm.domain.models import EvaluationOutcome, Member, MemberKind

DEC_1 = date(2026, 12, 1)  # a Tuesday, late in the year
MEMBERS = (Member(case_id=1, name="Kari Nav", role="Rettleiar", organisation="NAV", kind=MemberKind.SERVICE, id=3),)


def test_a_task_with_innan_and_a_nynorsk_weekday() -> None:
    line = parse_line("oppgåve: Sende søknad @kari innan tysdag", MEMBERS, DEC_1)
    assert line.kind is LineKind.ACTION and line.owner_id == 3
    assert line.due == date(2026, 12, 8) and line.text == "Sende søknad"


def test_a_date_without_a_year_after_innan_looks_forward() -> None:
    assert parse_line("o: Ringe skulen @kari innan 15.1", MEMBERS, DEC_1).due == date(2027, 1, 15)


def test_a_measure_from_a_day_with_fra() -> None:
    line = parse_line("t: Arbeidstrening @kari frå 4.1 til 30.6", MEMBERS, DEC_1)
    assert (line.from_date, line.to_date) == (date(2027, 1, 4), date(2027, 6, 30))


def test_held_fram_and_vidare_continue_a_goal() -> None:
    for raw in ("e: #1 held fram, treng meir tid", "e: #1 vidare", "e: #1 vidareførast"):
        line = parse_line(raw, MEMBERS, DEC_1)
        assert line.outcome is EvaluationOutcome.CONTINUE, raw
    assert parse_line("e: #1 delvis nådd", MEMBERS, DEC_1).outcome is EvaluationOutcome.PARTLY_ACHIEVED


def test_i_morgon_and_laurdag() -> None:
    assert parse_line("o: Sende @kari innan i morgon", MEMBERS, DEC_1).due == date(2026, 12, 2)
    assert parse_line("o: Sende @kari innan laurdag", MEMBERS, DEC_1).due == date(2026, 12, 5)


def test_the_persons_own_point_in_bokmal_and_nynorsk() -> None:
    from datetime import date

    from ipterm.domain.minutes import PREFIX_FOR, LineKind, convert_line, parse_line

    for raw in (
        "p: Jeg vil snakke om ferien innen 1.3",
        "punkt: Jeg vil snakke om ferien innen 1.3",
        "ønske: Jeg vil snakke om ferien innen 1.3",
        "Ønskje: Jeg vil snakke om ferien innen 1.3",
    ):
        line = parse_line(raw, [], date(2026, 12, 1))
        assert line.kind is LineKind.PERSON_POINT
        assert line.text == "Jeg vil snakke om ferien innen 1.3"  # the person's words, verbatim
        assert not line.problems
    assert parse_line("Tema: bolig", [], date(2026, 12, 1)).kind is LineKind.NOTE
    assert PREFIX_FOR[LineKind.PERSON_POINT] == "p: "
    assert convert_line("Ferien", LineKind.PERSON_POINT) == "p: Ferien"
