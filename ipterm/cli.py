"""Command line: no subcommand starts the TUI; subcommands run the same services without it."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from ipterm import __version__, paths
from ipterm.cli_common import EXIT_ERROR, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from ipterm.cli_common import PassphraseMismatchError as PassphraseMismatchError
from ipterm.cli_common import Prompter as _Prompter
from ipterm.cli_common import cell as _cell
from ipterm.cli_common import kdf as _kdf
from ipterm.cli_common import open_services as _open_services
from ipterm.cli_common import out as _out
from ipterm.cli_common import shown_date as _date
from ipterm.domain.errors import IptermError
from ipterm.domain.text import clean_for_terminal, terminal_json
from ipterm.i18n import LANGUAGES, _, error_text, format_number, label, ngettext

log = logging.getLogger(__name__)


# -- commands -------------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace, prompter: _Prompter) -> int:
    from ipterm.store.database import Store

    path = paths.database_path(args.data_dir)
    if path.exists():
        raise IptermError("Det finnes allerede en database i {parent}.", parent=path.parent)
    passphrase = prompter.ask_new("IPTERM_PASSPHRASE")
    Store.create(path, passphrase, kdf=_kdf(args)).close()
    _out(_("Opprettet kryptert database i {path}.", path=path))
    _out(_("Husk passordet: uten det kan ingen åpne databasen."))
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace, prompter: _Prompter) -> int:
    from ipterm.store.database import Store

    path = paths.database_path(args.data_dir)
    store = Store.unlock(path, prompter.ask(_("Nåværende passord: "), "IPTERM_PASSPHRASE"))
    try:
        new = prompter.ask_new("IPTERM_NEW_PASSPHRASE")
        store.change_passphrase(new, kdf=_kdf(args))
    finally:
        store.close()
    _out(_("Passordet er endret."))
    return EXIT_OK


def cmd_cases(args: argparse.Namespace, prompter: _Prompter) -> int:
    services = _open_services(args, prompter)
    try:
        cases = services.list_cases(include_closed=args.all)
        if args.json:
            print(terminal_json([_case_json(c) for c in cases]))
            return EXIT_OK
        _out(f"{'ID':>4}  {_('Navn'):<28} {_('Status'):<8} {_('Revisjon'):<10}  {_('Koordinator')}")
        for case in cases:
            _out(
                f"{case.id:>4}  {_cell(case.person_name, 28):<28} {label(case.status):<8} "
                f"{_date(case.next_revision):<10}  {_cell(case.coordinator)}"
            )
        _out(ngettext("{n} sak", "{n} saker", len(cases)))
    finally:
        services.store.close()
    return EXIT_OK


def _case_json(case: Any) -> dict[str, Any]:
    from ipterm.store.mapping import row_dict

    return row_dict(case)


def cmd_case_show(args: argparse.Namespace, prompter: _Prompter) -> int:
    from ipterm.domain.national_id import mask_national_id

    services = _open_services(args, prompter)
    try:
        services.require_case(args.case_id)
        cf = services.case_file(args.case_id)
        if args.json:
            from ipterm.store.mapping import row_dict

            body = {
                name: [row_dict(x) for x in getattr(cf, name)]
                for name in (
                    "related",
                    "members",
                    "goals",
                    "measures",
                    "evaluations",
                    "consents",
                    "meetings",
                    "decisions",
                    "action_items",
                    "notes",
                    "coordinators",
                    "assessments",
                    "service_decisions",
                )
            }
            body["case"] = row_dict(cf.case)
            print(terminal_json(body))
            return EXIT_OK
        c = cf.case
        _out(_("{name}  (sak {id}, {status})", name=_cell(c.person_name), id=c.id, status=label(c.status)))
        if c.national_id:
            _out(f"  {_('Fødselsnummer')}: {mask_national_id(c.national_id)}")
        _out(f"  {_('Koordinator')}: {_cell(c.coordinator)}")
        _out(
            f"  {_('Planperiode')}: {_date(c.plan_start)} – {_date(c.plan_end)}; "
            f"{_('revisjon')} {_date(c.next_revision)}"
        )
        _out(_("\nAnsvarsgruppe:"))
        numbers = cf.member_numbers()
        for m in cf.members:
            where = f" ({_cell(m.organisation)})" if m.organisation.strip() else ""
            _out(f"  {numbers[m.id]:>2}. {_cell(m.name)}, {_cell(m.role)}{where}  {_cell(m.phone)}")
        outside = [r for r in cf.related if not any(m.name.strip() == r.name.strip() for m in cf.members)]
        if outside:
            related_numbers = cf.related_numbers()
            _out(_("Pårørende utenfor gruppen:"))
            for r in outside:
                _out(f"  p{related_numbers[r.id]}. {_cell(r.name)}, {_cell(r.relation)}")
        _out(_("\nMål og tiltak:"))
        for g in cf.main_goals():
            due = _(" · evalueres innen {day}", day=_date(g.evaluate_by)) if g.evaluate_by else ""
            _out(f"  * {_cell(g.text)}  [{label(g.status)}{due}]")
            for sub in cf.sub_goals(g.id):
                _out(f"      · {_cell(sub.text)}")
            for m in cf.measures_for_goal(g.id):
                owner = cf.member(m.responsible_member_id)
                who = owner.name if owner else _("UAVKLART ANSVAR")
                _out(f"      → {_cell(m.what)} ({_cell(m.scope)}) – {_cell(who)}")
        found = services.content_gaps(c.id)
        if found:
            _out("\n" + _("Planen mangler noe av det forskriften om individuell plan krever:"))
            for gap in found:
                _out(f"  {gap.item.letter}) {_(gap.item.title)}")
                for line in gap.what:  # what is missing, and where to fix it
                    _out(f"     - {_cell(line.render())}")
        notes = ngettext("{n} notat", "{n} notater", len(cf.notes))
        meetings = ngettext("{n} møte", "{n} møter", len(cf.meetings))
        _out("\n" + _("{notes}, {meetings}.", notes=notes, meetings=meetings))
    finally:
        services.store.close()
    return EXIT_OK


def cmd_search(args: argparse.Namespace, prompter: _Prompter) -> int:
    from ipterm.domain.search import HIT_END, HIT_START

    services = _open_services(args, prompter)
    try:
        hits = services.search(" ".join(args.text), limit=args.limit)
        if args.json:
            print(
                terminal_json(
                    [
                        {
                            "case_id": h.case_id,
                            "kind": h.kind,
                            "ref_id": h.ref_id,
                            "snippet": h.snippet.replace(HIT_START, "").replace(HIT_END, ""),
                        }
                        for h in hits
                    ]
                )
            )
            return EXIT_OK
        for h in hits:
            snippet = clean_for_terminal(h.snippet.replace(HIT_START, "[").replace(HIT_END, "]"), single_line=True)
            _out(f"{h.case_id:>4}  {_cell(h.person_name, 24):<24} {h.kind:<8} {snippet}")
        _out(_("{n_hits} treff", n_hits=len(hits)))
    finally:
        services.store.close()
    return EXIT_OK if hits else EXIT_ERROR


def cmd_due(args: argparse.Namespace, prompter: _Prompter) -> int:
    from ipterm.cli_sync import _settings
    from ipterm.domain.due import DueKind, summary_text

    erase_after = _settings(args).erase_after_days
    services = _open_services(args, prompter)
    try:
        items = services.due(ahead_days=args.days, erase_after_days=erase_after)
        if args.json:
            print(
                terminal_json(
                    [
                        {
                            "kind": i.kind.value,
                            "case_id": i.case_id,
                            "text": i.text,
                            "date": i.on.isoformat() if i.on else None,
                            "overdue": i.is_overdue,
                            "ref_id": i.ref_id,
                        }
                        for i in items
                    ]
                )
            )
            return EXIT_OK
        for i in items:
            flag = "!" if i.is_overdue else " "
            text = i.text
            if i.kind in (DueKind.STALE_MEASURE, DueKind.STALE_MEMBER):
                text = str(summary_text(i))
            elif i.kind is DueKind.CONSENT_FROM_PERSON:
                from ipterm.domain.due import birthday_detail

                text = str(birthday_detail(i.text))
            _out(f"{flag} {_date(i.on):<10}  {i.label():<24} {_cell(i.person_name, 22):<22} {_cell(text, 60)}")
        _out(ngettext("{n} ting å følge opp", "{n} ting å følge opp", len(items)))
        from datetime import timedelta

        ahead = services.today() + timedelta(days=args.days)
        _out(_("Frister til og med {date}; --days 30 ser lenger fram.", date=_date(ahead)))
    finally:
        services.store.close()
    return EXIT_OK


def cmd_note(args: argparse.Namespace, prompter: _Prompter) -> int:
    from ipterm.domain.models import NoteKind

    text = "\n".join(args.text).replace("\\n", "\n")
    services = _open_services(args, prompter)
    try:
        services.require_case(args.case_id)
        note, items = services.meetings.add_contact_note(args.case_id, text, kind=NoteKind(args.kind))
        _out(_("Notat lagret ({written_at:%d.%m.%Y %H:%M}).", written_at=note.written_at))
        for item in items:
            _out(_("Oppgave: {text} – frist {due_on}", text=item.text, due_on=_date(item.due_on)))
    finally:
        services.store.close()
    return EXIT_OK


def cmd_export(args: argparse.Namespace, prompter: _Prompter) -> int:
    services = _open_services(args, prompter)
    try:
        services.require_case(args.case_id)
        meeting_id = args.meeting
        if args.kind == "minutes" and meeting_id is None:
            closed = [m for m in services.case_file(args.case_id).meetings if m.status.value in ("closed", "running")]
            if not closed:
                raise IptermError("Saken har ingen avholdte møter å lage referat fra.")
            meeting_id = max(closed, key=lambda m: m.starts_at).id
        recipient = None
        if args.recipient is not None:
            from ipterm.domain.scoping import resolve_recipient

            recipient = resolve_recipient(services.case_file(args.case_id), args.recipient)
        stored = services.exports.export(
            args.case_id,
            args.kind,
            recipient_member_id=recipient.member_id if recipient else None,
            recipient_related_id=recipient.related_id if recipient else None,
            meeting_id=meeting_id,
            allow_incomplete=args.allow_incomplete,
            large_type=args.large,
        )
        rendered = stored.rendered
        _out(
            _(
                "Eksport {id}: {filename} ({size} byte), lagret kryptert.",
                id=stored.id,
                filename=rendered.filename,
                size=format_number(len(rendered.content)),
            )
        )
        if rendered.missing_items:
            _out(_("§ 19 mangler: ") + ", ".join(rendered.missing_items))
        if args.output is not None:
            target = services.exports.save_to(stored.id, args.output, force=args.force)
            _out(_("Skrevet til {target}", target=target))
    finally:
        services.store.close()
    return EXIT_OK


def cmd_erase(args: argparse.Namespace, prompter: _Prompter) -> int:
    from ipterm.cli_erase import erase

    return erase(args, prompter)


def cmd_status_report(args: argparse.Namespace, prompter: _Prompter) -> int:
    from ipterm.cli_erase import status_report

    return status_report(args, prompter)


def cmd_doctor(args: argparse.Namespace, prompter: _Prompter) -> int:
    import sqlcipher3

    problems = 0

    def report(ok: bool, text: str) -> None:
        nonlocal problems
        problems += 0 if ok else 1
        _out(("  ok  " if ok else "  !!  ") + text)

    conn = sqlcipher3.connect(":memory:")
    version = conn.execute("PRAGMA cipher_version").fetchone()
    conn.close()
    report(bool(version and version[0].startswith("4")), f"SQLCipher {version[0] if version else '?'}")
    try:
        import typst

        report(True, "Typst " + getattr(typst, "__version__", ""))
    except ImportError:
        report(False, _("Typst mangler (PDF-eksport virker ikke)"))
    report(paths.templates_dir().is_dir(), _("Maler: ") + str(paths.templates_dir()))
    directory = paths.data_dir(args.data_dir)
    if directory.exists():
        from ipterm import host

        for check in host.check_private_dir(directory):
            report(check.ok, str(check.message))
        db = paths.database_path(args.data_dir)
        for candidate in (db, db.with_name(db.name + ".kdf"), db.with_name(db.name + "-wal")):
            if candidate.exists() and not host.is_windows():  # Windows: the folder's access list decides
                fmode = candidate.stat().st_mode & 0o777
                report(fmode == 0o600, f"{candidate.name}: {oct(fmode)}")
        if db.exists():
            _doctor_key_file(db, report)
    else:
        _out(_("  --  Ingen datamappe ennå ({directory}); kjør «ipterm init».", directory=directory))
    _out(_("{problems} problem(er) funnet.", problems=problems))
    return EXIT_OK if problems == 0 else EXIT_ERROR


def _doctor_key_file(db: Path, report: Callable[[bool, str], None]) -> None:
    """What the key file says, checked as far as it can be without the passphrase (bounds, digest)."""
    from ipterm.store import keys

    try:
        sidecar = keys.load_sidecar(keys.sidecar_path(db))
    except IptermError as exc:
        report(False, exc.message())
        return
    p = sidecar.params
    passes, lanes = _("runder"), _("baner")
    cost = f"Argon2id {p.memory_kib // 1024} MiB, {p.iterations} {passes}, {p.lanes} {lanes}"
    report(True, _("Nøkkelfil: {cost}", cost=cost))
    if sidecar.legacy:
        report(True, _("Nøkkelfilen er i det første formatet; den skrives om ved neste opplåsing."))  # fmt: skip
    if p.below_full_cost() and not db.name.endswith("-demo.db") and not keys.low_cost_allowed():
        report(False, _("Nøkkelen har lav kostnad; den heves ved neste opplåsing."))  # fmt: skip


def cmd_tui(args: argparse.Namespace, prompter: _Prompter) -> int:
    from ipterm.tui.launch import run_tui

    return run_tui(data_dir=args.data_dir, config=args.config, demo=args.demo, language=args.lang)


def cmd_demo(args: argparse.Namespace, prompter: _Prompter) -> int:
    args.demo = True
    if args.reset:
        from ipterm.services.demo import open_demo

        open_demo(args.data_dir, reset=True).close()
    return cmd_tui(args, prompter)


# -- parser ---------------------------------------------------------------------------------------
def _configured_language(argv: list[str]) -> str | None:
    """The settings file's language, read before the parser exists; a broken file speaks later, in full."""
    from ipterm.config import load_settings

    path = None
    for n, arg in enumerate(argv):
        if arg == "--config" and n + 1 < len(argv):
            path = Path(argv[n + 1])
        elif arg.startswith("--config="):
            path = Path(arg.partition("=")[2])
    try:
        return load_settings(path).language
    except Exception:
        return None


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help=_("mappe for databasen (ellers IPTERM_DATA_DIR eller standard)"),
    )
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("bruk den innebygde demodatabasen (passord: demo-ipterm)"),
    )
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=_("språk: nb, nn eller en"))
    parser = argparse.ArgumentParser(
        prog="ipterm",
        parents=[common],
        description=_("Individuell plan fra tastaturet: kryptert, offline. Uten underkommando startes TUI-en."),
    )
    parser.add_argument("--version", action="version", version=f"ipterm {__version__}")
    parser.add_argument("--config", type=Path, default=None, help=_("innstillingsfil (ellers IPTERM_CONFIG)"))
    parser.set_defaults(func=cmd_tui)
    sub = parser.add_subparsers(title=_("kommandoer"), metavar="KOMMANDO")

    def add(name: str, func: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add("init", cmd_init, _("opprett en ny kryptert database"))
    p.add_argument("--kdf-cost", choices=("normal", "low"), default="normal", help=argparse.SUPPRESS)
    p = add("passwd", cmd_passwd, _("bytt passord (databasen krypteres på nytt)"))
    p.add_argument("--kdf-cost", choices=("normal", "low"), default="normal", help=argparse.SUPPRESS)
    p = add("demo", cmd_demo, _("åpne demodatabasen i TUI-en"))
    p.add_argument("--reset", action="store_true", help=_("bygg demodatabasen på nytt"))
    p = add("cases", cmd_cases, _("list saker"))
    p.add_argument("--all", action="store_true", help=_("ta med avsluttede saker"))
    p.add_argument("--json", action="store_true")
    p = add("case", lambda a, pr: EXIT_USAGE, _("vis en sak"))
    case_sub = p.add_subparsers(metavar="show")
    show = case_sub.add_parser("show", parents=[common], help=_("vis en sak"))
    show.add_argument("case_id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_case_show)
    p = add("search", cmd_search, _("fulltekstsøk i navn, mål, tiltak og notater"))
    p.add_argument("text", nargs="+")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p = add("due", cmd_due, _("det som forfaller: evalueringer, revisjoner, oppgaver, samtykker …"))
    p.add_argument("--days", type=int, default=7, help=_("dager fram i tid (standard 7)"))
    p.add_argument("--json", action="store_true")
    p = add("note", cmd_note, _("kontaktnotat på en sak; linjer som starter med «o:» blir oppgaver"))
    p.add_argument("case_id", type=int)
    p.add_argument(
        "text", nargs="+", help=_('teksten; "\\n" gir ny linje, f.eks. "Ringte skolen\\no: Sende skjema @lærer +1u"')
    )
    p.add_argument("--kind", choices=("phone", "email", "visit", "meeting", "other"), default="other")
    p = add(
        "export",
        cmd_export,
        _("lag plan, referat, innkalling, overføringsnotat (PDF/A), JSON, FHIR eller kalender (.ics)"),
    )
    p.add_argument("case_id", type=int)
    p.add_argument("--kind", choices=("plan", "minutes", "summons", "handover", "json", "fhir", "ics",
                                      "easy-read", "contacts"), default="plan")  # fmt: skip
    p.add_argument(
        "--for",
        dest="recipient",
        metavar="MOTTAKER",
        help=_("utdrag for en mottaker: deltakerens nummer (fra «case show»), p1 for pårørende, eller navn"),
    )
    p.add_argument(
        "--meeting",
        type=int,
        help=_("møtet referatet eller innkallingen gjelder (ellers siste avholdte, eller neste planlagte)"),
    )
    p.add_argument("-o", "--output", help=_("skriv også til denne filen, eller inn i mappen (ut/ lager den)"))
    p.add_argument("--force", action="store_true", help=_("skriv over en fil som finnes"))
    p.add_argument("--allow-incomplete", action="store_true", help=_("eksporter selv om § 19-punkter mangler"))
    p.add_argument("--large", action="store_true", help=_("Min plan og kontaktarket med stor skrift"))
    p = add("erase", cmd_erase, _("slett en avsluttet sak for godt, overalt der ipterm har den"))
    p.add_argument("case_id", type=int)
    p.add_argument("--force", action="store_true", help=_("slett også en sak som ikke er avsluttet"))
    p.add_argument("--json", action="store_true")
    p = add("status-report", cmd_status_report, _("statusrapport uten navn til koordinerende enhet (CSV og PDF)"))
    p.add_argument("-o", "--output", type=Path, help=_("skriv også til denne mappen (eller filen, .csv eller .pdf)"))
    p.add_argument("--json", action="store_true")
    add("doctor", cmd_doctor, _("sjekk installasjonen"))
    from ipterm import cli_exports, cli_sync, completion

    cli_exports.register(add)
    cli_sync.register(add)
    completion.register(add)
    from ipterm import cli_tasks

    cli_tasks.register(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # every file ipterm creates is private unless it says otherwise
    from ipterm.host import utf8_output

    utf8_output()
    from ipterm.cli_language import choose_language, install_argparse_words

    words = list(sys.argv[1:] if argv is None else argv)
    choose_language(words, _configured_language(words))
    install_argparse_words()
    parser = build_parser()
    args = parser.parse_args(argv)
    for name, default in (("data_dir", None), ("demo", False), ("lang", None)):
        if not hasattr(args, name):
            setattr(args, name, default)
    from ipterm.logsetup import setup_logging

    log_path = setup_logging()
    try:
        return int(args.func(args, _Prompter()))
    except IptermError as exc:
        print(error_text(exc), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(_("Avbrutt."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away; nothing is wrong with ipterm or the data.
        with suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's final flush
        return EXIT_OK
    except Exception as exc:
        from ipterm.logsetup import describe_exception

        log.error("unexpected error in command %s: %s", getattr(args.func, "__name__", "?"), describe_exception(exc))
        where = f" ({log_path})" if log_path else ""
        print(
            _("Uventet feil. Detaljer står i loggfilen{where}.", where=where),
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        with suppress(Exception):
            logging.shutdown()


if __name__ == "__main__":
    sys.exit(main())
