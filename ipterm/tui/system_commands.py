"""Textual's own command-palette entries, in the UI language."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand

from ipterm.domain.messages import N_
from ipterm.i18n import _

# Textual's title -> ((nb title, en title), {Textual's help text -> (nb, en)})
_WORDS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "Theme": (N_("Tema"), N_("Bytt fargetema")),
    "Quit": (N_("Avslutt"), N_("Lukk ipterm (det som ikke er lagret, tilbys igjen neste gang)")),
    "Maximize": (N_("Maksimer"), N_("Vis feltet med fokus over hele skjermen")),
    "Minimize": (N_("Gjenopprett"), N_("Tilbake til vanlig størrelse")),
}  # fmt: skip
_KEYS_SHOW = (
    N_("Taster"),
    N_("Vis tastene og hjelp for feltet med fokus"),
)
_KEYS_HIDE = (N_("Taster"), N_("Skjul tastepanelet"))


def palette_placeholder() -> str:
    return _("Søk etter kommandoer …")


def theme_placeholder() -> str:
    return _("Søk etter tema …")


def translated(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    for command in commands:
        words = _WORDS.get(command.title)
        if command.title == "Keys":
            words = _KEYS_HIDE if command.help.startswith("Hide") else _KEYS_SHOW
        if words is None:
            yield command
            continue
        title, help_text = words
        yield command._replace(title=_(title), help=_(help_text))
