"""Field rules shared by every form: required text, plan period sanity, national ids."""

from __future__ import annotations

from datetime import date

from ipterm.domain.errors import ValidationError
from ipterm.domain.national_id import parse_national_id

MAX_PLAN_YEARS = 10


def require_text(value: str, label_nb: str, label_en: str, *, field: str | None = None) -> str:
    """The trimmed text, or a ValidationError naming the missing field."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"{label_nb} må fylles ut.", f"{label_en} is required.", field=field)
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
            raise ValidationError(
                "Planperioden må slutte etter at den starter.",
                "The plan period must end after it starts.",
                field="plan_end",
            )
        if (end - start).days > MAX_PLAN_YEARS * 366:
            raise ValidationError(
                f"Planperioden kan ikke være lengre enn {MAX_PLAN_YEARS} år. Sett en revisjonsdato i stedet.",
                f"The plan period cannot be longer than {MAX_PLAN_YEARS} years. Set a revision date instead.",
                field="plan_end",
            )
    if revision and start and revision < start:
        raise ValidationError(
            "Revisjonsdatoen kan ikke være før planperioden starter.",
            "The revision date cannot be before the plan period starts.",
            field="next_revision",
        )
    if revision and end and revision > end:
        raise ValidationError(
            "Planen må revideres senest når planperioden slutter.",
            "The plan must be revised no later than the end of the plan period.",
            field="next_revision",
        )


def check_period(start: date | None, end: date | None, *, field: str = "to_date") -> None:
    if start and end and end < start:
        raise ValidationError(
            "Til-dato kan ikke være før fra-dato.", "The end date cannot be before the start date.", field=field
        )
