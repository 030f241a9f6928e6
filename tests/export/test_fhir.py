"""The FHIR R4B bundle: the resources we promise, valid by fhir.resources and by our own checks."""

from __future__ import annotations

import copy
import json
from collections import Counter
from typing import Any

import pytest

from ipterm.export import ExportKind, InvalidBundleError, render
from ipterm.export.fhir import FNR_SYSTEM, build_bundle, check_bundle, validate_bundle
from tests.export.sample_case import TEACHER, TODAY, child_case


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    return build_bundle(child_case(), TODAY)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_bundle_has_every_promised_resource_and_is_valid(bundle: dict[str, Any]) -> None:
    counts = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    cf = child_case()
    assert counts["Patient"] == 1 and counts["CarePlan"] == 1 and counts["CareTeam"] == 1
    assert counts["Goal"] == len(cf.goals) and counts["Consent"] == len(cf.consents)
    assert counts["Task"] == len(cf.action_items)
    assert validate_bundle(bundle) == []
    check_bundle(bundle)  # does not raise


def test_the_content_maps_to_the_right_fields(bundle: dict[str, Any]) -> None:
    patient = resources(bundle, "Patient")[0]
    assert patient["identifier"] == [{"system": FNR_SYSTEM, "value": child_case().case.national_id}]
    assert patient["birthDate"] == "2014-05-09" and patient["name"][0]["family"] == "Solberg"
    plan = resources(bundle, "CarePlan")[0]
    assert plan["status"] == "active" and plan["intent"] == "plan" and len(plan["activity"]) == 7
    swimming = next(a for a in plan["activity"] if a["detail"]["code"]["text"] == "Svømmeopplæring")
    assert "performer" not in swimming["detail"]  # responsibility unclear stays visibly empty
    assert swimming["id"] == "t7" and swimming["detail"]["status"] == "not-started"
    goals = {g["description"]["text"]: g for g in resources(bundle, "Goal")}
    assert "expressedBy" in goals["Jeg vil ha en venn i klassen"]  # the person's own words
    assert goals["Jeg vil klare å være på skolen"]["extension"][0]["url"].endswith("goal-relationship")
    consents = resources(bundle, "Consent")
    assert sorted(c["status"] for c in consents) == ["active", "active", "active", "inactive"]  # one expired
    school = next(c for c in consents if "Skolen" in c["sourceAttachment"]["title"])
    assert {c["coding"][0]["code"] for c in school["provision"]["code"]} == {"goals", "measures", "meetings"}
    # The kinds of information it opens: the school sees school matters, not health or NAV.
    assert school["provision"]["securityLabel"] == [
        {"system": "urn:ipterm:info-kind", "code": "school", "display": "skole og barnehage"}
    ]
    everything = next(c for c in consents if c is not school and len(c["provision"]["securityLabel"]) == 6)
    assert {s["code"] for s in everything["provision"]["securityLabel"]} >= {"health", "nav", "child_welfare"}
    tasks = {t["description"]: t for t in resources(bundle, "Task")}
    assert tasks["Sende søvndagbok til BUP"]["status"] == "completed"
    assert tasks["Melde mor opp til oppkjøring"]["restriction"]["period"]["end"] == "2026-12-22"


def test_the_same_case_gives_the_same_bundle() -> None:
    assert build_bundle(child_case(), TODAY) == build_bundle(child_case(), TODAY)


def test_a_broken_reference_is_caught(bundle: dict[str, Any]) -> None:
    broken = copy.deepcopy(bundle)
    resources(broken, "Goal")[0]["subject"]["reference"] = "urn:uuid:00000000-0000-0000-0000-000000000000"
    problems = validate_bundle(broken)
    assert len(problems) == 1 and "does not resolve" in problems[0]
    with pytest.raises(InvalidBundleError) as info:
        check_bundle(broken)
    assert info.value.problems == problems and "FHIR-pakken er ikke gyldig" in info.value.message("nb")


def test_a_reference_to_the_wrong_kind_of_resource_is_caught(bundle: dict[str, Any]) -> None:
    wrong = copy.deepcopy(bundle)
    team = next(e["fullUrl"] for e in wrong["entry"] if e["resource"]["resourceType"] == "CareTeam")
    resources(wrong, "Task")[0]["for"]["reference"] = team
    assert any("points to a CareTeam, expected Patient" in p for p in validate_bundle(wrong))


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [("CarePlan", "status", "finished"), ("Task", "intent", "wish"), ("Consent", "status", "given"),
     ("Goal", "lifecycleStatus", "done"), ("CareTeam", "status", "busy")],
)  # fmt: skip
def test_a_bad_status_code_is_caught(bundle: dict[str, Any], kind: str, field: str, value: str) -> None:
    bad = copy.deepcopy(bundle)
    resources(bad, kind)[0][field] = value
    assert any(f"{field} '{value}' is not a valid code" in p for p in validate_bundle(bad))


def test_structure_duplicates_missing_fields_and_bad_ids_are_caught(bundle: dict[str, Any]) -> None:
    bad = copy.deepcopy(bundle)
    bad["entry"].append(copy.deepcopy(bad["entry"][0]))
    goal = resources(bad, "Goal")[0]
    del goal["lifecycleStatus"]
    goal["colour"] = "blue"
    resources(bad, "Patient")[0]["identifier"][0]["value"] = "12345678901"
    problems = "\n".join(validate_bundle(bad))
    assert "is used twice" in problems
    assert "lifecycleStatus is required" in problems
    assert "structure:" in problems and "colour" in problems
    assert "check digits" in problems


def test_a_scoped_bundle_holds_only_the_recipients_share() -> None:
    rendered = render(ExportKind.FHIR, child_case(), TODAY, recipient_member_id=TEACHER)
    assert rendered.media_type == "application/fhir+json" and rendered.filename.endswith(".fhir.json")
    scoped = json.loads(rendered.content)
    assert validate_bundle(scoped) == []
    whats = [a["detail"]["code"]["text"] for a in resources(scoped, "CarePlan")[0]["activity"]]
    assert whats == ["Assistent i klassen", "Spesialundervisning i norsk og matematikk"]
    assert "identifier" not in resources(scoped, "Patient")[0]
    assert "Førerkort for mor" not in rendered.content.decode()
