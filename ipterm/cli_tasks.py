"""Tasks from the command line.

ipterm tasks [CASE] [--all] [--json]         open tasks (of one case, or of every open case)
ipterm task done TASK [--on DATE]            mark done (today unless --on)
ipterm task cancel TASK                      the task is no longer needed
ipterm task edit TASK [--due DATE] [--owner NAME] [--text TEXT]

TASK is the id in the first column of `ipterm tasks`, or the case's own number with the case: `o3 --case 9`
(the #o3 that the tasks view, agendas and minutes show). Every answer names the case, so a wrong id is seen.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from ipterm import cli_common as common
from ipterm.domain.errors import ValidationError
from ipterm.domain.text import terminal_json
from ipterm.i18n import _, label, ngettext


def _row_json(row: Any) -> dict[str, Any]:
    item = row.item
    return {
        "id": item.id,
        "number": f"o{row.number}",
        "case_id": item.case_id,
        "text": item.text,
        "owner_member_id": item.owner_member_id,
        "owner": row.owner_name,
        "due": item.due_on.isoformat() if item.due_on else None,
        "status": item.status.value,
        "done_on": item.done_on.isoformat() if item.done_on else None,
        "meeting_id": item.meeting_id,
    }


def cmd_tasks(args: argparse.Namespace, prompter: Any) -> int:
    services = common.open_services(args, prompter)
    try:
        if args.case_id is not None:
            services.require_case(args.case_id)
        rows = services.tasks.list(args.case_id, include_closed=args.all)
        if args.json:
            print(terminal_json([_row_json(r) for r in rows]))
            return common.EXIT_OK
        today = services.today()
        for r in rows:
            item = r.item
            late = item.status.value == "open" and item.due_on is not None and item.due_on < today
            status = label(item.status)
            if item.done_on and item.status.value != "open":
                status += f" {common.shown_date(item.done_on)}"
            owner = common.cell(r.owner_name or _("(uavklart)"), 18)
            common.out(
                f"{'!' if late else ' '} {item.id:>5} #o{r.number:<3} {common.shown_date(item.due_on):<10}  "
                f"{common.cell(r.case_name, 18):<18} {owner:<18} {common.cell(item.text, 48):<48} {status}"
            )
        common.out(ngettext("{n} oppgave", "{n} oppgaver", len(rows)))
    finally:
        services.store.close()
    return common.EXIT_OK


def _owner_id(services: Any, case_id: int, text: str) -> int | None:
    from ipterm.domain.minutes import resolve_mention

    if text.strip().lower() in ("", "-", "ingen", "none"):
        return None
    members = [m for m in services.members(case_id) if m.active]
    found = resolve_mention(text.strip().lstrip("@").replace(" ", "."), members) or resolve_mention(
        text.strip().split()[0], members
    )
    if not found:
        raise ValidationError("Ingen i gruppen heter «{text}».", text=text, field="owner")
    if len(found) > 1:
        raise ValidationError(
            "«{text}» passer på flere i gruppen: {names}. Skriv mer av navnet.",
            text=text,
            names=", ".join(m.name for m in found[:4]),
            field="owner",
        )
    return found[0].id


_CASE_NUMBER = re.compile(r"#?[oO](\d+)")


def _task_id(services: Any, ref: str, case_id: int | None) -> int:
    """The task id from `34` or, with the case, from the number the case shows (`o3`, `#o3`)."""
    if ref.isdigit():
        return int(ref)
    found = _CASE_NUMBER.fullmatch(ref.strip())
    if found is None:
        raise ValidationError("«{ref}» er ikke en oppgave. Skriv id-en fra ipterm tasks, eller o3 --case SAK.", ref=ref)
    if case_id is None:
        raise ValidationError("#o{number} finnes i hver sak. Si hvilken: --case SAK.", number=found.group(1))
    item = services.tasks.by_number(case_id, int(found.group(1)))
    return int(item.id)


def _whose(services: Any, case_id: int) -> str:
    return _("sak {case_id}, {name}", case_id=case_id, name=services.store.cases.get(case_id).person_name)


def cmd_task(args: argparse.Namespace, prompter: Any) -> int:
    from ipterm.domain.dates import BACKWARD, parse_date, parse_optional_date

    services = common.open_services(args, prompter)
    try:
        today = services.today()
        task_id = _task_id(services, args.task, args.case)
        item = services.tasks.get(task_id)
        if args.case is not None and item.case_id != args.case:
            raise ValidationError(
                "Oppgave {task_id} hører til sak {other}, ikke sak {case_id}. Ingenting er endret.",
                task_id=task_id, other=item.case_id, case_id=args.case,
            )  # fmt: skip
        whose = _whose(services, item.case_id)
        if args.action == "done":
            on = parse_date(args.on, today, BACKWARD) if args.on else None
            item = services.tasks.done(task_id, on)
            common.out(
                _("Ferdig {done_on}: {text} ({whose})", done_on=common.shown_date(item.done_on), text=item.text,
                  whose=whose)
            )  # fmt: skip
            common.out(_("Angre: ipterm task reopen {task_id}", task_id=task_id))
        elif args.action == "cancel":
            item = services.tasks.cancel(task_id)
            common.out(_("Avlyst: {text} ({whose})", text=item.text, whose=whose))
            common.out(_("Angre: ipterm task reopen {task_id}", task_id=task_id))
        elif args.action == "reopen":
            item = services.tasks.reopen(task_id)
            common.out(_("Åpnet igjen: {text} ({whose})", text=item.text, whose=whose))
        else:
            changes: dict[str, Any] = {}
            if args.due is not None:
                changes["due_on"] = parse_optional_date(args.due, today)
            if args.owner is not None:
                changes["owner_member_id"] = _owner_id(services, item.case_id, args.owner)
            if args.text is not None:
                changes["text"] = args.text
            if not changes:
                raise ValidationError("Si hva som skal endres: --due, --owner eller --text.")  # fmt: skip
            item = services.tasks.edit(task_id, **changes)
            owner = services.store.members.get(item.owner_member_id).name if item.owner_member_id else "–"
            common.out(
                _(
                    "Endret: {text} – {owner}, frist {value} ({whose})",
                    text=item.text,
                    owner=owner,
                    value=common.shown_date(item.due_on) or "–",
                    whose=whose,
                )
            )
    finally:
        services.store.close()
    return common.EXIT_OK


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add("tasks", cmd_tasks, _("list oppgaver (åpne; --all tar med ferdige og avlyste)"))
    p.add_argument("case_id", type=int, nargs="?", help=_("bare denne saken"))
    p.add_argument("--all", action="store_true", help=_("ta med ferdige og avlyste"))
    p.add_argument("--json", action="store_true")
    p = add("task", cmd_task, _("følg opp en oppgave: done, cancel, reopen eller edit"))
    p.add_argument("action", choices=("done", "cancel", "reopen", "edit"))
    p.add_argument("task", metavar="OPPGAVE", help=_("id-en fra ipterm tasks, eller o3 sammen med --case"))
    p.add_argument("--case", type=int, metavar="SAK", help=_("saken, når oppgaven er gitt som o3"))
    p.add_argument("--on", help=_("done: dagen den ble gjort (standard i dag)"))
    p.add_argument("--due", help=_("edit: ny frist (15.1, +2u, fredag; tom fjerner fristen)"))
    p.add_argument("--owner", help=_("edit: ny ansvarlig (navn, rolle eller tjeneste i gruppen)"))
    p.add_argument("--text", help=_("edit: ny tekst"))
