"""The parser never drops a word: alternatives, dates inside decisions, Norwegian outcomes, times."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipterm.domain.minutes import LineKind, parse_line
from ipterm.domain.models import EvaluationOutcome, Member, MemberKind
from ipterm.i18n import label
from ipterm.tui.widgets.line_preview import describe

DEC_1 = date(2026, 12, 1)
MEMBERS = (
    Member(case_id=1, id=1, name="Nora Nilsen", role="NAV-veileder", organisation="NAV"),
    Member(case_id=1, id=2, name="Kari Lie", role="Fastlege", organisation="Legesenteret"),
    Member(case_id=1, id=3, name="Ola Nordmann", role="Planeier", kind=MemberKind.PERSON),
)
BY_ID = {m.id: m for m in MEMBERS}


def test_every_alternative_is_kept() -> None:
    line = parse_line("b: Halv stilling alt: A alt: B syn: Ola vil jobbe", MEMBERS, DEC_1)
    assert (line.text, line.alternatives, line.person_view) == ("Halv stilling", "A; B", "Ola vil jobbe")


def test_a_decision_is_stored_as_typed_with_its_dates() -> None:
    raw = "b: BUP avslutter 31.12 og DPS overtar behandlingen fra 1.1, BUP sender epikrise"
    line = parse_line(raw, MEMBERS, DEC_1)
    assert line.text == raw[3:]
    assert (line.from_date, line.to_date, line.due) == (None, None, None)


def test_a_date_clause_is_taken_from_the_end_only() -> None:
    line = parse_line("o: Sende søknad innen 1.12 og ringe @nav innen 15.1", MEMBERS, DEC_1)
    assert line.text == "Sende søknad innen 1.12 og ringe"
    assert line.due == date(2027, 1, 15) and line.owner_id == 1


@pytest.mark.parametrize(
    ("raw", "outcome", "comment"),
    [
        ("e: #1 delvis nådd, fortsett med leksehjelp", EvaluationOutcome.PARTLY_ACHIEVED, "fortsett med leksehjelp"),
        ("e: #1 Delvis oppnådd", EvaluationOutcome.PARTLY_ACHIEVED, ""),
        ("e: #1 nådd", EvaluationOutcome.ACHIEVED, ""),
        ("e: #1 oppnådd!", EvaluationOutcome.ACHIEVED, ""),
        ("e: #1 fortsetter som før", EvaluationOutcome.CONTINUE, "som før"),
        ("e: #1 videreføres", EvaluationOutcome.CONTINUE, ""),
        ("e: #1 endres: kortere dager", EvaluationOutcome.CHANGE, "kortere dager"),
        ("e: #t1 avsluttes, ikke behov", EvaluationOutcome.STOP, "ikke behov"),
        ("e: #t1 stoppes", EvaluationOutcome.STOP, ""),
    ],
)
def test_outcomes_are_norwegian_words_with_their_forms(raw: str, outcome: EvaluationOutcome, comment: str) -> None:
    line = parse_line(raw, MEMBERS, DEC_1)
    assert line.outcome is outcome
    assert line.text == comment
    preview = describe(line, BY_ID).plain
    assert f"resultat: {label(outcome)} " in preview  # the Norwegian label, not "achieved"


def test_next_meeting_with_a_time() -> None:
    for raw, expected in [
        ("n: 2.3.2027 kl. 10:00", time(10)),
        ("n: 2.3 kl 10", time(10)),
        ("n: 2.3 10.15", time(10, 15)),
        ("n: tirsdag 2.3 10:00", time(10)),
    ]:
        line = parse_line(raw, MEMBERS, DEC_1)
        assert (line.due, line.at, line.problems) == (date(2027, 3, 2), expected, ()), raw
        assert "tirsdag 2.3.2027 kl. " in describe(line, BY_ID).plain


def test_a_range_without_years_lies_ahead_whenever_it_is_typed() -> None:
    for today, start in [(DEC_1, 2027), (date(2027, 6, 15), 2028)]:
        line = parse_line("t: Leksehjelp #1 @nav fra 1.1 til 30.6", MEMBERS, today)
        assert (line.from_date, line.to_date) == (date(start, 1, 1), date(start, 6, 30))


def test_a_measure_carries_scope_and_how() -> None:
    line = parse_line(
        "t: Arbeidstrening #1 @nav fra 1.12 til +3m omfang: 3 d/uke hvordan: NAV følger opp", MEMBERS, DEC_1
    )
    assert (line.text, line.scope, line.how, line.owner_id) == ("Arbeidstrening", "3 d/uke", "NAV følger opp", 1)
    assert line.from_date == DEC_1


def test_a_past_date_typed_with_a_year_is_flagged() -> None:
    line = parse_line("o: Sende @nav innen 15.1.2026", MEMBERS, DEC_1)
    assert any("passert" in p.render("nb") for p in line.problems)
    assert "passert" in describe(line, BY_ID).plain


WORD = st.one_of(
    st.sampled_from(["innen", "frist", "fra", "til", "kl.", "10:00", "15.1", "+2u", "fredag", "@nav", "@kari", "#1",
                     "#t2", "alt:", "syn:", "omfang:", "hvordan:", "delvis", "nådd", "fortsett", "stopp", "2.3.2027",
                     "i", "morgen", "den", "og", ",", "31.2"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=1, max_size=8),
)  # fmt: skip


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.split(r"[\s,;:!.()«»]+", text) if w}


@settings(max_examples=150)
@given(st.sampled_from(["b: ", "o: ", "t: ", "e: ", "s: ", "n: "]), st.lists(WORD, min_size=1, max_size=12))
def test_every_word_typed_is_stored_or_shown(prefix: str, words: list[str]) -> None:
    raw = prefix + " ".join(words)
    line = parse_line(raw, MEMBERS, DEC_1)
    assert line.kind is not LineKind.NOTE
    stored = " ".join([line.text, line.alternatives, line.person_view, line.scope, line.how])
    shown = describe(line, BY_ID).plain
    segment_labels = {"alt", "syn", "omfang", "hvordan"}
    missing = _words(" ".join(words)) - _words(stored) - _words(shown) - segment_labels
    assert not missing, (raw, line, shown)
