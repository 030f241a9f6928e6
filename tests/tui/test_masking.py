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
