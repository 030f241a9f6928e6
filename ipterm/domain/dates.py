"""Dates as Norwegian coordinators type them, and as they read them.

Accepted: `1.12.2026`, `01.12.26`, `1.12`, `2026-12-01`, `i dag`, `i morgen`, `i går`, weekdays
(`fredag`, `på mandag`), and offsets from today such as `+3d`, `+2u` (weeks), `+1m` (months), `+1å`
(years), `-2u`.

A date without a year, or a weekday, is read the way a Norwegian means it in the field it is typed into:
in a field that looks ahead (a deadline, an evaluation, the next meeting, an expiry) it is the next such
day on or after today (`15.1` typed on 1 December is next January); in a field that looks back (when a
consent was given, the date of a note) it is the latest such day on or before today.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, time, timedelta

from ipterm.domain.errors import ValidationError
from ipterm.domain.messages import N_
from ipterm.domain.text import quoted

MONTHS_NB = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip

_WORDS = {"i dag": 0, "idag": 0, "today": 0, "i morgen": 1, "imorgen": 1, "i morgon": 1, "imorgon": 1,
          "tomorrow": 1, "i går": -1, "igår": -1, "yesterday": -1, "i overmorgen": 2, "i overmorgon": 2,
          "i forgårs": -2}  # fmt: skip
WEEKDAYS_NB = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
# Typed days are read in bokmål and nynorsk, whatever the UI language (a meeting in Time writes "tysdag").
WEEKDAYS_NN = ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag")
WEEKDAY_INDEX = {name: n for days in (WEEKDAYS_NB, WEEKDAYS_NN) for n, name in enumerate(days)}
# The same days as message ids, to be shown in the reader's language.
WEEKDAY_NAMES = (N_("mandag"), N_("tirsdag"), N_("onsdag"), N_("torsdag"), N_("fredag"), N_("lørdag"), N_("søndag"))
_OFFSET = re.compile(r"^([+-])\s*(\d{1,4})\s*([dumåayw]?)$")
_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\.?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UNIT_NAMES = {"": "d", "d": "d", "u": "u", "w": "u", "m": "m", "å": "å", "a": "å", "y": "å"}


def _invalid(text: str) -> ValidationError:
    shown = quoted(text)
    return ValidationError(
        "«{shown}» er ikke en dato. Skriv f.eks. 1.12.2026, 01.12.26, i morgen eller +2u.", shown=shown, field="date"
    )


def add_months(day: date, months: int) -> date:
    """Same day of month `months` later, clamped to the month's last day (31.1 + 1m = 28/29.2)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _make(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _invalid(text) from None


MAX_YEARS_AHEAD = 100
FORWARD = "forward"
BACKWARD = "backward"
NEAREST = "nearest"
"""A date that may lie just behind or just ahead (a plan's start): `1.12` typed on 4.12 is three days ago."""


def _yearless(text: str, today: date, month: int, day: int, looks: str) -> date:
    """The day.month nearest to today in the direction the field looks (29.2 waits for a leap year)."""
    if looks == NEAREST:
        ahead = _yearless(text, today, month, day, FORWARD)
        behind = _yearless(text, today, month, day, BACKWARD)
        return behind if (today - behind) <= (ahead - today) else ahead
    step = -1 if looks == BACKWARD else 1
    for offset in range(9):
        year = today.year + step * offset
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if (found >= today) if step > 0 else (found <= today):
            return found
    raise _invalid(text)


def is_past(day: date | None, today: date) -> bool:
    """A forward-looking date that still lies before today (typed with a year): worth a warning."""
    return day is not None and day < today


