"""The dashboard's sections: what is now comes before what is old, each by date and time of day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ipterm.domain.due import DueItem, DueKind, DueSection, by_urgency, section_of, summary_text


def item(kind: DueKind, on: date | None, at: str = "", text: str = "x") -> DueItem:
    return DueItem(kind, 1, "Per", text, on, 1, False, at)


@pytest.mark.parametrize(
    ("today", "sunday"),
    [
        (date(2026, 12, 1), date(2026, 12, 6)),  # Tuesday
        (date(2026, 12, 31), date(2027, 1, 3)),  # the week runs over the year's turn
        (date(2027, 1, 1), date(2027, 1, 3)),
        (date(2028, 2, 29), date(2028, 3, 5)),
        (date(2026, 6, 14), date(2026, 6, 14)),  # a Sunday: the week is today only
    ],
)
def test_sections_follow_the_calendar_week(today: date, sunday: date) -> None:
    kind = DueKind.ACTION_ITEM
    assert section_of(item(kind, today - timedelta(days=1)), today) is DueSection.OVERDUE
    assert section_of(item(kind, today), today) is DueSection.TODAY
    if sunday > today:
        assert section_of(item(kind, sunday), today) is DueSection.THIS_WEEK
    assert section_of(item(kind, sunday + timedelta(days=1)), today) is DueSection.LATER


def test_order_is_urgency_then_date_and_time_with_summaries_last() -> None:
    today = date(2026, 11, 18)  # Wednesday
    items = [
        item(DueKind.STALE_MEASURE, date(2025, 1, 1), text="3"),  # the oldest date of all, read last
        item(DueKind.MEETING, today, "14:00", "b"),
        item(DueKind.GOAL_EVALUATION, date(2026, 12, 1), text="later"),
        item(DueKind.MEETING, today, "09:30", "a"),
        item(DueKind.ACTION_ITEM, date(2026, 11, 20), text="fri"),
        item(DueKind.ACTION_ITEM, date(2026, 11, 2), text="old"),
        item(DueKind.UNCLEAR_RESPONSIBILITY, None, text="who"),
    ]
    sections = by_urgency(items, today)
    assert [s for s, _ in sections] == [
        DueSection.OVERDUE, DueSection.TODAY, DueSection.THIS_WEEK, DueSection.LATER, DueSection.FOLLOW_UP,
    ]  # fmt: skip
    assert [i.text for i in dict(sections)[DueSection.TODAY]] == ["a", "b"]
    assert [i.text for i in dict(sections)[DueSection.FOLLOW_UP]] == ["3", "who"]


def test_summary_words() -> None:
    stale = DueItem(DueKind.STALE_MEASURE, 1, "Per", "3", date(2025, 1, 1), 1)
    assert summary_text(stale, stale_after_days=180) == "3 tiltak ikke bekreftet på over 180 dager"
    assert summary_text(stale, stale_after_days=90).render("en") == "3 measures not confirmed for over 90 days"
    one = DueItem(DueKind.STALE_MEMBER, 1, "Per", "1", date(2025, 1, 1), 1)
    assert summary_text(one) == "1 kontakt ikke bekreftet siden 1.1.2025"  # wording: since the oldest confirmation
    never = DueItem(DueKind.NO_RECENT_MEETING, 1, "Per", "", None, 1)
    assert summary_text(never) == "Ikke holdt ansvarsgruppemøte ennå"
