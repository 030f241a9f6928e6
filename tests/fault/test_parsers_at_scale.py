"""10,000 generated inputs per parser of user text in ipterm.domain: every one is either accepted or refused
with a message, never an unexpected exception.

The parsers: dates (`parse_date`, `parse_optional_date`), the national id (`parse_national_id` and the form
field's `normalise_national_id`), the minutes line (`parse_line`, and `convert_line` that changes its kind),
@mentions (`resolve_mention`, `complete_mention`), the search box (`fts_query`, and `excerpt` that cuts a
snippet out of a long text for it), the one-time passphrase typed by a colleague (`normalise`), and the
cleaners that make text safe for a terminal (`clean_for_terminal`, `quoted`, `terminal_json`).
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipterm.domain.dates import parse_date, parse_optional_date
from ipterm.domain.errors import ValidationError
from ipterm.domain.minutes import PREFIXES, LineKind, complete_mention, convert_line, parse_line, resolve_mention
from ipterm.domain.models import Member
from ipterm.domain.national_id import check_digits, parse_national_id, synthetic_id
from ipterm.domain.passphrase import WORDS, normalise
from ipterm.domain.search import HIT_END, HIT_START, excerpt, fts_query
from ipterm.domain.text import clean_for_terminal, quoted, terminal_json
from ipterm.domain.validation import normalise_national_id
from tests.profiles import examples

TODAY = date(2026, 11, 22)
MEMBERS = (
    Member(case_id=1, id=1, name="Nora Nilsen", role="NAV-veileder", organisation="NAV"),
    Member(case_id=1, id=2, name="Nora Berg", role="Lærer", organisation="Skolen"),
    Member(case_id=1, id=3, name="Åse Øvrebø", role="Fastlege"),
)
# Terminal controls, escapes and bidi characters are drawn much more often than st.text() would by itself.
hostile_text = st.text(
    st.one_of(st.characters(), st.sampled_from("\x1b\x9b\x07\x00\x9c\\[]();:\u202e\u2066\u200f\u0301\n\t")),
    max_size=200,
)
MANY = settings(max_examples=examples(10_000), deadline=None, suppress_health_check=[HealthCheck.too_slow])

date_like = st.one_of(
    st.text(max_size=24),
    st.from_regex(r"\A[+-]?\d{1,5}[dumåyw]?\Z"),
    st.from_regex(r"\A\d{1,3}[./]\d{1,3}([./]\d{1,5})?\Z"),
)
# Valid synthetic numbers (month + 80), also typed with a space and in another script's digits; and any nine
# digits with their check digits, so that the date and century rules behind the check are reached too.
synthetic = st.builds(synthetic_id, st.dates(date(1900, 1, 1), date(2039, 12, 31)), st.integers(0, 999))
checked = st.text("0123456789", min_size=9, max_size=9).map(lambda nine: nine + (check_digits(nine) or "00"))
id_like = st.one_of(
    checked,
    st.text(max_size=14),
    st.from_regex(r"\A\d{11}\Z"),
    st.from_regex(r"\A[\d ]{9,14}\Z"),
    synthetic,
    synthetic.map(lambda v: f"{v[:6]} {v[6:]}"),
    synthetic.map(lambda v: v.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))),
)
LINE_PREFIXES = ["b:", "o:", "t:", "e:", "s:", "n:", "neste:", "beslutning:", "x:", ""]
LINE_TOKENS = [
    *("innen", "frist", "fra", "til", "alt:", "syn:", "@nora", "@nora.berg", "@åse", "@x", "@", "#1", "#2", "#t1"),
    *("#t9", "#", "nådd", "fortsett", "endre", "stopp", "+2u", "+1m", "-3d", "+99999å", "31.2", "0.0", "1.12"),
    *("1.12.26", "2026-12-01", "99.99.9999", "i morgen", "i dag", "fredag", "neste mandag"),
]
line_like = st.one_of(
    st.text(max_size=160),
    st.tuples(st.sampled_from(LINE_PREFIXES), st.text(max_size=120)).map("".join),
    st.tuples(
        st.sampled_from(LINE_PREFIXES),
        st.lists(st.one_of(st.sampled_from(LINE_TOKENS), st.text(max_size=8)), max_size=10).map(" ".join),
    ).map(" ".join),
)


@pytest.mark.fault
@MANY
@given(date_like)
def test_date_parser(text: str) -> None:
    try:
        assert isinstance(parse_date(text, TODAY), date)
    except ValidationError as exc:
        assert exc.message("nb") and exc.message("en")
        assert clean_for_terminal(exc.message("nb")) == exc.message("nb")  # safe to show as it is
    try:
        assert parse_optional_date(text, TODAY) is None or text.strip()
    except ValidationError:
        assert text.strip()


@pytest.mark.fault
@MANY
@given(id_like)
def test_national_id_parser(text: str) -> None:
    try:
        value = parse_national_id(text).value
        assert len(value) == 11 and value.isascii() and value.isdigit()
        assert normalise_national_id(text) == value
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
    for problem in line.problems:  # shown in the preview line after cleaning, in any language
        nb, en = problem.render("nb"), problem.render("en")
        assert nb and en


@pytest.mark.fault
@MANY
@given(line_like, st.sampled_from(list(LineKind)))
def test_line_kind_conversion(text: str, kind: LineKind) -> None:
    converted = convert_line(text, kind)
    if kind is LineKind.NOTE:  # the prefix is dropped (a body that itself starts with one keeps that one)
        assert converted in (text.lstrip(), text.partition(":")[2].lstrip())
    else:
        assert converted.partition(":")[0].lower() in PREFIXES
        assert parse_line(converted, MEMBERS, TODAY).kind is kind


@pytest.mark.fault
@MANY
@given(st.one_of(st.text(max_size=30), st.text("noraberglæåseøvNOÅØ.-", max_size=12)))
def test_mentions(token: str) -> None:
    found = resolve_mention(token, MEMBERS)
    assert set(found) <= set(MEMBERS)
    for candidate in complete_mention(token, MEMBERS):
        assert len(resolve_mention(candidate, MEMBERS)) == 1  # a completion always names exactly one member


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
    assert UNSAFE.search(clean_for_terminal(text, single_line=True)) is None


UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.fault
@MANY
@given(hostile_text)
def test_quoting_and_json_for_the_terminal(text: str) -> None:
    shown = quoted(text)
    assert len(shown) <= 40 and UNSAFE.search(shown) is None
    out = terminal_json({"text": text, "list": [text]})
    assert json.loads(out) == {"text": text, "list": [text]}  # escaped, not changed
    assert UNSAFE.search(out.replace("\n", "")) is None


@pytest.mark.fault
@MANY
@given(hostile_text, st.data())
def test_search_excerpt(text: str, data: st.DataObject) -> None:
    words = re.findall(r"\w+", text)
    typed = data.draw(st.one_of(st.text(max_size=30), st.sampled_from(words or ["x"]).map(lambda w: w[:3])))
    snippet = excerpt(text, typed)
    if typed.isascii() and typed.isalnum() and typed in (w[:3] for w in words):
        assert HIT_START in snippet
    plain = snippet.replace(HIT_START, "").replace(HIT_END, "").strip("…")
    assert plain in text.replace(HIT_START, "").replace(HIT_END, "")
    assert snippet.count(HIT_START) == snippet.count(HIT_END) <= 12
    if fts_query(typed) is None:
        assert snippet == ""


@pytest.mark.fault
@MANY
@given(st.text(max_size=80), st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), st.sampled_from(" -\t"))
def test_one_time_passphrase_as_typed(typed: str, words: list[str], gap: str) -> None:
    read = normalise(typed)
    assert normalise(read) == read and not any(ch.isspace() for ch in read)
    assert normalise(f" {gap.join(words).upper()} ") == "-".join(words)  # as read out over the phone
