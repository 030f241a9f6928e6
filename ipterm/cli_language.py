"""The CLI's language: chosen before the parser is built, and argparse's own words in it too.

argparse looks its words up with `gettext` at the moment it prints them ("usage: ", "show this help message
and exit", "invalid int value: …"). They are English message ids from Python's own catalogue; here each is
mapped to a bokmål message id of ours, so the catalogues translate them like every other text.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from ipterm.i18n import LANGUAGES, N_, _, set_language

_ARGPARSE_WORDS = {
    "usage: ": N_("bruk: "),
    "options": N_("valg"),
    "positional arguments": N_("argumenter"),
    "show this help message and exit": N_("vis denne hjelpen og avslutt"),
    "show program's version number and exit": N_("vis versjonsnummeret og avslutt"),
    "the following arguments are required: %s": N_("disse argumentene må være med: %s"),
    "unrecognized arguments: %s": N_("ukjente argumenter: %s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("ugyldig valg: %(value)r (velg blant %(choices)s)"),
    "invalid %(type)s value: %(value)r": N_("ugyldig verdi: %(value)r"),
    "expected one argument": N_("venter ett argument"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: feil: %(message)s\n"),
    "ambiguous option: %(option)s could match %(matches)s": N_("tvetydig valg: %(option)s kan være %(matches)s"),
    "not allowed with argument %s": N_("kan ikke brukes sammen med %s"),
    "one of the arguments %s is required": N_("ett av argumentene %s må være med"),
}


def _argparse_gettext(text: str) -> str:
    return _(_ARGPARSE_WORDS[text]) if text in _ARGPARSE_WORDS else text


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return _argparse_gettext(singular if n == 1 else plural)


def choose_language(argv: Sequence[str], configured: str | None = None) -> str:
    """--lang, then IPTERM_LANG, then the settings file's language, then bokmål; set for the whole run."""
    wanted = None
    for n, arg in enumerate(argv):
        if arg == "--lang" and n + 1 < len(argv):
            wanted = argv[n + 1]
        elif arg.startswith("--lang="):
            wanted = arg.partition("=")[2]
    for candidate in (wanted, os.environ.get("IPTERM_LANG"), configured):
        if candidate in LANGUAGES:
            set_language(candidate)
            return candidate
    set_language("nb")
    return "nb"


def install_argparse_words() -> None:
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]
