"""Field rules shared by every form: required text, plan period sanity, national ids."""

from __future__ import annotations

from datetime import date

from ipterm.domain.errors import ValidationError
from ipterm.domain.messages import Message
from ipterm.domain.national_id import parse_national_id

MAX_PLAN_YEARS = 10


def require_text(value: str, label: str | Message, *, field: str | None = None) -> str:
    """The trimmed text, or a ValidationError naming the missing field."""
    text = (value or "").strip()
    if not text:
        raise ValidationError("{label} må fylles ut.", label=label, field=field)
    return text


def normalise_national_id(value: str | None) -> str | None:
    """None for an empty field; the 11 digits of a valid number otherwise."""
    if value is None or not value.strip():
        return None
    return parse_national_id(value).value


def check_plan_period(start: date | None, end: date | None, revision: date | None) -> None:
    """A plan period must run forwards, be of a sane length, and be revised inside or at its end."""
    if start and end:
        if end <= start:
            raise ValidationError("Planperioden må slutte etter at den starter.", field="plan_end")
        if (end - start).days > MAX_PLAN_YEARS * 366:
            raise ValidationError(
                "Planperioden kan ikke være lengre enn {max_plan_years} år. Sett en revisjonsdato i stedet.",
                max_plan_years=MAX_PLAN_YEARS,
                field="plan_end",
            )
    if revision and start and revision < start:
        raise ValidationError("Revisjonsdatoen kan ikke være før planperioden starter.", field="next_revision")
    if revision and end and revision > end:
        raise ValidationError("Planen må revideres senest når planperioden slutter.", field="next_revision")


def check_period(start: date | None, end: date | None, *, field: str = "to_date") -> None:
    if start and end and end < start:
        raise ValidationError("Til-dato kan ikke være før fra-dato.", field=field)
