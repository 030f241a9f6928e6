"""CLI commands for sync, backup, restore and the case handover package."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ipterm import paths
from ipterm.config import load_settings
from ipterm.domain.errors import LANGUAGE, IptermError
from ipterm.domain.text import clean_for_terminal


def _t(nb: str, en: str) -> str:
    return en if LANGUAGE.get() == "en" else nb


def _out(text: str) -> None:
    print(clean_for_terminal(text))


def cmd_sync(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.cli import _open_services

    settings = load_settings(paths.config_path(args.config))
    services = _open_services(args, prompter)
    try:
        sync = services.sync(settings)
        if not sync.configured:
            raise IptermError(
                f"Synkronisering er ikke satt opp. Legg inn [sync] i {settings.path}.",
                f"Sync is not set up. Add a [sync] table to {settings.path}.",
            )
        if args.action == "secret":
            secret = (
                getpass.getpass(_t("Passord eller token: ", "Password or token: "))
                if sys.stdin.isatty()
                else sys.stdin.readline().rstrip("\n")
            )
            sync.set_secret(secret)
            _out(_t("Hemmeligheten er lagret kryptert i databasen.", "The secret is stored encrypted."))
            return 0
        if args.action == "run":
            for export in services.exports.history():
                sync.queue_export(export.id)  # anything exported before sync was set up goes too
            result = sync.run_once()
            _out(
                _t(f"Sendt: {result.sent}, feilet: {result.failed}.", f"Sent: {result.sent}, failed: {result.failed}.")
            )
        _out(sync.status().label(LANGUAGE.get()))
        sync.close()
        return 0 if sync.status().failed == 0 else 1
    finally:
        services.store.close()


def cmd_backup(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.cli import _kdf, _open_services

    services = _open_services(args, prompter)
    try:
        new = prompter.ask_new("IPTERM_BACKUP_PASSPHRASE") if args.own_passphrase else None
        target = (
            args.path or paths.data_dir(args.data_dir) / "backups" / f"ipterm-{services.clock.now():%Y%m%d-%H%M}.db"
        )
        passphrase = new or _same_passphrase(prompter)
        services.backups.backup(target, passphrase, kdf=_kdf(args))
        _out(
            _t(
                f"Kryptert sikkerhetskopi skrevet til {target} (med {target.name}.kdf).",
                f"Encrypted backup written to {target} (with {target.name}.kdf).",
            )
        )
    finally:
        services.store.close()
    return 0


def _same_passphrase(prompter: Any) -> str:
    import os

    return os.environ.get("IPTERM_PASSPHRASE") or prompter.last


def cmd_restore(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.store.backup import check_backup, restore_backup

    passphrase = prompter.ask(_t("Passord for sikkerhetskopien: ", "Backup passphrase: "), "IPTERM_BACKUP_PASSPHRASE")
    cases = check_backup(args.path, passphrase)
    db = paths.database_path(args.data_dir)
    aside = restore_backup(db, args.path, passphrase)
    _out(
        _t(
            f"Gjenopprettet {cases} saker. Den gamle databasen er lagt til side som {aside.name}.",
            f"Restored {cases} cases. The old database was kept as {aside.name}.",
        )
    )
    _out(_t("Lås opp med passordet til sikkerhetskopien.", "Unlock with the backup's passphrase."))
    return 0


def cmd_handover(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.cli import _open_services

    services = _open_services(args, prompter)
    try:
        passphrase = services.backups.export_case_package(args.case_id, args.path)
    finally:
        services.store.close()
    _out(_t(f"Saken er lagt i {args.path} (kryptert).", f"The case is in {args.path} (encrypted)."))
    _out(
        _t(
            f"Engangspassord (gi det til kollegaen på en annen måte enn filen): {passphrase}",
            f"One-time passphrase (give it to your colleague another way than the file): {passphrase}",
        )
    )
    return 0


def cmd_import(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.cli import _open_services

    services = _open_services(args, prompter)
    try:
        secret = prompter.ask(_t("Engangspassord for pakken: ", "Package passphrase: "), "IPTERM_PACKAGE_PASSPHRASE")
        case_id = services.backups.import_case_package(args.path, secret)
        _out(_t(f"Saken er importert som sak {case_id}.", f"The case was imported as case {case_id}."))
    finally:
        services.store.close()
    return 0


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add("sync", cmd_sync, "send eksporter til mappe eller WebDAV (status, run, secret)")
    p.add_argument("action", nargs="?", choices=("run", "status", "secret"), default="run")
    p = add("backup", cmd_backup, "kryptert sikkerhetskopi (en SQLCipher-fil)")
    p.add_argument("path", nargs="?", type=Path)
    p.add_argument("--own-passphrase", action="store_true", help="eget passord for kopien")
    p.add_argument("--kdf-cost", choices=("normal", "low"), default="normal", help=argparse.SUPPRESS)
    p = add("restore", cmd_restore, "gjenopprett fra sikkerhetskopi (den gamle databasen legges til side)")
    p.add_argument("path", type=Path)
    p = add("handover", cmd_handover, "legg én sak i en kryptert fil til en ny koordinator")
    p.add_argument("case_id", type=int)
    p.add_argument("path", type=Path)
    p = add("import", cmd_import, "ta inn en sak fra en overføringspakke")
    p.add_argument("path", type=Path)
