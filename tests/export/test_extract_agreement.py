"""Every document made for one recipient says the same: JSON and FHIR carry no more than the PDFs, the
handover keeps to the consent and says "not included" instead of "none", an item of no service stays
inside consents of every service, a recipient's extract carries none of the coordinator's to-dos, and a
refusal says why. Read back from the shipped demo (a real SQLCipher database, real Typst PDFs)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from ipterm.domain.models import ConsentMethod, ConsentSection, InfoKind, MeetingStatus
from ipterm.domain.scoping import NoConsentError
from ipterm.export import labels
from ipterm.services import FixedClock, Services
from ipterm.services.demo import open_demo
from ipterm.services.export_choices import export_choices
from tests.export.pdf_tools import flat_text

from ..conftest import TODAY

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(tmp_path: Path):
    store = open_demo(tmp_path / "demo", clock=FixedClock(TODAY))
    yield Services(store, FixedClock(TODAY))
    store.close()


def _case(services: Services, name: str):
    case = next(c for c in services.list_cases(include_closed=True) if c.person_name == name)
    return services.case_file(case.id)


def _member(cf, org: str) -> int:
    return next(m.id for m in cf.members if m.organisation == org)


def _sister(cf) -> dict:
    return {"recipient_related_id": next(r.id for r in cf.related if r.name == "Lene Berg Haugen")}


def _export(services: Services, cf, kind: str, **who) -> bytes:
    return services.exports.export(cf.case.id, kind, allow_incomplete=True, **who).rendered.content


def _pdfs(services: Services, cf, **who) -> str:
    """Everything the recipient's PDFs print: the plan, the handover and the minutes of every meeting."""
    out = [flat_text(_export(services, cf, k, **who)) for k in ("plan", "handover")]
    for meeting in (m for m in cf.meetings if m.status is not MeetingStatus.PLANNED):  # planned: a summons
        try:
            content = services.exports.export(cf.case.id, "minutes", meeting_id=meeting.id, **who).rendered.content
        except NoConsentError:
            continue
        out.append(flat_text(content))
    return " ".join(out)


def _folded(value: str) -> str:
    return " ".join(value.split())


RECIPIENTS = [
    ("Emil Nilsen Strand", {"org": "Bakkely skole"}),  # school: plan, goals, measures, meetings; school only
    ("Emil Nilsen Strand", {"org": "BUP Sjøvik"}),
    ("Jonas Berg Haugen", {"sister": True}),  # meetings only
    ("Jonas Berg Haugen", {"org": "Likepersonstjenesten Fjordvik"}),  # member 8: no group part
]


def _who(cf, spec: dict) -> dict:
    if spec.get("sister"):
        return _sister(cf)
    return {"recipient_member_id": _member(cf, spec["org"])}


@pytest.mark.parametrize(("name", "spec"), RECIPIENTS, ids=["school", "bup", "sister", "peer"])
def test_json_and_fhir_carry_no_text_the_pdf_extracts_withhold(demo: Services, name: str, spec: dict) -> None:
    cf = _case(demo, name)
    who = _who(cf, spec)
    printed = _pdfs(demo, cf, **who)
    body = json.loads(_export(demo, cf, "json", **who))
    fhir = _export(demo, cf, "fhir", **who).decode()
    texts = [("members", m["name"], f, m[f]) for m in body["members"] for f in ("contributes", "phone", "email")]
    texts += [("action_items", a["id"], "text", a["text"]) for a in body["action_items"]]
    texts += [("decisions", d["id"], "text", d["text"]) for d in body["decisions"]]
    texts += [("notes", n["id"], "text", n["text"]) for n in body["notes"]]
    texts += [("measures", m["id"], "what", m["what"]) for m in body["measures"]]
    for where, item, field, value in texts:
        if value and value.strip():
            assert _folded(value) in printed, (where, item, field, value)
    # What the PDFs withhold is withheld from FHIR too.
    full = demo.case_file(cf.case.id)
    for m in full.members:
        if m.contributes.strip() and _folded(m.contributes) not in printed:
            assert m.contributes not in fhir, (m.name, "contributes")
    for a in full.action_items:
        if _folded(a.text) not in printed:
            assert a.text not in fhir and a.text not in json.dumps(body, ensure_ascii=False), a.text


