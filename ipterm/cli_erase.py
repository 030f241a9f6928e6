"""`ipterm erase CASE` (asks twice, the second time for the case number, then says which copies outside the
database may still hold the case) and `ipterm status-report`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ipterm.domain.errors import IptermError
from ipterm.domain.text import clean_for_terminal, terminal_json
from ipterm.i18n import _


def _out(text: str = "") -> None:
    print(clean_for_terminal(text))


def _answer(prompter: Any, prompt: str) -> str:
    """A typed answer: shown while typed at a terminal, else the next line of a pipe."""
    if sys.stdin is not None and sys.stdin.isatty():
        return input(prompt)
    sys.stdout.write(prompt + "\n")
    return prompter.ask(prompt)


class NotConfirmedError(IptermError):
    pass


def erase(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.cli_common import open_services as _open_services
    from ipterm.services.erasure_services import UNKNOWN_COPIES, ErasureServices

    services = _open_services(args, prompter)
    try:
        erasure = ErasureServices(services)
        case = erasure.check(args.case_id, force=args.force)
        number = str(case.id)
        if args.force and case.status.value != "closed":
            state = case.status.value
            _out(
                _(
                    "ADVARSEL: sak {number} er ikke avsluttet ({state}). Den slettes likevel.",
                    number=number,
                    state=state,
                )
            )
        _out(
            _(
                "Sak {number} og alt som er registrert på den slettes for godt: "
                "planen, møter, notater, eksporter, køen for synkronisering og "
                "verdiene i endringsloggen. Det kan ikke angres.",
                number=number,
            )
        )
        first = _answer(prompter, _("Slette saken? Skriv ja: ")).strip().lower()
        if first not in ("ja", "yes", "j", "y"):
            raise NotConfirmedError("Ingenting er slettet.")
        second = _answer(prompter, _("Skriv saksnummeret ({number}) for å bekrefte: ", number=number)).strip()
        if second != number:
            raise NotConfirmedError("Saksnummeret stemmer ikke. Ingenting er slettet.")
        receipt = erasure.erase(case.id, force=args.force)  # type: ignore[arg-type]
        unknown = _(UNKNOWN_COPIES)
        if args.json:
            print(terminal_json({
                "case_id": receipt.case_id, "erased_at": receipt.erased_at, "closed_on": receipt.closed_on,
                "rows_removed": receipt.rows, "exports_removed": receipt.exports_removed,
                "status_reports_removed": receipt.status_reports_removed,
                "queued_backups_dropped": receipt.queued_backups_dropped,
                "audit_rows_removed": receipt.audit_rows_removed, "sha256": receipt.digest,
                "compacted": receipt.compacted,
                "sent_copies": [_copy(c) for c in receipt.sent_copies],
                "backups_that_may_hold_it": [_copy(c) for c in receipt.backups],
                "not_known_to_ipterm": unknown,
            }))  # fmt: skip
            return 0
        _out(
            _(
                "Sak {number} er slettet ({values} rader, {exports_removed} "
                "eksporter). En slettemarkering med saksnummer, datoer og kontrollsum "
                "står i endringsloggen.",
                number=number,
                values=sum(receipt.rows.values()),
                exports_removed=receipt.exports_removed,
            )
        )
        if not receipt.compacted:
            _out(
                _(
                    "ipterm er åpen et annet sted, så filen kunne ikke komprimeres nå. "
                    "Lukk ipterm der: først da er det slettede borte også fra loggfilen "
                    "ved siden av databasen (-wal)."
                )
            )
        if receipt.queued_backups_dropped:
            _out(_("En sikkerhetskopi som ventet på å sendes er fjernet fra køen; ta en ny."))
        if receipt.sent_copies:
            _out(_("Sendt til mottaksstedet (slett dem der):"))
            for c in receipt.sent_copies:
                _out(f"  {c.destination}  {c.remote_name}  {c.sent_at or ''}")
        if receipt.backups:
            _out(_("Sikkerhetskopier som kan inneholde saken:"))
            for c in receipt.backups:
                _out(f"  {c.destination}  {c.remote_name}  {c.sent_at or c.created_at}")
        _out(unknown)
    finally:
        services.store.close()
    return 0


def _copy(c: Any) -> dict[str, Any]:
    return {"kind": c.kind, "destination": c.destination, "remote_name": c.remote_name, "state": c.state,
            "created_at": c.created_at, "sent_at": c.sent_at}  # fmt: skip


def status_report(args: argparse.Namespace, prompter: Any) -> int:
    """`ipterm status-report [-o PATH]`: the name-free report, stored and logged like any export."""
    from ipterm.cli_common import open_services as _open_services
    from ipterm.cli_sync import _settings
    from ipterm.services.status_services import StatusServices

    settings = _settings(args)
    services = _open_services(args, prompter)
    try:
        report = StatusServices(services, erase_after_days=settings.erase_after_days).export()
        written = []
        if args.output is not None:
            target = args.output
            suffix = target.suffix.lower()
            if suffix in (".csv", ".pdf") and not target.is_dir():
                export_id = report.csv_export_id if suffix == ".csv" else report.pdf_export_id
                written.append(services.exports.save_to(export_id, target))
            else:
                for export_id in (report.csv_export_id, report.pdf_export_id):
                    written.append(services.exports.save_to(export_id, target))
        if args.json:
            print(terminal_json({"cases": report.cases, "csv_export_id": report.csv_export_id,
                                 "pdf_export_id": report.pdf_export_id, "csv": report.csv_filename,
                                 "pdf": report.pdf_filename, "written": [str(p) for p in written]}))  # fmt: skip
            return 0
        _out(
            _(
                "Statusrapport for {cases} saker: eksport {csv_export_id} "
                "({csv_filename}) og {pdf_export_id} ({pdf_filename}), lagret kryptert.",
                cases=report.cases,
                csv_export_id=report.csv_export_id,
                csv_filename=report.csv_filename,
                pdf_export_id=report.pdf_export_id,
                pdf_filename=report.pdf_filename,
            )
        )
        for path in written:
            _out(_("Skrevet til {path}", path=path))
    finally:
        services.store.close()
    return 0
