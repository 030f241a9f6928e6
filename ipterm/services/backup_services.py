"""Backups, restore, and the case handover package for a colleague taking over."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from ipterm.domain.errors import IptermError
from ipterm.store import backup
from ipterm.store.database import Store
from ipterm.store.keys import FAST_KDF

if TYPE_CHECKING:
    from ipterm.services.case_services import Services

# Short Norwegian words: a one-time passphrase that can be read out over the phone.
_WORDS = (
    "eple",
    "bjørk",
    "fjell",
    "hav",
    "isbre",
    "jord",
    "kajakk",
    "lyng",
    "måne",
    "nord",
    "ostehøvel",
    "pære",
    "rein",
    "sol",
    "tind",
    "ulv",
    "vann",
    "ørret",
    "åker",
    "bekk",
    "dal",
    "elg",
    "foss",
    "grind",
    "hytte",
    "is",
    "kløver",
    "lav",
    "myr",
    "nype",
    "ospe",
    "padle",
    "rype",
    "sti",
    "tjern",
    "vidde",
)


class DuplicateCaseError(IptermError):
    pass


def one_time_passphrase(words: int = 5) -> str:
    return "-".join(secrets.choice(_WORDS) for _ in range(words))


class BackupServices:
    """Reached as `services.backups`."""

    def __init__(self, services: Services) -> None:
        self._s = services

    def backup(self, target: Path, passphrase: str, *, kdf: dict[str, int] | None = None) -> Path:
        return backup.write_backup(self._s.store, target, passphrase, kdf=kdf)

    def export_case_package(self, case_id: int, target: Path) -> str:
        """Write one case into its own encrypted file; returns the one-time passphrase (shown once)."""
        self._s.require_case(case_id)
        if target.exists():
            raise IptermError(f"{target} finnes allerede.", f"{target} already exists.")
        passphrase = one_time_passphrase()
        package = Store.create(target, passphrase, kdf=FAST_KDF if self._s.store.path.name.endswith("-demo.db")
                               else None)  # fmt: skip
        try:
            backup.copy_case(self._s.case_file(case_id), package)
        finally:
            package.close()
        return passphrase

    def import_case_package(self, source: Path, passphrase: str) -> int:
        """Bring a handed-over case in; refuses a case that is already here (same fødselsnummer, or the same
        name and birth date)."""
        package = Store.unlock(source, passphrase)
        try:
            cases = package.cases.where()
            if len(cases) != 1:
                raise IptermError(
                    "Filen er ikke en overføringspakke med én sak.", "The file is not a handover package with one case."
                )
            case_file = package.load_case_file(cases[0].id)
        finally:
            package.close()
        incoming = case_file.case
        for existing in self._s.list_cases(include_closed=True):
            same_id = incoming.national_id and existing.national_id == incoming.national_id
            same_person = (existing.person_name.strip().lower() == incoming.person_name.strip().lower()
                           and existing.birth_date == incoming.birth_date)  # fmt: skip
            if same_id or same_person:
                raise DuplicateCaseError(
                    f"Saken finnes allerede her (sak {existing.id}). Ingenting er importert.",
                    f"The case already exists here (case {existing.id}). Nothing was imported.",
                )
        return backup.copy_case(case_file, self._s.store)
