from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ipterm.domain.text import clean_for_terminal


def test_escape_sequences_and_controls_are_removed() -> None:
    hostile = "før\x1b]0;x\x07\x1b[2Jetter\x00\x9b31m\u202eevil\x1bPq#0\x1b\\ slutt"
    assert clean_for_terminal(hostile) == "føretterevil slutt"


def test_newlines_and_tabs_survive_unless_single_line() -> None:
    assert clean_for_terminal("a\nb\tc") == "a\nb\tc"
    assert clean_for_terminal("a\n b\tc", single_line=True) == "a b c"


@given(st.text())
def test_output_never_contains_control_characters(text: str) -> None:
    cleaned = clean_for_terminal(text)
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in cleaned)
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in cleaned)
