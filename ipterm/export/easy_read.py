""" "Min plan": the person's own plan in easy-read, and the who-to-call sheet (its last page, or on its own).

Easy-read: short sentences, common words, one idea a line, large type on request. The wording is fixed
here, in three voices: the adult person speaks ("Målene mine"), a child is spoken to ("Målene dine"), and
a child's parents are spoken to about the child ("Målene til Emil"). What the document may hold at all is
chosen by `ipterm.domain.own_copy`: nothing about anyone else beyond name, role and phone.
The readability test (tests/export/test_easy_read.py) keeps the fixed text at LIX 35 or under.
"""

from __future__ import annotations

from typing import Any

from ipterm.domain.messages import N_
from ipterm.domain.own_copy import Helper, OwnGoal, OwnPlan, Voice
from ipterm.export.documents import Block, DocumentContext, clock, day, finish, meta, text, weekday_date
from ipterm.i18n import _

# key -> (the adult speaks, a child is spoken to, the parents are spoken to); {name} is the child's first name.
_VOICED: dict[str, tuple[str, str, str]] = {
    "title": (N_("Min plan"), N_("Min plan"), N_("Planen til {name}")),
    "intro": (
        N_("Dette er planen min.\nHer står målene mine.\nHer står hvem som hjelper meg."),
        N_("Dette er planen din.\nHer står målene dine.\nHer står hvem som hjelper deg."),
        N_("Dette er planen til {name}, kort og enkelt.\nHer står målene.\nHer står hvem som hjelper."),
    ),
    "goals": (N_("Målene mine"), N_("Målene dine"), N_("Målene til {name}")),
    "own_words": (
        N_("Tekst i «hermetegn» er mine egne ord."),
        N_("Tekst i «hermetegn» er dine egne ord."),
        N_("Tekst i «hermetegn» er ordene til {name}."),
    ),
    "achieved": (N_("Dette har jeg klart"), N_("Dette har du klart"), N_("Dette har {name} klart")),
    "own_part": (N_("Dette gjør jeg"), N_("Dette gjør du"), N_("Dette gjør {name}")),
    "helpers": (N_("Disse hjelper meg"), N_("Disse hjelper deg"), N_("Disse hjelper {name}")),
    "helps_with": (N_("Hjelper meg med:"), N_("Hjelper deg med:"), N_("Hjelper {name} med:")),
    "coordinator_is": (
        N_("Koordinatoren min er {coordinator}."),
        N_("Koordinatoren din er {coordinator}."),
        N_("Koordinatoren til {name} er {coordinator}."),
    ),
    "wrong_tell": (
        N_("Jeg kan si fra til koordinatoren."),
        N_("Du kan si fra til koordinatoren."),
        N_("Dere kan si fra til koordinatoren."),
    ),
    "wrong_call": (
        N_("Jeg kan ringe {coordinator} på {phone}."),
        N_("Du kan ringe {coordinator} på {phone}."),
        N_("Dere kan ringe {coordinator} på {phone}."),
    ),
    "complain": (
        N_("Får jeg ikke hjelpen jeg har rett til?\nDa kan jeg klage."),
        N_("Får du ikke hjelpen du har rett til?\nDa kan du og foreldrene dine klage."),
        N_("Får ikke {name} hjelpen {name} har rett til?\nDa kan dere klage."),
    ),
    "complain_help": (
        N_("Koordinatoren kan hjelpe meg med klagen."),
        N_("Koordinatoren kan hjelpe dere med klagen."),
        N_("Koordinatoren kan hjelpe dere med klagen."),
    ),
    "ombud": (
        N_("Jeg kan også få gratis råd fra pasient- og brukerombudet."),
        N_("Dere kan også få gratis råd fra pasient- og brukerombudet."),
        N_("Dere kan også få gratis råd fra pasient- og brukerombudet."),
    ),
    "consent": (N_("Samtykket mitt"), N_("Samtykket ditt"), N_("Samtykket")),
    "consent_given": (
        N_("Jeg sa ja til planen {date}."),
        N_("Det ble sagt ja til planen {date}."),
        N_("Det ble sagt ja til planen {date}."),
    ),
    "consent_share": (
        N_("De som hjelper meg, kan snakke sammen om meg."),
        N_("De som hjelper deg, kan snakke sammen om deg."),
        N_("De som hjelper {name}, kan snakke sammen om {name}."),
    ),
    "consent_change": (
        N_("Jeg kan ombestemme meg når jeg vil."),
        N_("Dere kan ombestemme dere når dere vil."),
        N_("Dere kan ombestemme dere når dere vil."),
    ),
    "consent_tell": (
        N_("Da sier jeg fra til koordinatoren.\nDet kan jeg si eller skrive."),
        N_("Da sier dere fra til koordinatoren.\nDet kan dere si eller skrive."),
        N_("Da sier dere fra til koordinatoren.\nDet kan dere si eller skrive."),
    ),
    "consent_stop": (
        N_("Da slutter de å dele det de vet om meg."),
        N_("Da slutter de å dele det de vet om deg."),
        N_("Da slutter de å dele det de vet om {name}."),
    ),
    "contacts": (N_("Hvem ringer jeg?"), N_("Hvem ringer du?"), N_("Hvem ringer dere?")),
    "contacts_unsure": (
        N_("Er jeg usikker, ringer jeg koordinatoren."),
        N_("Er du usikker? Ring koordinatoren."),
        N_("Er dere usikre? Ring koordinatoren."),
    ),
}
_INDEX = {Voice.SELF: 0, Voice.CHILD: 1, Voice.GUARDIAN: 2}


