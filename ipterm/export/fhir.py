"""An HL7 FHIR R4B Bundle of a case: Patient, CarePlan, Goal, CareTeam, Consent, Task (action items).

`fhir.resources` checks structure only; `validate_bundle` adds our own checks of status codes and that
every reference resolves inside the bundle.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from ipterm.domain.models import OPEN_MEASURE_STATUSES, CaseFile, MemberKind

FNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.1"  # Norwegian fødselsnummer
DNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.2"
_NS = uuid.UUID("8d0a4e9e-5c1b-4d3a-9a63-2f0f9e6b7c11")

GOAL_STATUS = {"active": "active", "achieved": "completed", "paused": "on-hold", "dropped": "cancelled"}
ACTIVITY_STATUS = {"planned": "scheduled", "active": "in-progress", "ended": "completed", "stopped": "stopped"}
TASK_STATUS = {"open": "requested", "done": "completed", "cancelled": "cancelled"}
ALLOWED = {
    "Goal.lifecycleStatus": {"proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled",
                             "entered-in-error", "rejected"},
    "CarePlan.status": {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    "CareTeam.status": {"proposed", "active", "suspended", "inactive", "entered-in-error"},
    "Consent.status": {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"},
    "Task.status": {"draft", "requested", "received", "accepted", "rejected", "ready", "cancelled", "in-progress",
                    "on-hold", "failed", "completed", "entered-in-error"},
}  # fmt: skip


def _urn(case_id: int, kind: str, item_id: int | None) -> str:
    return f"urn:uuid:{uuid.uuid5(_NS, f'{case_id}/{kind}/{item_id}')}"


def build_bundle(cf: CaseFile, today: date) -> dict[str, Any]:
    case = cf.case
    cid = case.id or 0
    patient = _urn(cid, "patient", cid)
    entries: list[dict[str, Any]] = []

    def add(url: str, resource: dict[str, Any]) -> None:
        entries.append({"fullUrl": url, "resource": resource})

    identifiers = []
    if case.national_id:
        system = DNR_SYSTEM if int(case.national_id[0]) >= 4 else FNR_SYSTEM
        identifiers.append({"system": system, "value": case.national_id})
    add(
        patient,
        {
            "resourceType": "Patient",
            "identifier": identifiers,
            "name": [{"text": case.person_name}],
            **({"birthDate": case.birth_date.isoformat()} if case.birth_date else {}),
        },
    )
    member_refs: dict[int, str] = {}
    for m in cf.members:
        if m.kind is MemberKind.PERSON:
            member_refs[m.id] = patient
            continue
        url = _urn(cid, "member", m.id)
        member_refs[m.id] = url
        telecom = [
            t
            for t in (
                {"system": "phone", "value": m.phone} if m.phone else None,
                {"system": "email", "value": m.email} if m.email else None,
            )
            if t
        ]
        if m.kind is MemberKind.SERVICE:
            add(url, {"resourceType": "Practitioner", "name": [{"text": m.name}], "telecom": telecom})
        else:
            add(
                url,
                {
                    "resourceType": "RelatedPerson",
                    "patient": {"reference": patient},
                    "name": [{"text": m.name}],
                    "relationship": [{"text": m.role}],
                    "telecom": telecom,
                },
            )
    care_team = _urn(cid, "careteam", cid)
    add(care_team, {
        "resourceType": "CareTeam", "status": "active", "name": "Ansvarsgruppe", "subject": {"reference": patient},
        "participant": [{"role": [{"text": m.role}], "member": {"reference": member_refs[m.id]}}
                        for m in cf.members if m.active],
    })  # fmt: skip
    goal_refs = {}
    for g in cf.goals:
        url = _urn(cid, "goal", g.id)
        goal_refs[g.id] = url
        add(
            url,
            {
                "resourceType": "Goal",
                "lifecycleStatus": GOAL_STATUS[g.status.value],
                "description": {"text": g.text},
                "subject": {"reference": patient},
                **({"target": [{"dueDate": g.evaluate_by.isoformat()}]} if g.evaluate_by else {}),
            },
        )
    activities = []
    for m in cf.measures:
        detail: dict[str, Any] = {"status": ACTIVITY_STATUS[m.status.value], "description": m.what}
        if m.responsible_member_id in member_refs:
            detail["performer"] = [{"reference": member_refs[m.responsible_member_id]}]
        if m.goal_ids:
            detail["goal"] = [{"reference": goal_refs[g]} for g in m.goal_ids if g in goal_refs]
        if m.from_date or m.to_date:
            detail["scheduledPeriod"] = {k: v.isoformat() for k, v in (("start", m.from_date), ("end", m.to_date)) if v}
        activities.append({"detail": detail})
    active_measures = any(m.status in OPEN_MEASURE_STATUSES for m in cf.measures)
    care_plan = _urn(cid, "careplan", cid)
    plan_status = "completed" if case.status.value == "closed" else ("active" if active_measures else "draft")
    add(care_plan, {
        "resourceType": "CarePlan", "status": plan_status, "intent": "plan", "title": "Individuell plan",
        "subject": {"reference": patient}, "careTeam": [{"reference": care_team}],
        "goal": [{"reference": u} for u in goal_refs.values()], "activity": activities,
        **({"period": {k: v.isoformat() for k, v in (("start", case.plan_start), ("end", case.plan_end)) if v}}
           if case.plan_start or case.plan_end else {}),
    })  # fmt: skip
    for c in cf.consents:
        valid = c.is_valid_on(today)
        add(_urn(cid, "consent", c.id), {
            "resourceType": "Consent", "status": "active" if valid else "inactive",
            "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                                  "code": "patient-privacy"}]},
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}], "text": "Samtykke"}],
            "patient": {"reference": patient}, "dateTime": f"{c.given_on.isoformat()}T00:00:00+00:00",
            "policyRule": {"text": "Forskrift om individuell plan, § 19 h"},
            "provision": {
                **({"period": {"end": c.expires_on.isoformat()}} if c.expires_on else {}),
                "actor": [{"role": {"text": "mottaker"}, "reference": {"reference": member_refs[r]}}
                          for r in c.recipient_member_ids if r in member_refs],
            },
        })  # fmt: skip
    for a in cf.action_items:
        task: dict[str, Any] = {
            "resourceType": "Task",
            "status": TASK_STATUS[a.status.value],
            "intent": "order",
            "description": a.text,
            "for": {"reference": patient},
            "basedOn": [{"reference": care_plan}],
        }
        if a.owner_member_id in member_refs:
            task["owner"] = {"reference": member_refs[a.owner_member_id]}
        if a.due_on:
            task["restriction"] = {"period": {"end": a.due_on.isoformat()}}
        add(_urn(cid, "task", a.id), task)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": f"{today.isoformat()}T00:00:00+00:00",
        "entry": entries,
    }


def _references(node: Any) -> list[str]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_references(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_references(item))
    return found


def validate_bundle(bundle: dict[str, Any]) -> list[str]:
    """Problems with the bundle: structure (fhir.resources R4B), status codes, dangling references."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    problems = []
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        problems.append(f"structure: {exc.errors()[0].get('loc')} {exc.errors()[0].get('msg')}")
    urls = {e.get("fullUrl") for e in bundle.get("entry", [])}
    for entry in bundle.get("entry", []):
        resource = entry.get("resource", {})
        kind = resource.get("resourceType", "?")
        for field, allowed in ALLOWED.items():
            rtype, name = field.split(".")
            if kind == rtype and resource.get(name) not in allowed:
                problems.append(f"{kind} {entry.get('fullUrl')}: {name} '{resource.get(name)}' is not a valid code")
        for ref in _references(resource):
            if ref not in urls:
                problems.append(f"{kind} {entry.get('fullUrl')}: reference {ref} does not resolve in the bundle")
    return problems
