"""Meeting templates shipped with ipterm, one per situation (oppstartsmøte, before discharge, transition,
evaluation and revision, closing), and how a template's invitee roles map to one case's group. Pure: the
data comes in as parsed TOML (`data/meetings/templates.toml`), read by the services.

The data is checked strictly: unknown keys, wrong types, empty texts, duplicate keys and unknown role
kinds are refused with a message naming the place, so a broken file never half-fills a meeting.

A role maps to the active members that fill it: the person (`person`), relatives (`relative`), the
coordinator (`coordinator`: the member marked as coordinator for the plan), every service in the group
(`group`, with a peer supporter the person chose), or services whose role or service name holds one
of the role's words (`service`). A role
nobody in the group fills is named, so the coordinator sees whom to add or invite from outside.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ipterm.domain.errors import IptermError
from ipterm.domain.messages import Message, message
from ipterm.domain.minutes import fold
from ipterm.domain.models import PLAN_POINTS, CaseFile, Member, MemberKind

MATCHES = ("person", "relative", "coordinator", "group", "service")
WRITERS = ("coordinator", "")
_TEMPLATE_KEYS = {"key", "name", "purpose", "minutes_writer", "agenda", "invitees"}
_INVITEE_KEYS = {"role", "match", "words"}
MAX_TEXT = 300
MAX_ITEMS = 40


class TemplateDataError(IptermError):
    """The shipped meeting templates are not as they must be."""


@dataclass(frozen=True, slots=True)
class InviteeRole:
    role: str  # as shown: "Fastlege"
    match: str  # one of MATCHES
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ShippedTemplate:
    key: str
    name: str
    purpose: str
    minutes_writer: str  # "coordinator" or ""
    agenda: tuple[str, ...]  # may hold PLAN_POINTS
    invitees: tuple[InviteeRole, ...]


@dataclass(frozen=True, slots=True)
class FilledTemplate:
    """A shipped template applied to one case: who is invited (member id, why), the roles nobody in the
    group fills, the minutes writer's name and the agenda sections."""

    template: ShippedTemplate
    invitees: tuple[tuple[int, str], ...]
    unfilled_roles: tuple[str, ...]
    minutes_writer: str
    agenda_sections: tuple[str, ...]


def _refuse(where: str, what: Message) -> TemplateDataError:
    return TemplateDataError("Møtemalene er ugyldige ({where}): {what}", where=where, what=what)


def _text(value: Any, where: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not value.strip() and not empty) or len(value) > MAX_TEXT:
        raise _refuse(where, message("må være tekst (1–{n} tegn)", n=MAX_TEXT))
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        raise _refuse(where, message("har kontrolltegn"))
    return value.strip()


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list) or not value or len(value) > MAX_ITEMS:
        raise _refuse(where, message("må være en liste med 1–{n} punkter", n=MAX_ITEMS))
    return value


def _keys(found: Any, allowed: set[str], required: set[str], where: str) -> Mapping[str, Any]:
    if not isinstance(found, dict):
        raise _refuse(where, message("må være en tabell"))
    if extra := sorted(set(found) - allowed):
        raise _refuse(where, message("ukjent nøkkel {keys}", keys=", ".join(extra)))
    if lacking := sorted(required - set(found)):
        raise _refuse(where, message("mangler {keys}", keys=", ".join(lacking)))
    return found


def parse_templates(data: Any) -> tuple[ShippedTemplate, ...]:
    """The templates of a parsed TOML document; raises TemplateDataError on anything not as documented."""
    top = _keys(data, {"template"}, {"template"}, "templates.toml")
    out: list[ShippedTemplate] = []
    seen: set[str] = set()
    for n, raw in enumerate(_list(top["template"], "template"), start=1):
        where = f"template {n}"
        spec = _keys(raw, _TEMPLATE_KEYS, _TEMPLATE_KEYS - {"purpose"}, where)
        key = _text(spec["key"], f"{where}: key")
        if not key.isascii() or not key.replace("_", "").isalnum() or key in seen:
            raise _refuse(f"{where}: key", message("må være et unikt ord (a–z, 0–9, _)"))
        seen.add(key)
        writer = spec["minutes_writer"]
        if writer not in WRITERS:
            raise _refuse(f"{where}: minutes_writer", message("må være «coordinator» eller tom"))
        agenda = tuple(_text(p, f"{where}: agenda {i}") for i, p in enumerate(_list(spec["agenda"], where), 1))
        roles = []
        for i, r in enumerate(_list(spec["invitees"], f"{where}: invitees"), start=1):
            at = f"{where}: invitees {i}"
            item = _keys(r, _INVITEE_KEYS, {"role", "match"}, at)
            if item["match"] not in MATCHES:
                raise _refuse(f"{at}: match", message("må være en av {values}", values=", ".join(MATCHES)))
            if not isinstance(item.get("words", []), list):
                raise _refuse(f"{at}: words", message("må være en liste"))
            words = tuple(fold(_text(w, f"{at}: words")) for w in item.get("words", []))
            if item["match"] == "service" and not words:
                raise _refuse(f"{at}: words", message("en tjeneste trenger minst ett ord å kjenne den igjen på"))
            roles.append(InviteeRole(_text(item["role"], f"{at}: role"), item["match"], words))
        out.append(ShippedTemplate(
            key, _text(spec["name"], f"{where}: name"), _text(spec.get("purpose", ""), f"{where}: purpose", empty=True),
            writer, agenda, tuple(roles),
        ))  # fmt: skip
    return tuple(out)


def _fills(role: InviteeRole, member: Member) -> bool:
    if role.match == "person":
        return member.kind is MemberKind.PERSON
    if role.match == "relative":
        return member.kind is MemberKind.RELATIVE
    if role.match == "coordinator":
        return member.is_coordinator
    if role.match == "group":  # every service in the group, and a peer supporter the person chose
        return member.kind in (MemberKind.SERVICE, MemberKind.ADVOCATE) and not member.is_coordinator
    if member.kind is not MemberKind.SERVICE:
        return False
    # a service named by its words; the coordinator is the coordinator role's, not another role's
    found = fold(f"{member.role} {member.organisation}")
    return not member.is_coordinator and any(w in found for w in role.words)


def fill_template(template: ShippedTemplate, case_file: CaseFile) -> FilledTemplate:
    """The template applied to this case's active group."""
    active = [m for m in case_file.members if m.active and m.id is not None]
    chosen: dict[int, str] = {}
    unfilled: list[str] = []
    for role in template.invitees:
        filled = [m for m in active if _fills(role, m)]
        if not filled:
            unfilled.append(role.role)
        for m in filled:
            chosen.setdefault(m.id or 0, (m.contributes or m.role) if role.match == "group" else role.role)
    order = {m.id: n for n, m in enumerate(active)}
    invitees = tuple(sorted(chosen.items(), key=lambda item: order[item[0]]))
    writer = ""
    if template.minutes_writer == "coordinator":
        member = next((m for m in active if m.is_coordinator), None)
        writer = member.name if member else case_file.case.coordinator.strip()
    return FilledTemplate(template, invitees, tuple(unfilled), writer, template.agenda)


__all__ = ["PLAN_POINTS", "FilledTemplate", "InviteeRole", "ShippedTemplate", "fill_template", "parse_templates"]
