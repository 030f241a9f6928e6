from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipterm.domain.errors import ValidationError
from ipterm.domain.national_id import IdKind, mask_national_id, parse_national_id, synthetic_id
from tests.profiles import examples

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2039, 12, 31))


@given(dates)
def test_synthetic_ids_are_valid_and_carry_the_birth_date(born: date) -> None:
    parsed = parse_national_id(synthetic_id(born))
    assert parsed.is_synthetic
    assert parsed.birth_date == born
    assert parsed.kind is IdKind.BIRTH_NUMBER


@given(dates, st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_caught(born: date, position: int, delta: int) -> None:
    value = synthetic_id(born)
    changed = value[:position] + str((int(value[position]) + delta) % 10) + value[position + 1 :]
    with pytest.raises(ValidationError):
        parse_national_id(changed)


@settings(max_examples=examples(500))
@given(st.text(max_size=20))
def test_any_text_is_either_a_valid_id_or_a_clear_message(text: str) -> None:
    try:
        parsed = parse_national_id(text)
    except ValidationError as exc:
        assert exc.field == "national_id"
        assert exc.message("nb") and exc.message("en")
    else:
        assert len(parsed.value) == 11


def test_d_number_is_recognised() -> None:
    first_nine = "579282500"[:9]  # day 17 + 40, synthetic month 92 = december
    from ipterm.domain.national_id import check_digits

    digits = check_digits(first_nine) or ""
    if not digits:
        first_nine = "579282501"
        digits = check_digits(first_nine) or ""
    parsed = parse_national_id(first_nine + digits)
    assert parsed.kind is IdKind.D_NUMBER
    assert parsed.birth_date.day == 17 and parsed.birth_date.month == 12


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1234567890", "11 sifre"),
        ("12345678901a", "11 sifre"),
        ("17851250035", "Kontrollsifrene"),
        ("", "11 sifre"),
    ],
)
def test_messages_say_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_national_id(text)
    assert fragment in info.value.message("nb")


def test_spaces_are_allowed_and_masking_hides_the_personal_number() -> None:
    assert parse_national_id("178512 50034").value == "17851250034"
    assert mask_national_id("17851250034") == "178512 *****"
