"""The minutes line syntax: every line is either understood or kept verbatim as a note."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipterm.domain.minutes import LineKind, complete_mention, convert_line, parse_line, resolve_mention
from ipterm.domain.models import EvaluationOutcome, Member, MemberKind
from tests.profiles import examples

TODAY = date(2026, 11, 22)
MEMBERS = (
    Member(case_id=1, id=1, name="Nora Nilsen", role="NAV-veileder", organisation="NAV"),
    Member(case_id=1, id=2, name="Kari Lie", role="Fastlege", organisation="Legesenteret"),
    Member(case_id=1, id=3, name="Ola Nordmann", role="Planeier", kind=MemberKind.PERSON),
    Member(case_id=1, id=4, name="Øystein Ås", role="Miljøterapeut", organisation="Psykisk helse"),
)


def test_decision_with_alternatives_and_view() -> None:
    line = parse_line("b: Prøver halv stilling alt: full sykmelding; uendret syn: Ola vil helst jobbe", MEMBERS, TODAY)
    assert line.kind is LineKind.DECISION
    assert line.text == "Prøver halv stilling"
    assert line.alternatives == "full sykmelding; uendret"
    assert line.person_view == "Ola vil helst jobbe"


@pytest.mark.parametrize(
    ("raw", "owner", "due"),
    [
        ("o: Sende søknad @nav innen 1.12", 1, date(2026, 12, 1)),
        ("o: Sende søknad @nora frist 01.12.26", 1, date(2026, 12, 1)),
        ("oppgave: Ringe skolen @kari +2u", 2, date(2026, 12, 6)),
        ("o: Sjekke boligsøknad @øystein innen i morgen", 4, date(2026, 11, 23)),
        ("O: Avtale time @fastlege innen 2026-12-10", 2, date(2026, 12, 10)),
    ],
)
def test_action_items_with_owner_and_due_date(raw: str, owner: int, due: date) -> None:
    line = parse_line(raw, MEMBERS, TODAY)
    assert line.kind is LineKind.ACTION
    assert line.owner_id == owner and line.due == due and line.problems == ()
    assert "@" not in line.text and "innen" not in line.text


def test_action_item_problems_are_explained() -> None:
    line = parse_line("o: Ringe @ukjent", MEMBERS, TODAY)
    assert line.unresolved_mentions == ("ukjent",)
    shown = [(p.render("nb"), p.render("en")) for p in line.problems]
    assert ("Fant ingen i gruppen som heter @ukjent", "Nobody in the group called @ukjent") in shown
    assert any("Når?" in nb for nb, _ in shown)
    bad_date = parse_line("o: Ringe @nav innen 31.2", MEMBERS, TODAY)
    assert any("er ikke en dato" in p.render("nb") for p in bad_date.problems)


def test_measure_evaluation_view_and_next_meeting() -> None:
    m = parse_line("t: Arbeidstrening 3 dager/uke #1 @nav fra 1.12 til 1.3.27", MEMBERS, TODAY)
    assert (m.kind, m.text, m.goal_numbers, m.owner_id) == (LineKind.MEASURE, "Arbeidstrening 3 dager/uke", (1,), 1)
    assert (m.from_date, m.to_date) == (date(2026, 12, 1), date(2027, 3, 1))
    e = parse_line("e: #2 fortsett Går bedre enn ventet", MEMBERS, TODAY)
    assert (e.outcome, e.goal_numbers, e.text) == (EvaluationOutcome.CONTINUE, (2,), "Går bedre enn ventet")
    em = parse_line("e: #t3 stopp ikke lenger behov", MEMBERS, TODAY)
    assert em.measure_numbers == (3,) and em.outcome is EvaluationOutcome.STOP
    assert parse_line("s: Jeg vil jobbe", MEMBERS, TODAY).kind is LineKind.VIEW
    assert parse_line("n: 12.2.2027", MEMBERS, TODAY).due == date(2027, 2, 12)
    assert parse_line("neste: +3m", MEMBERS, TODAY).due == date(2027, 2, 22)


def test_plain_lines_and_unknown_prefixes_are_notes() -> None:
    for raw in ["Ola forteller om sommeren", "Tid: 10:00", "Ola: ok", "", "   ", "@nav sa hei", "#1 er viktig"]:
        line = parse_line(raw, MEMBERS, TODAY)
        assert line.kind is LineKind.NOTE
        assert line.raw == raw


def test_mention_completion_and_line_conversion() -> None:
    assert complete_mention("no", MEMBERS) == ["Nora", "Ola"]  # first names first, then Ola Nordmann
    twins = (*MEMBERS, Member(case_id=1, id=9, name="Kari Berg", role="Lærer"))
    assert complete_mention("kar", twins) == ["Kari.Lie", "Kari.Berg"]
    assert parse_line("o: x @Kari.Berg +1d", twins, TODAY).owner_id == 9
    assert complete_mention("fast", MEMBERS) == ["Kari"]
    assert complete_mention("oys", MEMBERS) == ["Øystein"] or complete_mention("øys", MEMBERS) == ["Øystein"]
    assert convert_line("Vi prøver halv stilling", LineKind.DECISION) == "b: Vi prøver halv stilling"
    assert convert_line("o: Ringe @nav", LineKind.DECISION) == "b: Ringe @nav"


def test_in_privacy_mode_a_completed_mention_names_the_role_not_the_person() -> None:
    # The shared screen shows N.N.; the line being typed must not spell out "Nora" beside it.
    assert complete_mention("no", MEMBERS, nameless=True) == ["nav", "planeier"]
    assert complete_mention("kari", MEMBERS, nameless=True) == ["fastlege"]
    for token in complete_mention("", MEMBERS, nameless=True):
        assert len(resolve_mention(token, MEMBERS)) == 1, token
    nameless_only = (Member(case_id=1, id=7, name="Per Hansen", role=""),)
    assert complete_mention("per", nameless_only, nameless=True) == ["Per"]  # nothing else names him


@settings(max_examples=examples(2000))
@given(st.text(max_size=200))
def test_any_text_is_parsed_or_kept_verbatim_never_an_exception(raw: str) -> None:
    line = parse_line(raw, MEMBERS, TODAY)
    assert line.raw == raw
    if line.kind is LineKind.NOTE:
        assert line.text == raw.strip()


@settings(max_examples=examples(500))
@given(st.sampled_from(["b: ", "o: ", "t: ", "e: ", "s: ", "n: "]), st.text(max_size=120))
def test_any_prefixed_text_never_raises(prefix: str, rest: str) -> None:
    line = parse_line(prefix + rest, MEMBERS, TODAY)
    assert line.kind is not LineKind.NOTE
    assert all(p.render("nb") and p.render("en") for p in line.problems)


def test_the_comma_before_an_end_clause_goes_with_the_clause() -> None:
    line = parse_line("e: #1 fortsett med logoped, innen 1.3", MEMBERS, TODAY)
    assert line.text == "med logoped" and line.due == date(2027, 3, 1)
    task = parse_line("o: Ringe skolen, @kari innen fredag", MEMBERS, TODAY)
    assert task.text == "Ringe skolen" and task.owner_id == 2


def test_a_hyphenated_first_name_is_found_whole() -> None:
    members = (*MEMBERS, Member(case_id=1, id=8, name="Kari-Anne Holm", role="Helsesykepleier"))
    assert parse_line("o: Ringe mor @kari-anne +1u", members, TODAY).owner_id == 8
    assert [m.id for m in resolve_mention("kari", members)] == [2, 8]  # both Karis, as before
