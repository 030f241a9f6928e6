"""The CLI speaks the chosen language: its own words, argparse's words, states, plurals and numbers."""

from __future__ import annotations

import pytest

from ipterm import i18n

from .test_cli import PASS, run
from .test_cli import initialised as initialised  # the fixture


@pytest.fixture(autouse=True)
def back_to_bokmål():
    yield
    i18n.set_language("nb")


def test_help_and_usage_in_nynorsk_and_english(monkeypatch, capsys) -> None:
    with pytest.raises(SystemExit):
        run(monkeypatch, capsys, "--lang", "nn", "--help")
    out = capsys.readouterr().out
    assert out.startswith(i18n.translations("nn").gettext("bruk: "))
    assert "vis denne hjelpen" not in out and "show this help message" not in out
    with pytest.raises(SystemExit):
        run(monkeypatch, capsys, "--lang", "en", "--help")
    out = capsys.readouterr().out
    assert out.startswith("usage: ") and "show this help message and exit" in out and "valg:" not in out


def test_a_bad_number_is_refused_in_the_language(monkeypatch, capsys) -> None:
    with pytest.raises(SystemExit):
        run(monkeypatch, capsys, "--lang", "nb", "case", "show", "tre")
    err = capsys.readouterr().err
    assert "ugyldig verdi: 'tre'" in err and "invalid int value" not in err


@pytest.mark.usefixtures("initialised")
def test_states_and_plurals_in_english_and_nynorsk(monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, "--lang", "en", "cases", stdin=f"{PASS}\n")
    assert code == 0 and " active " in out and " aktiv " not in out
    code, out, _ = run(monkeypatch, capsys, "cases", stdin=f"{PASS}\n")
    assert " aktiv " in out and " active " not in out
    code, out, _ = run(monkeypatch, capsys, "--lang", "en", "due", stdin=f"{PASS}\n")
    assert "things to follow up" in out or "thing to follow up" in out
    code, out, _ = run(monkeypatch, capsys, "--lang", "nn", "case", "show", "1", stdin=f"{PASS}\n")
    assert code == 0 and "Ansvarsgruppe" in out and "Planperiode" in out and "Pårørende utenfor" not in out
