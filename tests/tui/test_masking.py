"""Names masked inside text in privacy mode, without garbling what is not a name."""

from __future__ import annotations

from ipterm.domain.text import initials
from ipterm.tui.display import Masker


def test_a_name_field_that_names_a_service_gives_the_persons_initials_only() -> None:
    assert initials("Siri Tangen (Barne- og familietjenesten)") == "S.T."
    assert initials("Jonas Berg Haugen") == "J.B.H."
    assert initials("(ukjent)") == "•••"


def test_the_service_in_a_coordinator_field_is_neither_garbled_nor_masked_elsewhere() -> None:
    mask = Masker(["Marit Sandvik (Psykisk helse og rus)", "Nora Nilsen"])
    said = mask("Marit Sandvik (Psykisk helse og rus) ringte; Marit sier helse først, Nora og Nilsens sak")
    assert said == "M.S. ringte; M. sier helse først, N. og N.s sak"
    assert mask("Koordinator: Marit Sandvik") == "Koordinator: M.S."


def test_the_preview_names_each_mention_by_its_own_name_and_says_a_task_has_one_owner() -> None:
    from datetime import date

    from ipterm.domain.minutes import parse_line
    from ipterm.domain.models import Member
    from ipterm.tui.widgets.line_preview import describe

    members = {1: Member(case_id=1, id=1, name="Kari Hansen", role="Lege"),
               2: Member(case_id=1, id=2, name="Ola Nordmann", role="far")}  # fmt: skip
    parsed = parse_line("o: Ringe skolen @kari @far +1u", list(members.values()), date(2026, 12, 3))
    shown = describe(parsed, members).plain
    assert "Kari Hansen (@kari)" in shown and "Ola Nordmann (@far)" in shown, shown
    assert "Én ansvarlig per oppgave: Kari Hansen" in shown


def test_a_surname_behind_an_escape_sequence_in_the_name_is_masked_too() -> None:
    from ipterm.domain.text import clean_for_terminal

    stored = "Ola \x1b]0;pwned\x07\x1b[2J\u202eNordmann"
    mask = Masker([stored])
    shown = mask(clean_for_terminal("Ringte Nordmann og Ola i dag") + " " + clean_for_terminal(stored))
    assert "Nordmann" not in shown and "Ola" not in shown, shown
