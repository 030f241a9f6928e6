"""Our own checks of a FHIR R4B bundle, on top of the structure check `fhir.resources` gives.

`fhir.resources` accepts any well-formed code and any reference string. These checks add: codes
against their required value sets, every reference resolving inside the bundle (and to a resource
type the element allows), unique full URLs, and the check digits of a Norwegian national id.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ipterm.domain.errors import ValidationError
from ipterm.domain.national_id import parse_national_id

FNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.1"  # Norwegian fødselsnummer
DNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.2"  # D-nummer

# Required bindings in R4B, checked by us because fhir.resources accepts any well-formed code.
ALLOWED: dict[str, frozenset[str]] = {
    "Bundle.type": frozenset({"document", "message", "transaction", "transaction-response", "batch",
                              "batch-response", "history", "searchset", "collection"}),
    "Goal.lifecycleStatus": frozenset({"proposed", "planned", "accepted", "active", "on-hold", "completed",
                                       "cancelled", "entered-in-error", "rejected"}),
    "CarePlan.status": frozenset({"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}),
    "CarePlan.intent": frozenset({"proposal", "plan", "order", "option"}),
    "CarePlan.activity.detail.status": frozenset({"not-started", "scheduled", "in-progress", "on-hold", "completed",
                                                  "cancelled", "stopped", "unknown", "entered-in-error"}),
    "CareTeam.status": frozenset({"proposed", "active", "suspended", "inactive", "entered-in-error"}),
    "Consent.status": frozenset({"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"}),
    "Consent.provision.type": frozenset({"deny", "permit"}),
    "Task.status": frozenset({"draft", "requested", "received", "accepted", "rejected", "ready", "cancelled",
                              "in-progress", "on-hold", "failed", "completed", "entered-in-error"}),
    "Task.intent": frozenset({"unknown", "proposal", "plan", "order", "original-order", "reflex-order",
                              "filler-order", "instance-order", "option"}),
}  # fmt: skip
# Elements R4B requires (1..1 or 1..*) on the resources we write; fhir.resources does not insist on them.
REQUIRED: dict[str, tuple[str, ...]] = {
    "Goal": ("lifecycleStatus", "description", "subject"),
    "CarePlan": ("status", "intent", "subject"),
    "Consent": ("status", "scope", "category"),
    "Task": ("status", "intent"),
    "RelatedPerson": ("patient",),
}
TELECOM_SYSTEMS = frozenset({"phone", "fax", "email", "pager", "url", "sms", "other"})
# Which resource types a reference may point to, for the references this module writes.
TARGETS: dict[str, frozenset[str]] = {
    "Goal.subject": frozenset({"Patient"}),
    "Goal.expressedBy": frozenset({"Patient", "Practitioner", "RelatedPerson"}),
    "CarePlan.subject": frozenset({"Patient"}),
    "CarePlan.careTeam": frozenset({"CareTeam"}),
    "CarePlan.goal": frozenset({"Goal"}),
    "CarePlan.activity.detail.goal": frozenset({"Goal"}),
    "CareTeam.subject": frozenset({"Patient"}),
    "CareTeam.participant.onBehalfOf": frozenset({"Organization"}),
    "Consent.patient": frozenset({"Patient"}),
    "Task.for": frozenset({"Patient"}),
    "Task.basedOn": frozenset({"CarePlan"}),
    "RelatedPerson.patient": frozenset({"Patient"}),
}


def _walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every (path, value) pair below `node`; list items share their parent's path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, path)
    else:
        yield path, node


def _structure_problems(bundle: dict[str, Any]) -> list[str]:
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError as PydanticError

    try:
        Bundle.model_validate(bundle)
    except PydanticError as exc:
        return [f"structure: {'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()]
    except (TypeError, ValueError) as exc:
        return [f"structure: {exc}"]
    return []


def validate_bundle(bundle: dict[str, Any]) -> list[str]:
    """Everything wrong with a bundle: FHIR structure (fhir.resources R4B), codes, references, ids.

    Returns an empty list for a good bundle; each problem is one English line for logs and tests.
    """
    problems = _structure_problems(bundle)
    if bundle.get("type") not in ALLOWED["Bundle.type"]:
        problems.append(f"Bundle: type '{bundle.get('type')}' is not a valid code")
    entries = [e for e in bundle.get("entry", []) if isinstance(e, dict)]
    types: dict[str, str] = {}
    for entry in entries:
        url = entry.get("fullUrl")
        if url in types:
            problems.append(f"fullUrl {url} is used twice")
        types[str(url)] = str(entry.get("resource", {}).get("resourceType", "?"))
    for entry in entries:
        resource = entry.get("resource", {})
        kind = resource.get("resourceType", "?")
        where = f"{kind} {entry.get('fullUrl')}"
        problems += [f"{where}: {name} is required" for name in REQUIRED.get(kind, ()) if not resource.get(name)]
        for path, value in _walk(resource, kind):
            if path in ALLOWED and value not in ALLOWED[path]:
                problems.append(f"{where}: {path.split('.', 1)[1]} '{value}' is not a valid code")
            elif path.endswith(".telecom.system") and value not in TELECOM_SYSTEMS:
                problems.append(f"{where}: telecom system '{value}' is not a valid code")
            elif path.endswith(".reference"):
                field = path.removesuffix(".reference").removesuffix(".valueReference")
                if value not in types:
                    problems.append(f"{where}: reference {value} does not resolve in the bundle")
                elif field in TARGETS and types[value] not in TARGETS[field]:
                    problems.append(
                        f"{where}: {field.split('.', 1)[1]} points to a {types[value]}, "
                        f"expected {' or '.join(sorted(TARGETS[field]))}"
                    )
        for identifier in resource.get("identifier", []) if kind == "Patient" else []:
            if identifier.get("system") in (FNR_SYSTEM, DNR_SYSTEM):
                try:
                    parse_national_id(str(identifier.get("value", "")))
                except ValidationError as exc:
                    problems.append(f"{where}: identifier {identifier.get('system')}: {exc.msg.render('en')}")
    return problems


def check_bundle(bundle: dict[str, Any]) -> None:
    """Raise when the bundle has any problem.

    Raises:
        InvalidBundleError: listing every problem found.
    """
    from ipterm.export import InvalidBundleError

    problems = validate_bundle(bundle)
    if problems:
        raise InvalidBundleError(problems)