def _v(plan: OwnPlan, key: str, **params: object) -> str:
    return _(_VOICED[key][_INDEX[plan.voice]], name=plan.first_name, **params)


def _lines(*lines: tuple[str, str] | str) -> Block:
    """One idea a line: each (text, style) or text becomes its own line; a text's own newlines too."""
    out: list[list[str]] = []
    for line in lines:
        value, style = (line, "") if isinstance(line, str) else line
        out += [[part, style] for part in value.split("\n") if part.strip()]
    return {"type": "lines", "lines": out}


def _heading(value: str) -> Block:
    return {"type": "heading", "text": value}


def _goal_lines(goals: tuple[OwnGoal, ...], depth: int = 0) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for own in goals:
        said = text(own.goal.text)
        style = "quote" if own.goal.is_own_words else ""
        out.append((said, style + ("-sub" if depth else "")))
        out += _goal_lines(own.children, depth + 1)
    return out


def _phone(member) -> str:
    return text(member.phone)


def _role(member) -> str:
    role, org = text(member.role), text(member.organisation)
    if org and org.casefold() not in role.casefold():
        return f"{role}, {org}" if role else org
    return role


def _helper_block(plan: OwnPlan, helper: Helper) -> Block:
    lines: list[list[str]] = []
    if _role(helper.member):
        lines.append([_role(helper.member), ""])
    if _phone(helper.member):
        lines.append([_("Telefon: {phone}", phone=_phone(helper.member)), ""])
    if helper.helps_with:
        lines.append([_v(plan, "helps_with"), ""])
        lines += [[text(what), "item"] for what in helper.helps_with]
    return {"type": "person", "name": text(helper.member.name), "lines": lines}


def _coordinator_lines(plan: OwnPlan) -> list[tuple[str, str] | str]:
    if not plan.coordinator_name:
        return [(_("Det er ikke valgt noen koordinator ennå."), "muted")]
    lines: list[tuple[str, str] | str] = [_v(plan, "coordinator_is", coordinator=text(plan.coordinator_name))]
    if plan.coordinator is not None and _phone(plan.coordinator):
        lines.append(_("Telefon: {phone}", phone=_phone(plan.coordinator)))
    lines.append(_("Koordinatoren passer på at alle gjør det de har lovet."))
    return lines


def _meeting_lines(plan: OwnPlan) -> list[tuple[str, str] | str]:
    nxt = plan.next_meeting
    if nxt is None:
        return [_("Neste møte er ikke avtalt ennå."), _("Koordinatoren sier fra når det er avtalt.")]
    if nxt.starts_at is None:
        return [_("Neste møte blir rundt {date}.", date=day(nxt.on)), _("Koordinatoren sier fra om tid og sted.")]
    lines: list[tuple[str, str] | str] = [
        _("Vi møtes {date}.", date=weekday_date(nxt.starts_at)),
        _("Vi starter klokka {time}.", time=clock(nxt.starts_at)),
    ]
    if nxt.place:
        lines.append(_("Vi møtes her: {place}", place=text(nxt.place)))
    else:
        lines.append(_("Koordinatoren sier fra om sted."))
    return lines


def _wrong_lines(plan: OwnPlan) -> list[tuple[str, str] | str]:
    lines: list[tuple[str, str] | str] = [_v(plan, "wrong_tell")]
    if plan.coordinator is not None and _phone(plan.coordinator) and plan.coordinator_name:
        lines.append(_v(plan, "wrong_call", coordinator=text(plan.coordinator_name), phone=_phone(plan.coordinator)))
    lines += [_v(plan, "complain"), _v(plan, "complain_help"), _v(plan, "ombud")]
    return lines


def _consent_lines(plan: OwnPlan) -> list[tuple[str, str] | str]:
    if plan.consent is None:
        return [(_("Det er ikke skrevet ned noe samtykke ennå."), "muted")]
    lines: list[tuple[str, str] | str] = [
        _v(plan, "consent_given", date=day(plan.consent.given_on)),
        _v(plan, "consent_share"),
    ]
    if plan.consent_until is not None:
        lines.append(_("Samtykket gjelder til {date}.", date=day(plan.consent_until)))
    lines += [_v(plan, "consent_change"), _v(plan, "consent_tell"), _v(plan, "consent_stop")]
    return lines


