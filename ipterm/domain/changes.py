"""The case's history in words: which goal or measure, what changed, from what to what.

Used by the close review ("changes since the last meeting") and the History tab. Attendance, minutes
lines, exports and templates are records of work, not changes to the plan: `is_plan_change` leaves them out.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum

from ipterm.domain.messages import N_, Message, joined, message
from ipterm.domain.models import (
    ActionStatus,
    Attendance,
    AuditEntry,
    CaseFile,
    CaseStatus,
    ConsentMethod,
    EvaluationOutcome,
    GoalStatus,
    InfoKind,
    MeasureStatus,
    MeetingStatus,
    MemberKind,
    NoteKind,
)
from ipterm.domain.vocabulary import msgid_of

PLAN_ENTITIES = frozenset({
    "case", "goal", "measure", "evaluation", "consent", "decision", "action_item", "member", "related_person",
    "coordinator_history", "service_decision", "assessment",
})  # fmt: skip

_THINGS = {
    "case": N_("Saken"), "goal": N_("Mål"), "measure": N_("Tiltak"),
    "evaluation": N_("Evaluering"), "consent": N_("Samtykke"),
    "decision": N_("Beslutning"), "action_item": N_("Oppgave"), "member": N_("Deltaker"),
    "related_person": N_("Nettverk"), "coordinator_history": N_("Koordinator"),
    "service_decision": N_("Vedtak"), "assessment": N_("Kartlegging"),
    "meeting": N_("Møte"), "meeting_line": N_("Referatlinje"),
    "meeting_participant": N_("Oppmøte"), "note": N_("Notat"), "export": N_("Eksport"),
}  # fmt: skip


def thing_word(entity: str) -> Message | str:
    """A stored kind of row in the vocabulary's word ("action_item" -> "Oppgave")."""
    return message(_THINGS[entity]) if entity in _THINGS else entity


FIELDS = {
    "text": N_("tekst"), "what": N_("tiltak"), "scope": N_("omfang"), "how": N_("hvordan"),
    "status": N_("status"), "evaluate_by": N_("evalueres"), "from_date": N_("fra"),
    "to_date": N_("til"), "due_on": N_("frist"), "done_on": N_("gjort"),
    "owner_member_id": N_("ansvarlig"), "responsible_member_id": N_("ansvarlig"),
    "goal_ids": N_("mål"), "last_confirmed": N_("sist bekreftet"),
    "next_revision": N_("revideres"), "plan_start": N_("plan fra"),
    "plan_end": N_("plan til"), "coordinator": N_("koordinator"),
    "expires_on": N_("utløper"), "withdrawn_on": N_("trukket"), "given_on": N_("gitt"),
    "outcome": N_("vurdering"), "comment": N_("kommentar"), "name": N_("navn"),
    "role": N_("rolle"), "organisation": N_("tjeneste"), "phone": N_("telefon"),
    "email": N_("e-post"), "active": N_("aktiv"), "alternatives": N_("alternativer"),
    "person_view": N_("personens syn"), "parent_id": N_("delmål av"),
    "is_own_words": N_("egne ord"), "meeting_cadence_days": N_("møteintervall"),
    "person_name": N_("navn"), "position": N_("rekkefølge"),
    "attendance": N_("oppmøte"), "member_id": N_("deltaker"), "starts_at": N_("tid"),
    "place": N_("sted"), "summary": N_("oppsummering"), "agenda": N_("saksliste"),
    "next_meeting_on": N_("neste møte"), "closed_at": N_("avsluttet"), "kind": N_("type"),
    "info_kind": N_("opplysningstype"), "sector": N_("opplysningstype"), "method": N_("måte"),
    "is_coordinator": N_("koordinator for planen"), "has_decision_authority": N_("fatter vedtak"),
    "contribution": N_("bidrar med"), "decided_on": N_("besluttet"), "evaluated_on": N_("evaluert"),
    "recipient_member_ids": N_("mottakere"), "sections": N_("deler"), "kinds": N_("typer opplysninger"),
    "original_location": N_("original"), "given_by": N_("gitt av"), "scope_text": N_("omfatter"),
    "national_id": N_("fødselsnummer"), "why_invited": N_("hvorfor innkalt"),
    "recipient_member_id": N_("til"),
}  # fmt: skip

