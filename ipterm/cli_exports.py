"""CLI commands for exports made earlier: list them, and write one to a file again.

ipterm exports [CASE] [--json]        every stored export (newest first), with its sync state
ipterm exports save ID -o PATH [--force]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ipterm.cli_common import EXIT_OK
from ipterm.domain.errors import IptermError
from ipterm.domain.messages import N_
from ipterm.domain.text import clean_for_terminal, terminal_json
from ipterm.i18n import _, format_number

KIND_WORDS = {
    "plan": N_("plan"),
    "minutes": N_("referat"),
    "summons": N_("innkalling"),
    "handover": N_("overføring"),
    "json": N_("JSON"),
    "fhir": N_("FHIR"),
    "ics": N_("kalender"),
    "backup": N_("sikkerhetskopi"),
    "easy-read": N_("Min plan"),
    "contacts": N_("kontaktark"),
}
STATE_WORDS = {
    "queued": N_("i kø"),
    "sending": N_("sendes"),
    "sent": N_("sendt"),
    "failed": N_("feilet"),
}


def _word(table: dict[str, str], key: str) -> str:
    return _(table[key]) if key in table else key


def cmd_exports(args: argparse.Namespace, prompter: Any) -> int:
    words = list(args.words)
    if words[:1] == ["save"]:
        if len(words) != 2 or not words[1].isdigit() or args.output is None:
            raise IptermError("Bruk: ipterm exports save ID -o STI")
        return _save(args, prompter, int(words[1]))
    if len(words) > 1 or (words and not words[0].isdigit()):
        raise IptermError("Bruk: ipterm exports [SAK] [--json], eller ipterm exports save ID -o STI")
    if args.output is not None:
        raise IptermError("-o hører til «exports save ID».")
    return _list(args, prompter, int(words[0]) if words else None)


def _list(args: argparse.Namespace, prompter: Any, case_id: int | None) -> int:
    from ipterm.cli_common import open_services as _open_services

    services = _open_services(args, prompter)
    try:
        if case_id is not None:
            services.require_case(case_id)
        records = services.exports.history(case_id)
        states = services.exports.sync_states(case_id)
        if args.json:
            print(terminal_json([
                {"id": r.id, "case_id": r.case_id, "kind": r.kind, "recipient": r.recipient_label or None,
                 "meeting_id": r.meeting_id, "filename": r.filename, "size": r.size,
                 "created_at": r.created_at.isoformat(), "content_hash": r.content_hash,
                 "missing_items": [m for m in r.missing_items.split(",") if m], "sync": states.get(r.id)}
                for r in records
            ]))  # fmt: skip
            return EXIT_OK
        if not records:
            print(_("Ingen eksporter ennå."))
            return EXIT_OK
        for r in records:
            sync = _word(STATE_WORDS, states[r.id]) if r.id in states else ""
            whom = _(" til {recipient_label}", recipient_label=r.recipient_label) if r.recipient_label else ""
            size = format_number(r.size)
            line = (f"{r.id:>5}  {r.created_at:%d.%m.%Y %H:%M}  IP {r.case_id or '-':<4} "
                    f"{_word(KIND_WORDS, r.kind):<14} {r.filename}{whom}  ({size} byte)  {sync}")  # fmt: skip
            print(clean_for_terminal(line.rstrip()))
        print(_("Lagre en på nytt: ipterm exports save ID -o MAPPE/"))  # fmt: skip
    finally:
        services.store.close()
    return EXIT_OK


def _save(args: argparse.Namespace, prompter: Any, export_id: int) -> int:
    from ipterm.cli_common import open_services as _open_services

    services = _open_services(args, prompter)
    try:
        target = services.exports.save_to(export_id, args.output, force=args.force)
        print(clean_for_terminal(_("Skrevet til {target}", target=target)))
    finally:
        services.store.close()
    return EXIT_OK


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the commands to the parser (`add(name, func, help)` from `ipterm.cli.build_parser`)."""
    p = add(
        "exports",
        cmd_exports,
        _("eksporter laget tidligere: list dem (exports [SAK]), lagre en på nytt (exports save ID -o STI)"),
    )
    p.add_argument("words", nargs="*", metavar="SAK | save ID", help=_("en sak, eller «save» og eksportens id"))
    p.add_argument("--json", action="store_true")
    p.add_argument("-o", "--output", help=_("med save: fil, eller mappe (ut/ lager den)"))
    p.add_argument("--force", action="store_true", help=_("med save: skriv over en fil som finnes"))
