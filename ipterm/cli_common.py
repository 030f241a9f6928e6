"""What every command-line command shares: reading passphrases, opening the services, printing stored text.

The command modules (cli.py and cli_*.py) import these; none reaches into another's private names.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from typing import Any

from ipterm import paths
from ipterm.domain.errors import IptermError
from ipterm.domain.text import clean_for_terminal
from ipterm.i18n import _

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


class PassphraseMismatchError(IptermError):
    def __init__(self) -> None:
        super().__init__("Passordene er ikke like. Ingenting er endret.")


class Prompter:
    """Reads passphrases from the terminal without echo, or line by line from a pipe (scripts, tests).

    `IPTERM_PASSPHRASE` (and `IPTERM_NEW_PASSPHRASE` for `passwd`) are read first when set.
    """

    def __init__(self) -> None:
        self._lines: list[str] | None = None
        self.last = ""

    def ask(self, prompt: str, env: str | None = None) -> str:
        self.last = self._ask(prompt, env)
        return self.last

    def _ask(self, prompt: str, env: str | None = None) -> str:
        if env and os.environ.get(env):
            return os.environ[env]
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass(prompt)
        if self._lines is None:
            self._lines = [] if sys.stdin is None else sys.stdin.read().splitlines()
        if not self._lines:
            raise IptermError("Fikk ikke noe passord.")
        return self._lines.pop(0)

    def ask_new(self, env: str) -> str:
        from ipterm.store.keys import passphrase_problem

        first = self.ask(_("Nytt passord: "), env)
        problem = passphrase_problem(first)
        if problem:
            raise IptermError(problem)
        again = first if os.environ.get(env) else self.ask(_("Gjenta passordet: "))
        if again != first:
            raise PassphraseMismatchError()
        return first


def out(text: str = "") -> None:
    print(clean_for_terminal(text))


def cell(text: str | None, width: int | None = None) -> str:
    """Stored text as one cell or field of a line: cleaned to a single line first, then cut, so a cut never
    leaves half an escape sequence to swallow the columns after it."""
    cleaned = clean_for_terminal(text or "", single_line=True)
    return cleaned if width is None else cleaned[:width]


def kdf(args: argparse.Namespace) -> dict[str, int] | None:
    from ipterm.store.keys import FAST_KDF

    return FAST_KDF if args.kdf_cost == "low" else None


def open_services(args: argparse.Namespace, prompter: Prompter) -> Any:
    from ipterm.services import Services
    from ipterm.services.demo import open_demo
    from ipterm.store.database import Store

    if args.demo:
        services = Services(open_demo(args.data_dir))
    else:
        path = paths.database_path(args.data_dir)
        if not path.exists():
            Store.unlock(path, "")  # raises the "no database, run ipterm init" message
        services = Services(Store.unlock(path, prompter.ask(_("Passord: "), "IPTERM_PASSPHRASE")))
    settings = document_settings(args)
    services.full_name_in_pdf_metadata = settings.full_name_in_pdf_metadata
    services.document_language = settings.document_language
    try:
        services.exports.remove_leftovers()  # what a killed `export -o` left behind
    except Exception as exc:  # housekeeping is never in the way of the command
        from ipterm.logsetup import describe_exception

        log.warning("leftover temporary files not removed: %s", describe_exception(exc))
    return services


def document_settings(args: argparse.Namespace) -> Any:
    from ipterm.config import ConfigError, Settings, load_settings

    try:
        return load_settings(paths.config_path(getattr(args, "config", None)))
    except ConfigError:
        return Settings()  # a broken config file never puts more personal data into a document


def shown_date(value: Any) -> str:
    from ipterm.domain.dates import format_date

    return format_date(value) if value else ""
