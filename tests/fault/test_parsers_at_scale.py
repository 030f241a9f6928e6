"""10,000 generated inputs per parser: every one is either accepted or refused with a message."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipterm.domain.dates import parse_date
from ipterm.domain.errors import ValidationError
from ipterm.domain.minutes import LineKind, parse_line
from ipterm.domain.models import Member
from ipterm.domain.national_id import parse_national_id
from ipterm.domain.search import fts_query
from ipterm.domain.text import clean_for_terminal

TODAY = date(2026, 11, 22)
MEMBERS = (Member(case_id=1, id=1, name="Nora Nilsen", role="NAV-veileder", organisation="NAV"),)
MANY = settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

date_like = st.one_of(
    st.text(max_size=24),
    st.from_regex(r"\A[+-]?\d{1,5}[dumåyw]?\Z"),
    st.from_regex(r"\A\d{1,3}[./]\d{1,3}([./]\d{1,5})?\Z"),
)
id_like = st.one_of(st.text(max_size=14), st.from_regex(r"\A\d{11}\Z"), st.from_regex(r"\A[\d ]{9,14}\Z"))
line_like = st.one_of(
    st.text(max_size=160),
    st.tuples(st.sampled_from(["b:", "o:", "t:", "e:", "s:", "n:", "neste:", "x:"]), st.text(max_size=120)).map(
        "".join
    ),
)


@pytest.mark.fault
@MANY
@given(date_like)
def test_date_parser(text: str) -> None:
    try:
        assert isinstance(parse_date(text, TODAY), date)
    except ValidationError as exc:
        assert exc.message("nb") and exc.message("en")


@pytest.mark.fault
@MANY
@given(id_like)
def test_national_id_parser(text: str) -> None:
    try:
        assert len(parse_national_id(text).value) == 11
    except ValidationError as exc:
        assert exc.message("nb") and exc.message("en")


@pytest.mark.fault
@MANY
@given(line_like)
def test_minutes_line_parser(text: str) -> None:
    line = parse_line(text, MEMBERS, TODAY)
    assert line.raw == text
    if line.kind is LineKind.NOTE:
        assert line.text == text.strip()


@pytest.mark.fault
@MANY
@given(st.text(max_size=80))
def test_search_query_builder(text: str) -> None:
    query = fts_query(text)
    assert query is None or all(part.startswith('"') and part.endswith('"*') for part in query.split(" "))


@pytest.mark.fault
@MANY
@given(st.text(max_size=200))
def test_terminal_cleaner(text: str) -> None:
    cleaned = clean_for_terminal(text)
    assert "\x1b" not in cleaned and "\x9b" not in cleaned
