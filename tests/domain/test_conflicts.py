"""The lost-update refusal names both values so that a reader sees what differs."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ipterm.domain.conflicts import refuse_lost_update
from ipterm.domain.errors import ConflictError
from ipterm.domain.models import Goal, GoalStatus
from ipterm.i18n import error_text, set_language


@pytest.fixture(autouse=True)
def bokmaal():
    set_language("nb")
    yield
    set_language("nb")


def refusal(before: Goal, after: Goal) -> str:
    with pytest.raises(ConflictError) as caught:
        refuse_lost_update(after, before)
    return error_text(caught.value)


def test_two_long_texts_that_differ_at_the_end_are_shown_where_they_differ() -> None:
    start = "Jeg vil beholde jobben på lageret og trives der"
    before = Goal(case_id=1, id=1, text=start + " i to år til")
    said = refusal(before, dataclasses.replace(before, text=start + " med kortere dager"))
    assert "«…trives der i to år til»" in said, said
    assert "«…trives der med kortere dager»" in said, said


def test_short_values_dates_and_states_are_shown_whole_and_in_words() -> None:
    before = Goal(case_id=1, id=1, text="Jobb", evaluate_by=None, status=GoalStatus.ACTIVE)
    after = dataclasses.replace(before, evaluate_by=date(2027, 3, 1), status=GoalStatus.ACHIEVED)
    said = refusal(before, after)
    assert "evalueres: «–» da du åpnet, nå «01.03.2027»" in said
    assert "status: «aktivt» da du åpnet, nå «nådd»" in said, said
    set_language("en")
    assert "achieved" in refusal(before, after)


def test_an_unchanged_row_saves() -> None:
    goal = Goal(case_id=1, id=1, text="Jobb")
    refuse_lost_update(goal, dataclasses.replace(goal))