def test_the_schools_json_has_no_word_of_the_coordinators_contribution(demo: Services) -> None:
    cf = _case(demo, "Emil Nilsen Strand")
    coordinator = next(m for m in cf.members if m.is_coordinator)
    assert "følger opp avlastningen" in coordinator.contributes
    school = _member(cf, "Bakkely skole")
    for kind in ("json", "fhir"):
        assert "avlastningen" not in _export(demo, cf, kind, recipient_member_id=school).decode(), kind
    body = json.loads(_export(demo, cf, "json", recipient_member_id=school))
    coordinator_row = next(m for m in body["members"] if m["is_coordinator"])
    assert coordinator_row["phone"] == coordinator.phone  # printed under c) of the plan
    assert coordinator_row["contributes"] == ""


def test_the_sisters_handover_keeps_to_her_consent_and_says_what_is_not_included(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    loose = [a for a in cf.action_items if a.meeting_id is None and a.status.value == "open"]
    assert loose, "the demo has an open task from no meeting"
    sister = _sister(cf)
    text = flat_text(_export(demo, cf, "handover", **sister))
    for a in loose:
        assert a.text not in text
        for kind in ("json", "fhir"):
            assert a.text not in _export(demo, cf, kind, **sister).decode(), kind
    # No group part: no contact list, and the group's people are not listed with their roles.
    assert f"Kontakter {labels.NOT_SHARED}" in text
    for m in cf.members:
        if m.phone:
            assert m.phone not in text or m.is_coordinator, m.name
    assert "Trond Eide Boligkonsulent" not in text
    # "Not included", never a false "none".
    assert f"Mål {labels.NOT_SHARED}" in text and f"Åpne tiltak {labels.NOT_SHARED}" in text
    for false_fact in ("Ingen mål registrert.", "Ingen åpne tiltak.", "Ingen åpne oppgaver."):
        assert false_fact not in text, false_fact


@pytest.mark.parametrize(("name", "org"), [("Jonas Berg Haugen", "Likepersonstjenesten Fjordvik"),
                                           ("Emil Nilsen Strand", "Bakkely skole")])  # fmt: skip
def test_a_handover_says_tasks_were_left_out_when_they_were(demo: Services, name: str, org: str) -> None:
    cf = _case(demo, name)
    text = flat_text(_export(demo, cf, "handover", recipient_member_id=_member(cf, org)))
    assert "Ingen åpne oppgaver." not in text
    assert "Oppgaver som samtykket ikke omfatter, er ikke med i dette utdraget." in text
    assert f"Kontakter {labels.NOT_SHARED}" in text  # neither consent has the group part
    # The coordinator's own handover has no omission sentence at all.
    full = flat_text(_export(demo, cf, "handover"))
    assert "er ikke med i dette utdraget" not in full and labels.NOT_SHARED not in full


def test_an_item_of_no_service_stays_out_of_a_consent_limited_to_some_services(demo: Services) -> None:
    """The school nurse's consent: health, only her own service and BUP Sjøvik. The respite decision is
    health but belongs to no service, so it (and its agenda point) is not hers."""
    cf = _case(demo, "Emil Nilsen Strand")
    nurse = _member(cf, "Skolehelsetjenesten, helsestasjonen")
    bup = _member(cf, "BUP Sjøvik")
    for c in cf.consents:
        if nurse in c.recipient_member_ids:
            demo.withdraw_consent(c.id, on=TODAY - timedelta(days=1))
    demo.add_consent(cf.case.id, given_on=TODAY - timedelta(days=3), method=ConsentMethod.WRITTEN,
                     recipient_member_ids=[nurse],
                     sections=[ConsentSection.PLAN, ConsentSection.MEETINGS, ConsentSection.MEASURES],
                     kinds=[InfoKind.HEALTH], own_measures_only=True, service_member_ids=[bup])  # fmt: skip
    cf = demo.case_file(cf.case.id)
    respite = next(d for d in cf.decisions if "avlastningshelg" in d.text)
    assert respite.service_member_id is None and respite.info_kind is InfoKind.HEALTH
    minutes = demo.exports.export(cf.case.id, "minutes", meeting_id=respite.meeting_id,
                                  recipient_member_id=nurse).rendered.content  # fmt: skip
    text = flat_text(minutes)
    assert "avlastningshelg" not in text and "Beslutninger som samtykket ikke omfatter" in text
    for kind in ("json", "fhir", "ics"):
        assert "avlastningshelg" not in _export(demo, cf, kind, recipient_member_id=nurse).decode(), kind
    from ipterm.export.preview import preview_lines

    shown = "\n".join(preview_lines("minutes", cf, TODAY, recipient_member_id=nurse, meeting_id=respite.meeting_id))
    assert "avlastningshelg" not in shown
    # BUP's own items are hers: the BUP measure is in her plan extract.
    assert "Behandling og foreldreveiledning ved BUP" in flat_text(_export(demo, cf, "plan", recipient_member_id=nurse))


def test_a_recipients_extract_carries_no_list_of_what_the_plan_lacks(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    nav = _member(cf, "NAV Fjordvik")
    # Make a gap the coordinator must fix: another service's measure without scope (e, f).
    dps = next(m for m in cf.measures if "Samtalebehandling" in m.what)
    demo.update_measure(dps.id, scope="", how="")
    full = flat_text(_export(demo, cf, "plan"))
    assert "Disse punktene mangler ennå" in full
    text = flat_text(_export(demo, cf, "plan", recipient_member_id=nav))
    assert "Disse punktene mangler" not in text and "Planen mangler noe av det" not in text
    assert "Mangler:" not in text


def test_the_json_says_own_measures_only_as_the_consent_does(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    sister = _sister(cf)
    consent = next(c for c in cf.consents if sister["recipient_related_id"] in c.recipient_related_ids)
    assert consent.own_measures_only is False
    body = json.loads(_export(demo, cf, "json", **sister))
    assert body["recipient"]["own_measures_only"] is False
    school_cf = _case(demo, "Emil Nilsen Strand")
    school = json.loads(_export(demo, school_cf, "json", recipient_member_id=_member(school_cf, "Bakkely skole")))
    assert school["recipient"]["own_measures_only"] is True


def _short(day) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def test_a_refusal_says_why(demo: Services) -> None:
    cf = _case(demo, "Emil Nilsen Strand")
    school = _member(cf, "Bakkely skole")
    ppt = _member(cf, "PPT Fjordvik")
    consent = next(c for c in cf.consents if school in c.recipient_member_ids and c.is_valid_on(TODAY))
    # Never named.
    named = any(ppt in c.recipient_member_ids for c in cf.consents)
    if not named:
        with pytest.raises(NoConsentError) as info:
            demo.exports.export(cf.case.id, "plan", recipient_member_id=ppt, allow_incomplete=True)
        assert "ingen samtykke nevner mottakeren" in info.value.message("nb")
    # Ran out: the school's consent seen on a day after it expired.
    later = consent.expires_on + timedelta(days=1)
    from ipterm.domain.scoping import recipient_scope

    with pytest.raises(NoConsentError) as info:
        recipient_scope(cf, school, later)
    assert f"samtykket gikk ut {_short(consent.expires_on)}" in info.value.message("nb")
    # Withdrawn yesterday.
    demo.withdraw_consent(consent.id, on=TODAY - timedelta(days=1))
    with pytest.raises(NoConsentError) as info:
        demo.exports.export(cf.case.id, "plan", recipient_member_id=school, allow_incomplete=True)
    said = info.value.message("nb")
    assert f"samtykket ble trukket {_short(TODAY - timedelta(days=1))}" in said
    row = next(c for c in export_choices(demo.case_file(cf.case.id), TODAY) if c.recipient_member_id == school)
    assert not row.possible
    shown = row.contents.render("nb")
    assert "samtykket ble trukket" in shown and "Ingen gyldig samtykke nevner mottakeren" not in shown


def test_a_member_number_that_does_not_exist_points_to_the_numbers(demo: Services) -> None:
    from ipterm.domain.scoping import resolve_recipient

    with pytest.raises(NoConsentError) as info:
        resolve_recipient(_case(demo, "Emil Nilsen Strand"), "99")
    assert "Se numrene med" in info.value.message("nb")


def test_the_preview_prints_no_empty_line_under_a_heading_whose_items_were_all_left_out(demo: Services) -> None:
    from ipterm.export.preview import preview_lines

    cf = _case(demo, "Emil Nilsen Strand")
    school = _member(cf, "Bakkely skole")
    lines = preview_lines("minutes", cf, TODAY, recipient_member_id=school)
    for n, line in enumerate(lines[:-1]):
        if line.strip() in ("Oppgaver", "Saksliste", "Beslutninger", "Deltakere"):
            assert lines[n + 1].strip(), (line, lines[n : n + 3])
