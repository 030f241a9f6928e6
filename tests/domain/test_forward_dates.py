"""Dates mean what a Norwegian means: a day.month without a year looks ahead in a deadline and back in a
consent's date, around the year's turn and on 29 February too."""

from __future__ import annotations

import contextlib
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipterm.domain.dates import BACKWARD, FORWARD, WEEKDAYS_NB, is_past, parse_clock, parse_date
from ipterm.domain.errors import ValidationError

CLOCKS = [date(2026, 12, 1), date(2026, 12, 31), date(2027, 1, 1), date(2028, 2, 29), date(2027, 6, 15)]


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 12, 1), "15.1", date(2027, 1, 15)),  # the bug: was 15.01.2026
        (date(2026, 12, 1), "2.3", date(2027, 3, 2)),
        (date(2026, 12, 1), "1.3", date(2027, 3, 1)),
        (date(2026, 12, 1), "1.12", date(2026, 12, 1)),  # today itself is "on or after today"
        (date(2026, 12, 31), "1.1", date(2027, 1, 1)),
        (date(2027, 1, 1), "31.12", date(2027, 12, 31)),
        (date(2026, 12, 1), "29.2", date(2028, 2, 29)),  # waits for the leap year
        (date(2027, 6, 15), "14.6", date(2028, 6, 14)),
    ],
)
def test_a_yearless_date_in_a_forward_field_is_the_next_one(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today) == expected
    assert parse_date(text, today, FORWARD) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2027, 1, 5), "20.12", date(2026, 12, 20)),  # consent given before Christmas
        (date(2026, 12, 1), "1.12", date(2026, 12, 1)),
        (date(2026, 12, 1), "2.12", date(2025, 12, 2)),
        (date(2027, 3, 1), "29.2", date(2024, 2, 29)),
    ],
)
def test_a_yearless_date_in_a_backward_field_is_the_latest_one(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today, BACKWARD) == expected


def test_weekdays_look_the_way_the_field_looks() -> None:
    tuesday = date(2026, 12, 1)
    assert parse_date("fredag", tuesday) == date(2026, 12, 4)
    assert parse_date("tirsdag", tuesday) == date(2026, 12, 8)  # said on a Tuesday: next week's
    assert parse_date("fredag", tuesday, BACKWARD) == date(2026, 11, 27)
    assert parse_date("tirsdag", tuesday, BACKWARD) == tuesday


def test_a_date_with_a_year_is_taken_as_typed_and_flagged_when_past() -> None:
    today = date(2026, 12, 1)
    assert parse_date("15.1.2026", today) == date(2026, 1, 15)
    assert is_past(parse_date("15.1.2026", today), today)
    assert not is_past(parse_date("15.1", today), today)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("kl. 10", time(10)), ("kl 10", time(10)), ("10:00", time(10)), ("10.15", time(10, 15)), ("1030", time(10, 30)),
     ("KL. 9.05", time(9, 5)), ("9", time(9))],
)  # fmt: skip
def test_times_of_day(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "10:60", "kl.", "ti", "10:0", ""])
def test_bad_times_get_a_message(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_clock(text)
    assert "klokkeslett" in info.value.message("nb")


yearless = st.tuples(st.integers(1, 31), st.integers(1, 12)).map(lambda dm: f"{dm[0]}.{dm[1]}")
weekday = st.sampled_from(WEEKDAYS_NB)


@settings(max_examples=60)
@given(st.sampled_from(CLOCKS), st.one_of(yearless, weekday, st.sampled_from(["+3u", "+1m", "i morgen", "i dag"])))
def test_a_forward_date_is_never_before_today_and_within_a_leap_cycle(today: date, text: str) -> None:
    try:
        found = parse_date(text, today, FORWARD)
    except ValidationError:
        return  # 31.4 and the like: refused with a message, never turned into another day
    assert today <= found < today + timedelta(days=366 * 8)
    if "." in text:
        day, month = (int(x) for x in text.split("."))
        assert (found.day, found.month) == (day, month)
        # and it is the first such day: the same day.month a year earlier would be before today
        with contextlib.suppress(ValueError):  # 29.2 a year earlier did not exist
            assert date(found.year - 1, month, day) < today


@settings(max_examples=60)
@given(st.sampled_from(CLOCKS), st.one_of(yearless, weekday))
def test_a_backward_date_is_never_after_today(today: date, text: str) -> None:
    try:
        found = parse_date(text, today, BACKWARD)
    except ValidationError:
        return
    assert today - timedelta(days=366 * 8) < found <= today
    if text in WEEKDAYS_NB:
        assert found > today - timedelta(days=7) and WEEKDAYS_NB[found.weekday()] == text