def contacts_blocks(plan: OwnPlan) -> list[Block]:
    """The who-to-call sheet: one table, each service's contact, phone, and what to call them about."""
    rows = []
    for helper in plan.contacts:
        member = helper.member
        who = [[text(member.name), "strong"]]
        if _role(member):
            who.append([_role(member), ""])
        topics = [text(a) for a in helper.helps_with]
        if plan.coordinator is not None and member.id == plan.coordinator.id:
            topics.insert(0, _("Planen og møtene"))
        about = [[t, "item" if len(topics) > 1 else ""] for t in topics] or [["–", ""]]
        rows.append([who, _phone(member), about])
    return [
        _heading(_v(plan, "contacts")),
        _lines(_v(plan, "contacts_unsure")),
        {
            "type": "contacts",
            "head": [_("Hvem"), _("Telefon"), _("Ring om")],
            "rows": rows,
            "empty": _("Ingen er skrevet ned ennå."),
        },
    ]


def easy_read_blocks(plan: OwnPlan) -> list[Block]:
    blocks: list[Block] = [_lines(_v(plan, "intro"))]
    blocks += [_heading(_v(plan, "goals"))]
    if plan.goals:
        goal_lines = _goal_lines(plan.goals)
        blocks.append(_lines(*goal_lines))
        if any(style.startswith("quote") for _t, style in goal_lines):
            blocks.append(_lines((_v(plan, "own_words"), "muted")))
    else:
        blocks.append(_lines((_("Ingen mål er skrevet ned ennå."), "muted")))
    if plan.achieved:
        blocks += [
            _heading(_v(plan, "achieved")),
            _lines(*[(text(g.text), "quote" if g.is_own_words else "") for g in plan.achieved]),
        ]
    blocks += [_heading(_v(plan, "own_part"))]
    blocks.append(
        _lines(*[text(line) for line in plan.own_part])
        if plan.own_part
        else _lines((_("Dette er ikke skrevet ned ennå."), "muted"))
    )
    blocks += [_heading(_("Koordinatoren")), _lines(*_coordinator_lines(plan))]
    helpers = [h for h in plan.helpers if plan.coordinator is None or h.member.id != plan.coordinator.id]
    coordinator_help = next((h for h in plan.helpers if h not in helpers), None)
    if coordinator_help is not None:
        blocks.append(_lines(_v(plan, "helps_with"), *[(text(w), "item") for w in coordinator_help.helps_with]))
    blocks += [_heading(_v(plan, "helpers"))]
    blocks += [_helper_block(plan, h) for h in helpers] or [_lines((_("Ingen er skrevet ned ennå."), "muted"))]
    blocks += [_heading(_("Neste møte")), _lines(*_meeting_lines(plan))]
    blocks += [_heading(_("Er noe galt?")), _lines(*_wrong_lines(plan))]
    blocks += [_heading(_v(plan, "consent")), _lines(*_consent_lines(plan))]
    blocks += [{"type": "pagebreak"}, *contacts_blocks(plan)]
    return blocks


def personal_payload(ctx: DocumentContext, plan: OwnPlan, kind: str, *, large: bool) -> dict[str, Any]:
    """The payload of `easy-read.typ`: "Min plan" (`kind` "easy-read") or the contact sheet ("contacts")."""
    title = _v(plan, "title") if kind == "easy-read" else _v(plan, "contacts")
    blocks = easy_read_blocks(plan) if kind == "easy-read" else contacts_blocks(plan)[1:]
    meta_ = meta(ctx, kind)
    meta_.update(
        {
            "kind": title,
            "title": f"{title} – {ctx.metadata_name()}",
            "subject": title,
            # The person's own copy carries no "unntatt offentlighet" line (it is theirs to show anyone).
            "confidential": "",
            "large": large,
            "person_line": _("Individuell plan for {person}", person=text(plan.person_name)),
        }
    )
    return finish(meta_, blocks)


def plain_text(payload: dict[str, Any]) -> str:
    """The document's words, one printed line a line (title, headings, lines, people, the contact table),
    without the page furniture: what the readability test measures."""
    out = [payload["meta"]["kind"], payload["meta"].get("person_line", "")]
    for b in payload["blocks"]:
        if b["type"] == "heading":
            out.append(b["text"])
        elif b["type"] == "lines":
            out += [t for t, _style in b["lines"]]
        elif b["type"] == "person":
            out.append(b["name"])
            out += [t for t, _style in b["lines"]]
        elif b["type"] == "contacts":
            out += b["head"]
            for who, phone, about in b["rows"]:
                out += [t for t, _style in who] + [phone] + [t for t, _style in about]
    return "\n".join(line for line in out if line)
