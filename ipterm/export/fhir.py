"""An HL7 FHIR R4B Bundle of a case: Patient, CarePlan, Goal, CareTeam, Consent, and Task for action items.

Group members become Practitioner (services, with an Organization) or RelatedPerson (relatives and
advocates); the person themself is the Patient. Measures are CarePlan activities. Full URLs are
`urn:uuid:` values derived from the case and item ids, so the same case gives the same bundle.

`fhir.resources` checks structure only. `validate_bundle` adds our own checks: status and other codes
against their value sets, every reference resolving inside the bundle (to the right resource type), no
duplicate full URLs, and the check digits of a Norwegian national id.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from ipterm.domain.errors import ValidationError
from ipterm.domain.models import (
    ALL_KINDS,
    ActionStatus,
    CaseFile,
    CaseStatus,
    EvaluationOutcome,
    GoalStatus,
    MeasureStatus,
    Member,
    MemberKind,
)
from ipterm.domain.national_id import IdKind, parse_national_id
from ipterm.export import labels
from ipterm.export.fhir_checks import DNR_SYSTEM, FNR_SYSTEM, check_bundle, validate_bundle
from ipterm.i18n import label

__all__ = ["build_bundle", "check_bundle", "validate_bundle"]

SECTION_SYSTEM = "urn:ipterm:consent-section"  # our consent sections (plan, goals, measures …)
INFO_KIND_SYSTEM = "urn:ipterm:info-kind"  # kinds of information a consent opens (health, NAV and economy …)
_NS = uuid.UUID("8d0a4e9e-5c1b-4d3a-9a63-2f0f9e6b7c11")

GOAL_STATUS = {
    GoalStatus.ACTIVE: "active",
    GoalStatus.ACHIEVED: "completed",
    GoalStatus.PAUSED: "on-hold",
    GoalStatus.DROPPED: "cancelled",
}
ACTIVITY_STATUS = {
    MeasureStatus.PLANNED: "not-started",
    MeasureStatus.ACTIVE: "in-progress",
    MeasureStatus.ENDED: "completed",
    MeasureStatus.STOPPED: "stopped",
}
TASK_STATUS = {ActionStatus.OPEN: "requested", ActionStatus.DONE: "completed", ActionStatus.CANCELLED: "cancelled"}
PLAN_STATUS = {CaseStatus.ACTIVE: "active", CaseStatus.PAUSED: "on-hold", CaseStatus.CLOSED: "completed"}


class _Builder:
    def __init__(self, case_file: CaseFile, today: date) -> None:
        self.cf = case_file
        self.today = today
        self.cid = case_file.case.id or 0
        self.entries: list[dict[str, Any]] = []
        self.patient = self.urn("patient", self.cid)
        self.members: dict[int, str] = {}
        self.organisations: dict[str, str] = {}

    def urn(self, kind: str, item_id: object) -> str:
        return f"urn:uuid:{uuid.uuid5(_NS, f'ipterm/{self.cid}/{kind}/{item_id}')}"

    def add(self, url: str, resource: dict[str, Any]) -> str:
        self.entries.append({"fullUrl": url, "resource": resource})
        return url

    def ref(self, url: str) -> dict[str, str]:
        return {"reference": url}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _period(start: date | None, end: date | None) -> dict[str, str]:
    return {k: v for k, v in (("start", _iso(start)), ("end", _iso(end))) if v}


def _telecom(member: Member) -> list[dict[str, str]]:
    out = []
    if member.phone.strip():
        out.append({"system": "phone", "value": member.phone.strip()})
    if member.email.strip():
        out.append({"system": "email", "value": member.email.strip()})
    return out


def _human_name(text: str) -> dict[str, Any]:
    parts = text.split()
    name: dict[str, Any] = {"text": text}
    if len(parts) > 1:
        name |= {"family": parts[-1], "given": parts[:-1]}
    return name


def _patient(b: _Builder) -> None:
    case = b.cf.case
    resource: dict[str, Any] = {"resourceType": "Patient", "name": [_human_name(case.person_name)]}
    if case.national_id:
        try:
            kind = parse_national_id(case.national_id).kind
        except ValidationError:
            kind = IdKind.BIRTH_NUMBER
        system = DNR_SYSTEM if kind is IdKind.D_NUMBER else FNR_SYSTEM
        resource["identifier"] = [{"system": system, "value": case.national_id}]
    if case.birth_date:
        resource["birthDate"] = case.birth_date.isoformat()
    b.add(b.patient, resource)


def _members(b: _Builder) -> None:
    for m in b.cf.members:
        if m.id is None:
            continue
        if m.kind is MemberKind.PERSON:
            b.members[m.id] = b.patient
            continue
        url = b.urn("member", m.id)
        b.members[m.id] = url
        resource: dict[str, Any] = {"name": [_human_name(m.name)], "active": m.active}
        if telecom := _telecom(m):
            resource["telecom"] = telecom
        if m.kind is MemberKind.SERVICE:
            b.add(url, {"resourceType": "Practitioner", **resource})
            org = m.organisation.strip()
            if org and org.casefold() not in b.organisations:
                b.organisations[org.casefold()] = b.add(
                    b.urn("organisation", org.casefold()), {"resourceType": "Organization", "name": org}
                )
        else:
            relation = m.role.strip() or labels.MEMBER_KIND[m.kind]
            b.add(
                url,
                {
                    "resourceType": "RelatedPerson",
                    "patient": b.ref(b.patient),
                    "relationship": [{"text": relation}],
                    **resource,
                },
            )


def _care_team(b: _Builder) -> str:
    participants = []
    for m in b.cf.members:
        if not m.active or m.id not in b.members:
            continue
        p: dict[str, Any] = {"role": [{"text": m.role or labels.MEMBER_KIND[m.kind]}], "member": b.ref(b.members[m.id])}
        org = b.organisations.get(m.organisation.strip().casefold())
        if org and m.kind is MemberKind.SERVICE:
            p["onBehalfOf"] = b.ref(org)
        participants.append(p)
    status = "inactive" if b.cf.case.status is CaseStatus.CLOSED else "active"
    team = {"resourceType": "CareTeam", "status": status, "name": "Ansvarsgruppe", "subject": b.ref(b.patient)}
    if participants:
        team["participant"] = participants
    return b.add(b.urn("careteam", b.cid), team)


def _goals(b: _Builder) -> dict[int, str]:
    urls = {g.id: b.urn("goal", g.id) for g in b.cf.goals if g.id is not None}
    for g in b.cf.goals:
        if g.id is None:
            continue
        goal: dict[str, Any] = {
            "resourceType": "Goal",
            "lifecycleStatus": GOAL_STATUS[g.status],
            "description": {"text": g.text},
            "subject": b.ref(b.patient),
        }
        if g.status is GoalStatus.ACHIEVED:
            goal["achievementStatus"] = {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/goal-achievement", "code": "achieved"}]
            }
        else:
            own = [e for e in b.cf.evaluations if e.goal_id == g.id]
            latest = max(own, key=lambda e: (e.evaluated_on, e.id or 0), default=None)
            if latest is not None and latest.outcome is EvaluationOutcome.PARTLY_ACHIEVED:
                # goal-achievement has no "partly achieved": the closest code is in-progress, said in words too.
                goal["achievementStatus"] = {
                    "coding": [
                        {"system": "http://terminology.hl7.org/CodeSystem/goal-achievement", "code": "in-progress"}
                    ],
                    "text": labels.OUTCOME[latest.outcome],
                }
                goal["note"] = [{"text": f"Delvis nådd (evaluert {latest.evaluated_on:%d.%m.%Y})"}]
        if g.is_own_words:
            goal["expressedBy"] = b.ref(b.patient)
        if g.evaluate_by:
            goal["target"] = [{"dueDate": g.evaluate_by.isoformat()}]
        subs = [s for s in b.cf.sub_goals(g.id) if s.id in urls]
        if subs:
            # Core extension goal-relationship: the target (a sub-goal) is a milestone towards this goal.
            goal["extension"] = [
                {
                    "url": "http://hl7.org/fhir/StructureDefinition/goal-relationship",
                    "extension": [
                        {
                            "url": "type",
                            "valueCodeableConcept": {
                                "coding": [
                                    {"system": "http://hl7.org/fhir/goal-relationship-type", "code": "milestone"}
                                ]
                            },
                        },
                        {"url": "target", "valueReference": b.ref(urls[s.id])},
                    ],
                }
                for s in subs
            ]
        b.add(urls[g.id], goal)
    return urls


def _care_plan(b: _Builder, team: str, goals: dict[int, str]) -> str:
    case = b.cf.case
    numbers = b.cf.measure_numbers()
    activities = []
    for m in b.cf.measures:
        detail: dict[str, Any] = {"status": ACTIVITY_STATUS[m.status], "code": {"text": m.what}}
        described = "; ".join(
            p
            for p in (
                f"Omfang: {m.scope}" if m.scope else "",
                f"Gjennomføring: {m.how}" if m.how else "",
                f"Vedtak: {m.service_decision}" if m.service_decision else "",
            )
            if p
        )
        if described:
            detail["description"] = described
        if m.responsible_member_id in b.members:
            detail["performer"] = [b.ref(b.members[m.responsible_member_id])]
        served = [b.ref(goals[g]) for g in m.goal_ids if g in goals]
        if served:
            detail["goal"] = served
        if m.from_date or m.to_date:
            detail["scheduledPeriod"] = _period(m.from_date, m.to_date)
        activity: dict[str, Any] = {"detail": detail}
        if m.id in numbers:
            activity["id"] = f"t{numbers[m.id]}"
        activities.append(activity)
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "status": PLAN_STATUS[case.status],
        "intent": "plan",
        "title": "Individuell plan",
        "category": [{"text": "Individuell plan (forskrift om habilitering, rehabilitering og koordinator)"}],
        "subject": b.ref(b.patient),
        "careTeam": [b.ref(team)],
    }
    if case.plan_start or case.plan_end:
        plan["period"] = _period(case.plan_start, case.plan_end)
    if goals:
        plan["goal"] = [b.ref(u) for u in goals.values()]
    if activities:
        plan["activity"] = activities
    notes = [
        (label, value)
        for label, value in (
            ("Ressurser", case.resources),
            ("Behov for tjenester", case.needs),
            ("Samarbeid", case.collaboration),
            ("Koordinator", case.coordinator),
            ("Neste revisjon", _iso(case.next_revision) or ""),
        )
        if value and value.strip()
    ]
    if notes:
        plan["note"] = [{"text": f"{label}: {value.strip()}"} for label, value in notes]
    return b.add(b.urn("careplan", b.cid), plan)


def _consents(b: _Builder) -> None:
    for c in b.cf.consents:
        ended = c.withdrawn_on if c.withdrawn_on is not None and c.withdrawn_on <= b.today else c.expires_on
        provision: dict[str, Any] = {"type": "permit", "period": _period(c.given_on, ended)}
        actors = [
            {
                "role": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                            "code": "IRCP",
                            "display": "information recipient",
                        }
                    ]
                },
                "reference": b.ref(b.members[r]),
            }
            for r in c.recipient_member_ids
            if r in b.members
        ]
        if actors:
            provision["actor"] = actors
        if c.sections:
            provision["code"] = [
                {"coding": [{"system": SECTION_SYSTEM, "code": s.value}], "text": labels.SECTION[s]} for s in c.sections
            ]
        # The kinds of information the recipient may see, as security labels: a receiving system that knows
        # no more than FHIR still sees that a consent without "health" does not open health matters.
        provision["securityLabel"] = [
            {"system": INFO_KIND_SYSTEM, "code": k.value, "display": label(k)} for k in ALL_KINDS if k in c.kinds
        ]
        consent: dict[str, Any] = {
            "resourceType": "Consent",
            "status": "active" if c.is_valid_on(b.today) else "inactive",
            "scope": {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]
            },
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}], "text": "Samtykke"}],
            "patient": b.ref(b.patient),
            "dateTime": c.given_on.isoformat(),
            "policyRule": {
                "text": "Samtykke til individuell plan og til at deltakerne får taushetsbelagte opplysninger (§ 19 h)"
                if c.covers_plan
                else "Samtykke til at deltakerne får taushetsbelagte opplysninger"
            },
            "provision": provision,
        }
        if c.given_by.strip():
            consent["performer"] = [{"display": c.given_by.strip()}]
        source = "; ".join(
            p
            for p in (
                f"{labels.METHOD[c.method]} samtykke",
                c.scope_text.strip(),
                f"original: {c.original_location.strip()}" if c.original_location.strip() else "",
            )
            if p
        )
        consent["sourceAttachment"] = {"title": source}
        b.add(b.urn("consent", c.id), consent)


def _tasks(b: _Builder, plan: str) -> None:
    numbers = b.cf.measure_numbers()
    for a in b.cf.action_items:
        task: dict[str, Any] = {
            "resourceType": "Task",
            "status": TASK_STATUS[a.status],
            "intent": "plan",
            "description": a.text,
            "for": b.ref(b.patient),
            "basedOn": [b.ref(plan)],
        }
        if a.owner_member_id in b.members:
            task["owner"] = b.ref(b.members[a.owner_member_id])
        if a.due_on:
            task["restriction"] = {"period": {"end": a.due_on.isoformat()}}
        if a.done_on:
            task["executionPeriod"] = {"end": a.done_on.isoformat()}
        meeting = b.cf.meeting(a.meeting_id)
        if meeting is not None:
            task["authoredOn"] = meeting.starts_at.date().isoformat()
        if a.measure_id in numbers:
            task["note"] = [{"text": f"Gjelder tiltak t{numbers[a.measure_id]}"}]
        b.add(b.urn("task", a.id), task)


def build_bundle(case_file: CaseFile, today: date) -> dict[str, Any]:
    """The case as a FHIR R4B `collection` Bundle (a plain dict, ready for json.dumps)."""
    b = _Builder(case_file, today)
    _patient(b)
    _members(b)
    team = _care_team(b)
    goals = _goals(b)
    plan = _care_plan(b, team, goals)
    _consents(b)
    _tasks(b, plan)
    return _without_control_characters(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": f"{today.isoformat()}T00:00:00+00:00",
            "entry": b.entries,
        }
    )


_FORBIDDEN_IN_FHIR_STRINGS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_control_characters(value: Any) -> Any:
    """FHIR strings SHALL NOT hold characters below U+0020 other than tab, CR and LF: a pasted escape
    sequence in a note is dropped here (it carries no meaning for a receiving system)."""
    if isinstance(value, str):
        return _FORBIDDEN_IN_FHIR_STRINGS.sub("", value)
    if isinstance(value, dict):
        return {key: _without_control_characters(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_control_characters(item) for item in value]
    return value
