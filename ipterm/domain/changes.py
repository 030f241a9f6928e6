"""The case's history in words: which goal or measure, what changed, from what to what.

Used by the close review ("changes since the last meeting") and the History tab. Attendance, minutes
lines, exports and templates are records of work, not changes to the plan: `is_plan_change` leaves them out.
"""

from __future__ import annotations

import re
from datetime import date

from ipterm.domain.models import AuditEntry, CaseFile

PLAN_ENTITIES = frozenset({
    "case", "goal", "measure", "evaluation", "consent", "decision", "action_item", "member", "related_person",
    "coordinator_history", "service_decision", "assessment",
})  # fmt: skip

_THINGS = {
    "case": ("Saken", "The case"), "goal": ("Mål", "Goal"), "measure": ("Tiltak", "Measure"),
    "evaluation": ("Evaluering", "Evaluation"), "consent": ("Samtykke", "Consent"),
    "decision": ("Beslutning", "Decision"), "action_item": ("Oppgave", "Task"), "member": ("Deltaker", "Member"),
    "related_person": ("Nettverk", "Related person"), "coordinator_history": ("Koordinator", "Coordinator"),
    "service_decision": ("Vedtak", "Service decision"), "assessment": ("Kartlegging", "Assessment"),
    "meeting": ("Møte", "Meeting"), "meeting_line": ("Referatlinje", "Minutes line"),
    "meeting_participant": ("Oppmøte", "Attendance"), "note": ("Notat", "Note"), "export": ("Eksport", "Export"),
}  # fmt: skip

FIELDS = {
    "text": ("tekst", "text"), "what": ("tiltak", "measure"), "scope": ("omfang", "scope"), "how": ("hvordan", "how"),
    "status": ("status", "status"), "evaluate_by": ("evalueres", "evaluate by"), "from_date": ("fra", "from"),
    "to_date": ("til", "to"), "due_on": ("frist", "due"), "done_on": ("gjort", "done on"),
    "owner_member_id": ("ansvarlig", "owner"), "responsible_member_id": ("ansvarlig", "responsible"),
    "goal_ids": ("mål", "goals"), "last_confirmed": ("sist bekreftet", "last confirmed"),
    "next_revision": ("revideres", "revise by"), "plan_start": ("plan fra", "plan from"),
    "plan_end": ("plan til", "plan to"), "coordinator": ("koordinator", "coordinator"),
    "expires_on": ("utløper", "expires"), "withdrawn_on": ("trukket", "withdrawn"), "given_on": ("gitt", "given"),
    "outcome": ("vurdering", "outcome"), "comment": ("kommentar", "comment"), "name": ("navn", "name"),
    "role": ("rolle", "role"), "organisation": ("tjeneste", "service"), "phone": ("telefon", "phone"),
    "email": ("e-post", "email"), "active": ("aktiv", "active"), "alternatives": ("alternativer", "alternatives"),
    "person_view": ("personens syn", "the person's view"), "parent_id": ("delmål av", "sub-goal of"),
    "is_own_words": ("egne ord", "own words"), "meeting_cadence_days": ("møteintervall", "meeting cadence"),
    "person_name": ("navn", "name"), "position": ("rekkefølge", "order"),
}  # fmt: skip

VALUES = {
    "active": ("aktiv", "active"), "achieved": ("nådd", "achieved"),
    "partly_achieved": ("delvis nådd", "partly achieved"),
    "paused": ("satt på vent", "paused"), "dropped": ("avsluttet", "dropped"), "planned": ("planlagt", "planned"),
    "ended": ("avsluttet", "ended"), "stopped": ("stoppet", "stopped"), "continue": ("fortsetter", "continues"),
    "change": ("endres", "changed"), "stop": ("avsluttes", "stopped"), "open": ("åpen", "open"),
    "done": ("ferdig", "done"), "cancelled": ("avlyst", "cancelled"), "closed": ("avsluttet", "closed"),
    "True": ("ja", "yes"), "False": ("nei", "no"), "true": ("ja", "yes"), "false": ("nei", "no"),
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_SKIP_FIELDS = frozenset({"case_id", "created_at", "updated_at", "meeting_id", "content_hash"})


def is_plan_change(entry: AuditEntry) -> bool:
    return entry.entity in PLAN_ENTITIES


def _short(text: str, width: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _value(field: str, value: object, case_file: CaseFile | None, lang: str) -> str:
    if value in (None, "", "[]"):
        return "–"
    if field.endswith("member_id") and case_file is not None:
        member = case_file.member(int(value)) if str(value).isdigit() else None
        return member.name if member else f"#{value}"
    if field == "goal_ids" and case_file is not None:
        numbers = case_file.goal_numbers()
        ids = [int(x) for x in re.findall(r"\d+", str(value))]
        return ", ".join(f"#{numbers[i]}" if i in numbers else "?" for i in ids) or "–"
    text = str(value)
    if m := _ISO.match(text):
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return f"{day.day}.{day.month}.{day.year}"
    if text in VALUES:
        return VALUES[text][1 if lang == "en" else 0]
    return f"«{_short(text)}»"


def _subject(entry: AuditEntry, case_file: CaseFile | None, lang: str) -> str:
    nb, en = _THINGS.get(entry.entity, (entry.entity, entry.entity))
    thing = en if lang == "en" else nb
    if case_file is None:
        return thing
    if entry.entity == "goal" and (goal := case_file.goal(entry.entity_id)):
        number = case_file.goal_numbers().get(goal.id or 0)
        return f"{thing} #{number} «{_short(goal.text, 30)}»"
    if entry.entity == "measure":
        measure = next((m for m in case_file.measures if m.id == entry.entity_id), None)
        if measure is not None:
            return f"{thing} #t{case_file.measure_numbers().get(measure.id or 0)} «{_short(measure.what, 30)}»"
    if entry.entity == "action_item":
        item = next((a for a in case_file.action_items if a.id == entry.entity_id), None)
        if item is not None:
            return f"{thing} #o{case_file.action_numbers().get(item.id or 0)} «{_short(item.text, 30)}»"
    if entry.entity == "member" and (member := case_file.member(entry.entity_id)):
        return f"{thing} {member.name}"
    return thing


def describe_change(entry: AuditEntry, case_file: CaseFile | None = None, lang: str = "nb") -> str:
    """ "Mål #2 «Jeg vil jobbe»: evalueres 1.3.2027 → 1.6.2027" – what a person needs to read."""
    subject = _subject(entry, case_file, lang)
    if entry.action == "create":
        return f"{subject}: " + ("new" if lang == "en" else "ny")
    if entry.action == "delete":
        return f"{subject}: " + ("deleted" if lang == "en" else "slettet")
    parts = []
    for field, pair in entry.changes.items():
        if field in _SKIP_FIELDS:
            continue
        before, after = [*pair, None, None][:2] if isinstance(pair, (list, tuple)) else (None, pair)
        label = FIELDS.get(field, (field.replace("_", " "), field.replace("_", " ")))[1 if lang == "en" else 0]
        parts.append(f"{label} {_value(field, before, case_file, lang)} → {_value(field, after, case_file, lang)}")
    changed = "changed" if lang == "en" else "endret"
    return f"{subject}: " + ("; ".join(parts) if parts else changed)
