"""Fødselsnummer and D-nummer: 11 digits, a date (D-number: day + 40; synthetic: month + 80) and two
mod-11 check digits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ipterm.domain.errors import ValidationError

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class IdKind(StrEnum):
    BIRTH_NUMBER = "fødselsnummer"
    D_NUMBER = "D-nummer"


@dataclass(frozen=True, slots=True)
class NationalId:
    value: str
    kind: IdKind
    birth_date: date
    is_synthetic: bool  # month + 80, as used by test and demo data


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        return 0
    return None if check == 10 else check


def check_digits(first_nine: str) -> str | None:
    """The two check digits for nine leading digits, or None when no valid number has them."""
    k1 = _check_digit(first_nine, _WEIGHTS_1)
    if k1 is None:
        return None
    k2 = _check_digit(first_nine + str(k1), _WEIGHTS_2)
    return None if k2 is None else f"{k1}{k2}"


def _century(year2: int, individual: int) -> int | None:
    """The full year from the two-digit year and the individual number (the official ranges)."""
    if individual <= 499:
        return 1900 + year2
    if individual <= 749 and year2 >= 54:
        return 1800 + year2
    if individual >= 900 and year2 >= 40:
        return 1900 + year2
    if individual >= 500 and year2 <= 39:
        return 2000 + year2
    return None


def parse_national_id(text: str) -> NationalId:
    """Validate a fødselsnummer or D-number typed by a user (spaces allowed).

    Raises:
        ValidationError: with a message saying what is wrong.
    """
    value = "".join(text.split())
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        raise ValidationError("Fødselsnummer må ha 11 sifre.", field="national_id")
    expected = check_digits(value[:9])
    if expected is None or expected != value[9:]:
        raise ValidationError(
            "Kontrollsifrene i fødselsnummeret stemmer ikke. Sjekk at det er skrevet riktig.", field="national_id"
        )
    day, month, year2 = int(value[0:2]), int(value[2:4]), int(value[4:6])
    kind = IdKind.BIRTH_NUMBER
    if day > 40:
        kind, day = IdKind.D_NUMBER, day - 40
    is_synthetic = month > 80
    if is_synthetic:
        month -= 80
    elif month > 40:  # H-numbers (month + 40) are reserved for health-sector help numbers
        month -= 40
    year = _century(year2, int(value[6:9]))
    try:
        if year is None:
            raise ValueError
        born = date(year, month, day)
    except ValueError:
        raise ValidationError("Fødselsnummeret inneholder ingen gyldig fødselsdato.", field="national_id") from None
    return NationalId(value=value, kind=kind, birth_date=born, is_synthetic=is_synthetic)


def synthetic_id(born: date, individual: int = 500) -> str:
    """A synthetic test fødselsnummer (month + 80) for a birth date, with valid check digits.

    Tries individual numbers upward from `individual` within the century's range until the check
    digits work out.
    """
    lo, hi = (0, 499) if born.year < 2000 else (500, 999)
    start = min(max(individual, lo), hi)
    for n in list(range(start, hi + 1)) + list(range(lo, start)):
        first_nine = f"{born.day:02d}{born.month + 80:02d}{born.year % 100:02d}{n:03d}"
        digits = check_digits(first_nine)
        if digits is not None:
            return first_nine + digits
    raise ValueError(f"no synthetic id for {born}")  # unreachable for real dates


def mask_national_id(value: str) -> str:
    """Show only the birth date part, for screens that might be shared."""
    return value[:6] + " *****" if len(value) == 11 else "*" * len(value)
