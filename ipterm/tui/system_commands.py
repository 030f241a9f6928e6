"""Textual's own command-palette entries, in the UI language."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand

from ipterm.tui.i18n import language, tr

# Textual's title -> ((nb title, en title), {Textual's help text -> (nb, en)})
_WORDS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "Theme": (("Tema", "Theme"), ("Bytt fargetema", "Change the colour theme")),
    "Quit": (("Avslutt", "Quit"), ("Lukk ipterm (alt er allerede lagret)", "Close ipterm (everything is saved)")),
    "Maximize": (("Maksimer", "Maximize"), ("Vis feltet med fokus over hele skjermen",
                                            "Show the focused widget on the whole screen")),
    "Minimize": (("Gjenopprett", "Restore"), ("Tilbake til vanlig størrelse", "Back to the normal size")),
}  # fmt: skip
_KEYS_SHOW = (
    ("Taster", "Keys"),
    ("Vis tastene og hjelp for feltet med fokus", "Show the keys and help for the focused widget"),
)
_KEYS_HIDE = (("Taster", "Keys"), ("Skjul tastepanelet", "Hide the keys panel"))


def palette_placeholder() -> str:
    return tr("Søk etter kommandoer …", "Search for commands…")


def theme_placeholder() -> str:
    return tr("Søk etter tema …", "Search for themes…")


def in_ui(pair: tuple[str, str]) -> str:
    """(bokmål, English) in the UI language."""
    return pair[1] if language() == "en" else pair[0]


def translated(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    for command in commands:
        words = _WORDS.get(command.title)
        if command.title == "Keys":
            words = _KEYS_HIDE if command.help.startswith("Hide") else _KEYS_SHOW
        if words is None:
            yield command
            continue
        (title_nb, title_en), (help_nb, help_en) = words
        yield command._replace(title=in_ui((title_nb, title_en)), help=in_ui((help_nb, help_en)))