# Which kind of value a field holds, so its stored English code is said in the vocabulary's words.
_ENUM_FIELDS: dict[tuple[str, str], type[Enum]] = {
    ("goal", "status"): GoalStatus, ("measure", "status"): MeasureStatus,
    ("meeting", "status"): MeetingStatus, ("action_item", "status"): ActionStatus,
    ("case", "status"): CaseStatus, ("meeting_participant", "attendance"): Attendance,
    ("evaluation", "outcome"): EvaluationOutcome, ("consent", "method"): ConsentMethod,
    ("note", "kind"): NoteKind, ("member", "kind"): MemberKind,
}  # fmt: skip
_KIND_FIELDS = frozenset({"info_kind", "sector"})

VALUES = {
    "active": N_("aktiv"), "achieved": N_("nådd"),
    "partly_achieved": N_("delvis nådd"),
    "paused": N_("satt på vent"), "dropped": N_("avsluttet"), "planned": N_("planlagt"),
    "ended": N_("avsluttet"), "stopped": N_("stoppet"), "continue": N_("fortsetter"),
    "change": N_("endres"), "stop": N_("avsluttes"), "open": N_("åpen"),
    "done": N_("ferdig"), "cancelled": N_("avlyst"), "closed": N_("avsluttet"),
    "True": N_("ja"), "False": N_("nei"), "true": N_("ja"), "false": N_("nei"),
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_CLOCK = re.compile(r"[T ](\d{2}:\d{2})")
_EXPORT_KINDS = {
    "plan": N_("plan"), "minutes": N_("referat"), "summons": N_("innkalling"), "handover": N_("overføringsnotat"),
    "ics": N_("kalender"), "json": N_("JSON"), "fhir": N_("FHIR"),
    "easy-read": N_("Min plan"), "contacts": N_("kontaktark"),
}  # fmt: skip
_SKIP_FIELDS = frozenset({"case_id", "created_at", "updated_at", "meeting_id", "content_hash", "version"})


def is_plan_change(entry: AuditEntry) -> bool:
    return entry.entity in PLAN_ENTITIES


def _short(text: str, width: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _enum_word(entity: str, field: str, value: object) -> Message | None:
    enum = InfoKind if field in _KIND_FIELDS else _ENUM_FIELDS.get((entity, field))
    if enum is None:
        return None
    try:
        member = enum(value)
    except ValueError:
        return None
    msgid = msgid_of(member)
    return Message(msgid, context=enum.__name__) if msgid else None


def _value(field: str, value: object, case_file: CaseFile | None, entity: str = "") -> Message | str:
    if value in (None, "", "[]"):
        return "–"
    if (word := _enum_word(entity, field, value)) is not None:
        return word
    if (field.endswith("member_id") or field == "member_id") and case_file is not None:
        member = case_file.member(int(value)) if str(value).isdigit() else None
        return member.name if member else f"#{value}"
    if field == "goal_ids" and case_file is not None:
        numbers = case_file.goal_numbers()
        ids = [int(x) for x in re.findall(r"\d+", str(value))]
        return ", ".join(f"#{numbers[i]}" if i in numbers else "?" for i in ids) or "–"
    if field == "kind" and entity == "export" and str(value) in _EXPORT_KINDS:
        return message(_EXPORT_KINDS[str(value)])
    text = str(value)
    if m := _ISO.match(text):
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        clock = _CLOCK.search(text)
        at = f" kl. {clock.group(1)}" if clock and clock.group(1) != "00:00" else ""
        return f"{day.day}.{day.month}.{day.year}{at}"
    if isinstance(value, (list, tuple)) or (text.startswith("[") and text.endswith("]")):
        items = value if isinstance(value, (list, tuple)) else _json_list(text)
        if items is not None:
            return f"«{_short('; '.join(str(i) for i in items))}»" if items else "–"
    if text in VALUES:
        return message(VALUES[text])
    return f"«{_short(text)}»"


def _subject(entry: AuditEntry, case_file: CaseFile | None) -> Message | str:
    thing: Message | str = message(_THINGS[entry.entity]) if entry.entity in _THINGS else entry.entity
    if case_file is None:
        return thing
    if entry.entity == "goal" and (goal := case_file.goal(entry.entity_id)):
        number = case_file.goal_numbers().get(goal.id or 0)
        return message("{thing} #{number} «{text}»", thing=thing, number=number, text=_short(goal.text, 30))
    if entry.entity == "measure":
        measure = next((m for m in case_file.measures if m.id == entry.entity_id), None)
        if measure is not None:
            number = case_file.measure_numbers().get(measure.id or 0)
            return message("{thing} #t{number} «{text}»", thing=thing, number=number, text=_short(measure.what, 30))
    if entry.entity == "action_item":
        item = next((a for a in case_file.action_items if a.id == entry.entity_id), None)
        if item is not None:
            number = case_file.action_numbers().get(item.id or 0)
            return message("{thing} #o{number} «{text}»", thing=thing, number=number, text=_short(item.text, 30))
    if entry.entity == "member" and (member := case_file.member(entry.entity_id)):
        return message("{thing} {name}", thing=thing, name=member.name)
    if entry.entity == "evaluation":
        evaluation = next((e for e in case_file.evaluations if e.id == entry.entity_id), None)
        if evaluation is not None and evaluation.goal_id is not None and (goal := case_file.goal(evaluation.goal_id)):
            number = case_file.goal_numbers().get(goal.id or 0)
            return message("Evaluering av mål #{number} «{text}»", number=number, text=_short(goal.text, 30))
        measure = next((m for m in case_file.measures if evaluation and m.id == evaluation.measure_id), None)
        if measure is not None:
            number = case_file.measure_numbers().get(measure.id or 0)
            return message("Evaluering av tiltak #t{number} «{text}»", number=number, text=_short(measure.what, 30))
    texts = {
        "decision": {d.id: d.text for d in case_file.decisions},
        "note": {n.id: n.text for n in case_file.notes},
        "meeting": {m.id: f"{m.starts_at.day}.{m.starts_at.month}.{m.starts_at.year}" for m in case_file.meetings},
    }.get(entry.entity, {})
    if entry.entity_id in texts:
        return message("{thing} «{text}»", thing=thing, text=_short(texts[entry.entity_id], 30))
    return thing


def describe_change(entry: AuditEntry, case_file: CaseFile | None = None) -> Message:
    """ "Mål #2 «Jeg vil jobbe»: evalueres 1.3.2027 → 1.6.2027" – what a person needs to read."""
    subject = _subject(entry, case_file)
    if entry.action == "create":
        facts = _creation_facts(entry, case_file)
        if facts:
            return message("{subject}: lagt til ({facts})", subject=subject, facts=joined(facts, "; "))
        return message("{subject}: lagt til", subject=subject)
    if entry.action == "delete":
        return message("{subject}: slettet", subject=subject)
    parts: list[Message] = []
    for field, pair in entry.changes.items():
        if field in _SKIP_FIELDS:
            continue
        before, after = [*pair, None, None][:2] if isinstance(pair, (list, tuple)) else (None, pair)
        label = message(FIELDS[field]) if field in FIELDS else field.replace("_", " ")
        before_text = _value(field, before, case_file, entry.entity)
        after_text = _value(field, after, case_file, entry.entity)
        parts.append(message("{label} {before} → {after}", label=label, before=before_text, after=after_text))
    if not parts:
        return message("{subject}: endret", subject=subject)
    return message("{subject}: {changes}", subject=subject, changes=joined(parts, "; "))


def _json_list(text: str) -> list | None:
    import json

    try:
        items = json.loads(text)
    except ValueError:
        return None
    return items if isinstance(items, list) else None


# What a new row is best known by, after its subject: a measure's responsible, a task's owner and due date.
_CREATION_FIELDS = {
    "measure": ("responsible_member_id", "from_date", "evaluate_by"),
    "goal": ("evaluate_by",),
    "action_item": ("owner_member_id", "due_on"),
    "evaluation": ("outcome",),
    "consent": ("given_on", "expires_on"),
    "meeting": ("starts_at", "place"),
    "member": ("role", "organisation"),
    "meeting_participant": ("member_id", "attendance"),
    "export": ("kind", "recipient_member_id"),
}


def _creation_facts(entry: AuditEntry, case_file: CaseFile | None) -> list[Message]:
    facts = []
    for field in _CREATION_FIELDS.get(entry.entity, ()):
        pair = entry.changes.get(field)
        after = pair[1] if isinstance(pair, (list, tuple)) and len(pair) > 1 else pair
        if after in (None, "", "[]"):
            continue
        value = _value(field, after, case_file, entry.entity)
        if field in ("responsible_member_id", "owner_member_id") and case_file is not None:
            member = case_file.member(int(after)) if str(after).isdigit() else None
            if member is not None and member.organisation:
                value = message("{name}, {service}", name=member.name, service=member.organisation)
        facts.append(message("{label}: {value}", label=message(FIELDS[field]) if field in FIELDS else field,
                             value=value))  # fmt: skip
    return facts
