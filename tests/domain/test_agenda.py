"""Agenda wording."""

from __future__ import annotations

from ipterm.domain.agenda import genitive


def test_possessive_of_a_name_ending_in_s_x_or_z_takes_an_apostrophe() -> None:
    assert genitive("Jonas") == "Jonas'"
    assert genitive("Max") == "Max'"
    assert genitive("Ida") == "Idas"