def parse_date(text: str, today: date, looks: str = FORWARD) -> date:
    """Parse a date typed by a user, relative to `today`.

    `looks` is FORWARD (deadlines, evaluations, next meeting, expiry: the default, as most dates in a plan
    are), BACKWARD (a consent given, a note written) or NEAREST (a plan's start, which may be this week
    either way): it decides what a day.month without a year and a weekday mean.

    Raises:
        ValidationError: when the text is not one of the accepted forms or not a real date.
    """
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise ValidationError("Datoen mangler.", field="date")
    if raw in _WORDS:
        return today + timedelta(days=_WORDS[raw])
    weekday = raw.removeprefix("på ").removeprefix("neste ")
    if weekday in WEEKDAY_INDEX:
        if looks == BACKWARD:
            # The latest such day; "fredag" said on a Friday means today.
            return today - timedelta(days=(today.weekday() - WEEKDAY_INDEX[weekday]) % 7)
        # The coming such day; "fredag" said on a Friday means a week from today.
        ahead = (WEEKDAY_INDEX[weekday] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if m := _OFFSET.match(raw):
        sign = -1 if m.group(1) == "-" else 1
        amount = sign * int(m.group(2))
        unit = _UNIT_NAMES[m.group(3)]
        try:
            if unit == "d":
                found = today + timedelta(days=amount)
            elif unit == "u":
                found = today + timedelta(weeks=amount)
            else:
                found = add_months(today, amount * (12 if unit == "å" else 1))
        except (OverflowError, ValueError):
            raise _invalid(text) from None
        return _within_reach(text, found, today)
    if m := _ISO.match(raw):
        return _make(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _DOTTED.match(raw):
        day, month, year_text = int(m.group(1)), int(m.group(2)), m.group(3)
        if year_text is None:
            if not (1 <= month <= 12 and 1 <= day <= 31):
                raise _invalid(text)
            return _yearless(text, today, month, day, looks)
        if len(year_text) == 2:
            # Two-digit years are read as the nearest century window: plans look ahead, births back.
            year = 2000 + int(year_text)
            if year > today.year + 50:
                year -= 100
        else:
            year = int(year_text)
        if year < 1900:
            raise ValidationError("«{text}» er før 1900. Skriv året med fire sifre.", text=text, field="date")
        return _within_reach(text, _make(text, year, month, day), today)
    raise _invalid(text)


def _within_reach(text: str, found: date, today: date) -> date:
    """A plan's dates lie within a lifetime of today: `+999å` is a slip of the finger, not a date."""
    if found.year > today.year + MAX_YEARS_AHEAD:
        raise ValidationError(
            "«{text}» er mer enn {years} år fram i tid.", text=text, years=MAX_YEARS_AHEAD, field="date"
        )
    return found


def parse_optional_date(text: str, today: date, looks: str = FORWARD) -> date | None:
    """Like `parse_date`, but an empty field means "no date"."""
    return None if not text.strip() else parse_date(text, today, looks)


_CLOCK = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?$")


def parse_clock(text: str) -> time:
    """A time of day: `10`, `kl. 10`, `kl 10.15`, `10:00`, `10.15`, `1030`.

    Raises:
        ValidationError: when the text is not a time of day.
    """
    raw = " ".join(text.strip().lower().split())
    if raw.isdigit() and len(raw) in (3, 4):
        raw = f"{raw[:-2]}:{raw[-2:]}"
    if (m := _CLOCK.match(raw)) and int(m.group(1)) < 24 and int(m.group(2) or 0) < 60:
        return time(int(m.group(1)), int(m.group(2) or 0))
    shown = quoted(text)
    raise ValidationError(
        "«{shown}» er ikke et klokkeslett. Skriv f.eks. 10:00 eller kl. 10.", shown=shown, field="time"
    )


def format_date(day: date | None) -> str:
    """Short Norwegian form for tables: 01.12.2026."""
    return "" if day is None else day.strftime("%d.%m.%Y")


def format_date_long(day: date | None) -> str:
    """Long Norwegian form for documents: 1. desember 2026."""
    return "" if day is None else f"{day.day}. {MONTHS_NB[day.month - 1]} {day.year}"
