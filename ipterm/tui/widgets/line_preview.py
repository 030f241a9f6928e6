"""The inline preview of a minutes line or a note: what each line will do once saved, as the coordinator
types it (`innen 15.1 = fredag 15.1.2027`, the owner's name, what is missing)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

from rich.text import Text

from ipterm import i18n
from ipterm.domain.messages import Message, message
from ipterm.domain.minutes import LineKind, ParsedLine, parse_line, resolve_mention
from ipterm.domain.models import Member, NoteKind
from ipterm.domain.text import clean_for_terminal
from ipterm.i18n import _
from ipterm.tui.display import initials, weekday_date


def describe(
    parsed: ParsedLine,
    members: dict[int, Member],
    today: date | None = None,
    *,
    privacy: bool = False,
    open_tasks: Collection[int] | None = None,
    masker: Callable[[str], str] | None = None,
) -> Text:
    """The inline preview: what the line will do, or what is missing (names as initials in privacy mode).

    Every token the parser took out of the text is shown as typed, with what it was read as
    (`innen 15.1 = fredag 15.1.2027`), so nothing typed is ever out of sight.
    """
    text = Text(i18n.label(parsed.kind), style="bold")
    if parsed.kind is LineKind.NOTE:
        text.append(
            _("  (Enter lagrer. Prefiks: b: o: t: e: s: n: f: p:  ? hjelp)"),
            style="dim",
        )
        return text
    details = []
    unknown: list[Message] = []

    def said(value: str) -> str:  # typed text on one line; the case's names masked in privacy mode
        cleaned = clean_for_terminal(value, single_line=True)
        return masker(cleaned) if masker else cleaned

    name_of = initials if privacy else clean_for_terminal
    resolved = {}
    for role, typed in parsed.clauses:
        if role == "token" and typed.startswith("@") and typed[1:] not in parsed.unresolved_mentions:
            # Each mention by its own name: taken in turn from the line's members, `@kari og @far` showed
            # each with the other's name.
            found = resolve_mention(typed[1:], [m for m in members.values() if m.id in parsed.member_ids])
            resolved[typed] = name_of(found[0].name) if len(found) == 1 else ""
    role_label = {
        "due": _("dato") if parsed.kind is LineKind.NEXT_MEETING else _("frist"),
        "from": _("fra"),
        "to": _("til"),
    }
    if parsed.kind is LineKind.EVALUATION:
        role_label["due"] = _("neste evaluering")
    if parsed.kind is LineKind.FOLLOW_UP:
        role_label["due"] = _("ny frist")
    dated = {"due": parsed.due, "from": parsed.from_date, "to": parsed.to_date}
    for role, typed in parsed.clauses:
        shown = clean_for_terminal(typed, single_line=True)
        if role in dated and dated[role] is not None:
            when = weekday_date(dated[role])
            if parsed.at is not None and role == "due":
                when += f" kl. {parsed.at:%H:%M}"
            details.append(f"{role_label[role]} {when} ({shown})")
        elif role == "outcome" and parsed.outcome is not None:
            details.append(f"{_('resultat')}: {i18n.label(parsed.outcome)} ({shown})")
        elif role == "token" and typed in resolved:
            details.append(f"→ {clean_for_terminal(resolved[typed], single_line=True)} ({shown})")
        elif role == "task":
            status = {"done": _("ferdig"), "cancelled": _("avlyses")}[parsed.task_status]
            details.append(f"{_('blir')} {status} ({shown})")
        elif role == "token" and typed.startswith("#"):
            label = {"t": _("tiltak "), "o": _("oppgave ")}.get(typed[1:2].lower(), _("mål "))
            details.append(label + shown)
            number = typed[2:]
            task = typed[1:2].lower() == "o" and number.isdigit()
            if task and open_tasks is not None and int(number) not in open_tasks:  # now, not only in the review
                unknown.append(message("#o{number} er ikke en åpen oppgave", number=int(number)))
        elif role == "time" and parsed.at is not None and parsed.due is None:
            details.append(_("kl. ") + f"{parsed.at:%H:%M} ({shown})")
    if parsed.kind is LineKind.DECISION and parsed.member_ids:
        details.append("→ " + ", ".join(name_of(members[i].name) for i in parsed.member_ids if i in members))
    if parsed.alternatives:
        details.append(_("alternativer: ") + said(parsed.alternatives))
    if parsed.person_view:
        details.append(_("syn: ") + said(parsed.person_view))
    if parsed.scope:
        details.append(_("omfang: ") + said(parsed.scope))
    if parsed.how:
        details.append(_("hvordan: ") + said(parsed.how))
    if parsed.text and parsed.kind is not LineKind.DECISION:
        details.insert(0, "«" + said(parsed.text) + "»")
    if details:
        text.append("  " + "  ".join(details))
    if parsed.kind is LineKind.ACTION and len(parsed.member_ids) > 1 and parsed.member_ids[0] in members:
        owner = name_of(members[parsed.member_ids[0]].name)
        unknown.append(message("Én ansvarlig per oppgave: {name}", name=owner))
    for problem in (*parsed.problems, *unknown):
        text.append(f"  ⚠ {problem.render()}", style="bold yellow")
    return text


def note_preview(
    text: str,
    kind: NoteKind,
    members: dict[int, Member],
    today: date,
    *,
    privacy: bool,
    masker: Callable[[str], str] | None = None,
) -> Text:
    """The note's kind (F2 changes it), then each o: line as the task it will become."""
    out = Text()
    out.append(_("Type: {kind}", kind=i18n.label(kind)), style="bold")
    out.append(_("  (F2 bytter · Enter lagrer · Ctrl+J ny linje · o: oppgave @navn +1u)"), style="dim")
    active = [m for m in members.values() if m.active]
    for raw in text.splitlines():
        parsed = parse_line(raw, active, today)
        if parsed.kind is LineKind.ACTION:
            out.append("\n")
            out.append(describe(parsed, members, today, privacy=privacy, masker=masker))
    return out
