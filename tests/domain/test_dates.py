from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipterm.domain.dates import add_months, format_date, format_date_long, parse_date
from ipterm.domain.errors import ValidationError
from tests.profiles import examples

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.12.2026", date(2026, 12, 1)),
        ("01.12.26", date(2026, 12, 1)),
        ("1.12", date(2026, 12, 1)),
        ("1/12/2026", date(2026, 12, 1)),
        ("2026-12-01", date(2026, 12, 1)),
        ("i dag", TODAY),
        ("I  Dag", TODAY),
        ("i morgen", TODAY + timedelta(days=1)),
        ("i går", TODAY - timedelta(days=1)),
        ("+2u", TODAY + timedelta(weeks=2)),
        ("+3d", TODAY + timedelta(days=3)),
        ("+3", TODAY + timedelta(days=3)),
        ("-1u", TODAY - timedelta(weeks=1)),
        ("+1m", date(2026, 12, 22)),
        ("+1å", date(2027, 11, 22)),
        ("12.03.84", date(1984, 3, 12)),
        ("i overmorgen", TODAY + timedelta(days=2)),
    ],
)
def test_norwegian_forms(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31.2.2026", "32.1.2026", "1.13.2026", "i overimorgen", "abc", "+2x"])
def test_bad_dates_get_a_norwegian_message(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text, TODAY)
    assert "er ikke en dato" in info.value.message("nb")
    assert "is not a date" in info.value.message("en")


def test_empty_date_says_it_is_missing() -> None:
    with pytest.raises(ValidationError, match="mangler"):
        parse_date("  ", TODAY)


@settings(max_examples=examples(1000))
@given(st.text(max_size=30))
def test_any_text_parses_or_gives_a_validation_error(text: str) -> None:
    try:
        result = parse_date(text, TODAY)
    except ValidationError as exc:
        assert exc.field == "date"
    else:
        assert isinstance(result, date)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2070, 12, 31)))
def test_formatted_dates_parse_back(day: date) -> None:
    assert parse_date(format_date(day), TODAY) == day
    assert parse_date(day.isoformat(), TODAY) == day


def test_long_form_and_month_arithmetic() -> None:
    assert format_date_long(date(2026, 12, 1)) == "1. desember 2026"
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_weekdays_mean_the_coming_one() -> None:
    assert TODAY.weekday() == 6  # a Sunday
    assert parse_date("fredag", TODAY) == date(2026, 11, 27)
    assert parse_date("på mandag", TODAY) == date(2026, 11, 23)
    assert parse_date("søndag", TODAY) == date(2026, 11, 29)


@pytest.mark.parametrize(("text", "said"), [("+999å", "100 år fram i tid"), ("1.1.2300", "100 år fram i tid"),
                                            ("1.1.1899", "før 1900")])  # fmt: skip
def test_dates_out_of_reach_say_why(text: str, said: str) -> None:
    """`+999å` was taken as 4.12.3025, and 1.1.1899 was «not a date» without saying what was wrong."""
    with pytest.raises(ValidationError) as info:
        parse_date(text, TODAY)
    assert said in info.value.message("nb")


def test_a_plans_start_is_the_nearest_such_day() -> None:
    """`1.12` typed on 4.12 for «Plan fra» is three days ago, not a year ahead."""
    from ipterm.domain.dates import NEAREST

    on = date(2026, 12, 4)
    assert parse_date("1.12", on, NEAREST) == date(2026, 12, 1)
    assert parse_date("10.1", on, NEAREST) == date(2027, 1, 10)
    assert parse_date("1.12", on) == date(2027, 12, 1)  # a deadline still looks ahead
