"""CLI commands for sync, backup, restore and the case handover package.

ipterm sync [run]          one pass now (backoff ignored); exit 1 while something is still waiting
ipterm sync status [--json]
ipterm sync secret         password or token for WebDAV, read without echo, kept in the database
ipterm sync check [--accept [--kinds pdf,ics,...] [--send-waiting | --only-new]]
                           does the destination answer? --accept confirms the one config.toml names
ipterm backup [PATH] [--own-passphrase] [--send]
ipterm restore PATH
ipterm handover CASE_ID PATH
ipterm import PATH
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ipterm import paths
from ipterm.cli_common import EXIT_ERROR, EXIT_OK
from ipterm.domain.errors import IptermError
from ipterm.domain.messages import plural
from ipterm.domain.text import clean_for_terminal, terminal_json
from ipterm.i18n import _, label, ngettext


def _out(text: str) -> None:
    print(clean_for_terminal(text))


def _settings(args: argparse.Namespace) -> Any:
    from ipterm.config import load_settings

    return load_settings(paths.config_path(getattr(args, "config", None)))


# -- sync ----------------------------------------------------------------------------------------
def cmd_sync(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.cli_common import open_services as _open_services

    if args.demo:
        raise IptermError("Demodatabasen synkroniseres ikke.")
    settings = _settings(args)
    services = _open_services(args, prompter)
    try:
        sync = services.sync(settings)
        if not sync.configured:
            raise IptermError(
                "Synkronisering er ikke satt opp. Legg inn [sync] i {path} (se README).", path=settings.path
            )
        if args.action == "secret":
            secret = prompter.ask(_("Passord eller token: "), "IPTERM_SYNC_SECRET")
            if not secret:
                raise IptermError("Tomt passord; ingenting er lagret.")
            sync.set_secret(secret)
            _out(_("Lagret kryptert i databasen (ikke i innstillingsfilen)."))  # fmt: skip
            return EXIT_OK
        if args.action == "check":
            return _check(sync, args)
        if args.action == "run" and not sync.confirmed:
            from ipterm.services.sync_services import NotConfirmedError

            raise NotConfirmedError(sync.proposal().summary)
        sync.queue_pending()  # exports made since the confirmation by `ipterm export`
        if args.action == "run":
            result = sync.run_once(force=True)
            _out(_("Sendt nå: {sent}. Feilet: {failed}.", sent=result.sent, failed=result.failed))  # fmt: skip
        return _print_status(sync, args)
    finally:
        services.store.close()


def _check(sync: Any, args: argparse.Namespace) -> int:
    """Test the destination; with --accept, first confirm it (the kinds and what waits are chosen here)."""
    from ipterm.domain.sync import SEND_KINDS, kinds_label

    found = sync.proposal()
    state = sync.confirm_state()
    if args.accept:
        kinds = sync.kinds() if args.kinds is None else frozenset(k.strip() for k in args.kinds.split(",") if k.strip())
        if args.kinds is not None and not kinds <= set(SEND_KINDS):
            bad = ", ".join(sorted(kinds - set(SEND_KINDS)))
            raise IptermError(
                "Ukjent type i --kinds: {bad}. Velg blant {send_kinds}.", bad=bad, send_kinds=", ".join(SEND_KINDS)
            )
        waiting = sync.waiting_count(kinds)
        if waiting and not (args.send_waiting or args.only_new):
            raise IptermError(
                plural(
                    "{n} eksport er ikke sendt noe sted. Velg --send-waiting (send den "
                    "dit) eller --only-new (bare eksporter laget fra nå).",
                    "{n} eksporter er ikke sendt noe sted. Velg --send-waiting (send dem "
                    "dit) eller --only-new (bare eksporter laget fra nå).",
                    waiting,
                )
            )
        queued = sync.confirm(kinds=kinds, send_waiting=args.send_waiting)
        _out(_("Bekreftet mottaker: {summary}.", summary=found.summary))
        _out(_("Sendes av seg selv: {kinds}. Lagt i kø nå: {queued}.", kinds=kinds_label(kinds), queued=queued))
    elif state != "confirmed":
        what = _("Ny mottaker") if state == "new" else _("Endret mottaker")
        _out(
            _(
                "{what} i innstillingsfilen: {summary}. Ingenting sendes dit før du "
                "bekrefter det med «ipterm sync check --accept».",
                what=what,
                summary=found.summary,
            )
        )
    sync.check()
    _out(_("Mottakeren svarer og tar imot."))
    return EXIT_OK if sync.confirmed else EXIT_ERROR


def _print_status(sync: Any, args: argparse.Namespace) -> int:
    from ipterm.domain.messages import from_stored

    status = sync.status()
    items = [i for i in sync.items(limit=1000) if i.state != "sent"]
    if getattr(args, "json", False):
        body = {
            "label": status.label().render(), "confirmed": not status.confirm_needed,
            "queued": status.queued, "sending": status.sending,
            "failed": status.failed, "sent": status.sent, "offline": status.offline,
            "last_sent_at": status.last_sent_at.isoformat() if status.last_sent_at else None,
            "waiting": [{"id": i.id, "kind": i.kind, "remote_name": i.remote_name, "state": i.state.value,
                         "attempts": i.attempts, "next_attempt_at": i.next_attempt_at.isoformat(),
                         "reason": str(from_stored(i.last_error) or "")} for i in items],
        }  # fmt: skip
        print(terminal_json(body))
    else:
        _out(status.label().render())
        if not status.confirm_needed:
            from ipterm.domain.sync import kinds_label

            where, kinds = sync.proposal().summary, kinds_label(sync.kinds())
            _out(_("  Mottaker: {where} (bekreftet). Sendes av seg selv: {kinds}.", where=where, kinds=kinds))
        else:
            where = sync.proposal().summary
            _out(_("  Foreslått i innstillingsfilen: {where}. Bekreft: ipterm sync check --accept", where=where))
        for i in items:
            why = str(from_stored(i.last_error) or "")
            _out(f"  {i.id:>5}  {label(i.state):<7} {i.attempts:>3}x  {i.remote_name}" + (f"  – {why}" if why else ""))
    return EXIT_OK if status.waiting == 0 and not status.confirm_needed else EXIT_ERROR


# -- backup and restore --------------------------------------------------------------------------
def cmd_backup(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.cli_common import kdf as _kdf
    from ipterm.cli_common import open_services as _open_services

    settings = _settings(args) if args.send else None
    services = _open_services(args, prompter)
    try:
        if args.own_passphrase:
            passphrase = prompter.ask_new("IPTERM_BACKUP_PASSPHRASE")
        elif args.demo:
            from ipterm.services.demo import DEMO_PASSPHRASE

            passphrase = DEMO_PASSPHRASE
        else:
            passphrase = os.environ.get("IPTERM_PASSPHRASE") or prompter.last
        stamp = f"{services.clock.now():%Y%m%d-%H%M%S}"
        target = args.path or paths.data_dir(args.data_dir) / "backups" / f"ipterm-{stamp}.db"
        if target.is_dir():
            target = target / f"ipterm-{stamp}.db"
        services.backups.backup(target, passphrase, kdf=_kdf(args))
        _out(_("Kryptert sikkerhetskopi skrevet til {target}.", target=target))
        if args.own_passphrase:
            _out(_("Den åpnes med det nye passordet."))
        else:
            _out(_("Den åpnes med samme passord som databasen."))
        if args.send and not args.demo:
            name = services.sync(settings).queue_backup(target)
            _out(_("Lagt i utboksen som {name}; sendes når målet svarer.", name=name))  # fmt: skip
    finally:
        services.store.close()
    return EXIT_OK


def _require_file(path: Path) -> None:
    """Before any passphrase is asked for: a file that is not there gets its own plain message."""
    if path.is_dir():
        raise IptermError("{path} er en mappe, ikke en fil.", path=path)
    if not path.is_file():
        raise IptermError("Finner ikke filen {path}.", path=path)


def cmd_restore(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.services.backup_services import BackupServices

    _require_file(args.path)

    db = paths.demo_database_path(args.data_dir) if args.demo else paths.database_path(args.data_dir)
    BackupServices.ensure_closed(db)
    passphrase = prompter.ask(_("Passord for sikkerhetskopien: "), "IPTERM_BACKUP_PASSPHRASE")
    cases = BackupServices.check(args.path, passphrase)
    aside = BackupServices.restore(db, args.path, passphrase)
    _out(_("Gjenopprettet: {cases}. Den forrige databasen ligger urørt i {aside}.",
           cases=ngettext("{n} sak", "{n} saker", cases), aside=aside))  # fmt: skip
    _out(_("Lås opp med passordet til sikkerhetskopien."))
    return EXIT_OK


# -- case handover -------------------------------------------------------------------------------
def cmd_handover(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.cli_common import kdf as _kdf
    from ipterm.cli_common import open_services as _open_services

    services = _open_services(args, prompter)
    try:
        passphrase = services.backups.export_case_package(args.case_id, args.path, kdf=_kdf(args))
    finally:
        services.store.close()
    _out(_("Saken er lagt kryptert i {path}. Gi filen til kollegaen.", path=args.path))  # fmt: skip
    _out(_("Engangspassord (vises bare nå; gi det på en annen måte enn filen, f.eks. på telefon):"))  # fmt: skip
    _out(f"    {passphrase}")
    _out(_("Kollegaen henter saken inn med «ipterm import FIL»."))  # fmt: skip
    return EXIT_OK


def cmd_import(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.cli_common import open_services as _open_services

    _require_file(args.path)
    services = _open_services(args, prompter)
    try:
        secret = prompter.ask(_("Engangspassord for pakken: "), "IPTERM_PACKAGE_PASSPHRASE")
        case_id = services.backups.import_case_package(args.path, secret)
        case = services.get_case(case_id)
        _out(_("Importert: {person_name} som sak {case_id}.", person_name=case.person_name, case_id=case_id))
    finally:
        services.store.close()
    return EXIT_OK


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the commands to the parser (`add(name, func, help)` from `ipterm.cli.build_parser`)."""
    p = add("sync", cmd_sync, _("send eksporter til mappe eller WebDAV: run (standard), status, secret, check"))
    p.add_argument("action", nargs="?", choices=("run", "status", "secret", "check"), default="run")
    p.add_argument("--json", action="store_true", help=_("status som JSON"))
    p.add_argument("--accept", action="store_true", help=_("check: bekreft målet som står i innstillingsfilen"))
    p.add_argument(
        "--kinds",
        help=_("med --accept: det som sendes av seg selv, f.eks. pdf,ics (standard) eller pdf,ics,json,fhir,backup"),
    )
    history = p.add_mutually_exclusive_group()
    history.add_argument("--send-waiting", action="store_true", help=_("med --accept: send også eksporter som venter"))
    history.add_argument("--only-new", action="store_true", help=_("med --accept: bare eksporter laget fra nå"))
    p = add("backup", cmd_backup, _("kryptert sikkerhetskopi (én SQLCipher-fil)"))
    p.add_argument("path", nargs="?", type=Path, help=_("fil eller mappe (ellers backups/ i datamappen)"))
    p.add_argument("--own-passphrase", action="store_true", help=_("eget passord for kopien"))
    p.add_argument("--send", action="store_true", help=_("legg kopien i utboksen til synkroniseringsmålet"))
    p.add_argument("--kdf-cost", choices=("normal", "low"), default="normal", help=argparse.SUPPRESS)
    p = add("restore", cmd_restore, _("gjenopprett fra sikkerhetskopi (sjekkes først; den gamle legges til side)"))
    p.add_argument("path", type=Path)
    p = add("handover", cmd_handover, _("legg én sak i en kryptert fil med engangspassord, til en ny koordinator"))
    p.add_argument("case_id", type=int)
    p.add_argument("path", type=Path)
    p.add_argument("--kdf-cost", choices=("normal", "low"), default="normal", help=argparse.SUPPRESS)
    p = add("import", cmd_import, _("ta inn en sak fra en overføringspakke (en sak som finnes fra før, avvises)"))
    p.add_argument("path", type=Path)
