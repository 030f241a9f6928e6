"""Exports read back: PDF/A text and metadata, scoping by consent, JSON and FHIR, the export log."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from ipterm.domain.completeness import SECTION_19
from ipterm.domain.models import ConsentMethod, ConsentSection, MemberKind
from ipterm.domain.national_id import synthetic_id
from ipterm.domain.scoping import NoConsentError
from ipterm.export import ExportKind, IncompletePlanError, render
from ipterm.export.fhir import build_bundle, validate_bundle
from ipterm.services import FixedClock, Services
from ipterm.services.demo import open_demo

from ..conftest import TODAY

HOSTILE = '#set page(width: 1cm) $x$ [link] \\ *bold* <label> @ref "sitat" 🙂 æøå ÆØÅ'


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def case(services: Services) -> dict[str, int]:
    c = services.create_case(
        "Åse Ødegård", national_id=synthetic_id(datetime(1990, 4, 2).date()), coordinator="Kari Koordinator",
        plan_start=TODAY - timedelta(days=30), plan_end=TODAY + timedelta(days=300),
        next_revision=TODAY + timedelta(days=100), resources="Sterk vilje", needs=HOSTILE,
        collaboration="Skole og NAV samarbeider",
    )  # fmt: skip
    ids = {"case": c.id}
    services.add_member(c.id, "Åse Ødegård", "Planeier", kind=MemberKind.PERSON, contributes="Sier hva hun vil")
    ids["school"] = services.add_member(
        c.id, "Lærer Lund", "Kontaktlærer", organisation="Skolen", contributes="Tilrettelegging"
    ).id
    ids["nav"] = services.add_member(c.id, "Nora NAV", "Veileder", organisation="NAV", contributes="Arbeid").id
    ids["none"] = services.add_member(c.id, "Uten Samtykke", "Lege", organisation="Legesenteret").id
    g1 = services.add_goal(c.id, "Jeg vil gå på skolen hver dag")
    g2 = services.add_goal(c.id, "Jeg vil ha en sommerjobb")
    services.add_measure(
        c.id, "Skoleskyss", goal_ids=[g1.id], scope="Daglig", how="Taxi", responsible_member_id=ids["school"]
    )
    services.add_measure(
        c.id, "Jobbsøkerkurs", goal_ids=[g2.id], scope="4 uker", how="NAV-kurs", responsible_member_id=ids["nav"]
    )
    services.add_note(c.id, "Hemmelig notat om familien")
    services.add_consent(
        c.id,
        given_on=TODAY - timedelta(days=20),
        method=ConsentMethod.WRITTEN,
        recipient_member_ids=[ids["nav"]],
        sections=list(ConsentSection)[:6],
        scope_text="Alt",
    )
    services.add_consent(c.id, given_on=TODAY - timedelta(days=20), method=ConsentMethod.WRITTEN,
                         recipient_member_ids=[ids["school"]], sections=[ConsentSection.GOALS,
                         ConsentSection.MEASURES], own_measures_only=True, scope_text="Skolen")  # fmt: skip
    return ids


@pytest.mark.slow
def test_plan_pdf_has_every_section_19_heading_goals_measures_and_hostile_text_verbatim(services, case) -> None:
    # The doctor gets information without a consent naming him: h) is missing, and the PDF says so.
    rendered = render(ExportKind.PLAN, services.case_file(case["case"]), TODAY, allow_incomplete=True)
    assert rendered.missing_items == ("d", "h")
    text = text_of(rendered.content)
    assert "Uten Samtykke (Legesenteret) får opplysninger fra planen uten et gyldig samtykke" in " ".join(text.split())
    for item in SECTION_19:
        assert f"{item.letter})" in text, item.letter
    assert "Jeg vil gå på skolen hver dag" in text and "Jobbsøkerkurs" in text and "Skoleskyss" in text
    flat = " ".join(text.split())
    assert " ".join(HOSTILE.split()[:5]) in flat  # Typst markup characters printed, not interpreted
    assert "æøå ÆØÅ" in flat
    assert "Hemmelig notat" not in text  # notes are not part of a plan summary
    reader = PdfReader(io.BytesIO(rendered.content))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = xmp.xmp_data if hasattr(xmp, "xmp_data") else b""
    assert b"pdfaid:part" in rendered.content or b"pdfaid:part" in raw
    assert b"<pdfaid:part>2</pdfaid:part>" in rendered.content or b'pdfaid:part="2"' in rendered.content
    assert reader.metadata.title.startswith("Individuell plan – IP ") and reader.metadata.title.endswith("(Å.Ø.)")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            descendant = descriptor.get("/DescendantFonts")
            target = descendant[0].get_object() if descendant else descriptor
            fd = target["/FontDescriptor"].get_object()
            assert any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")), "font not embedded"
            fonts.add(str(target["/BaseFont"]))
    assert fonts
    assert "Side 1 av" in text


def test_incomplete_plan_asks_first_and_then_says_what_is_missing(services: Services) -> None:
    bare = services.create_case("Tom Tomt")
    with pytest.raises(IncompletePlanError) as info:
        render(ExportKind.PLAN, services.case_file(bare.id), TODAY)
    assert info.value.letters == list("abcdefghi")
    rendered = render(ExportKind.PLAN, services.case_file(bare.id), TODAY, allow_incomplete=True)
    text = text_of(rendered.content)
    assert "Planen mangler noe av det forskriften om individuell plan krever" in text
    assert "h) Tjenestemottakerens samtykke til planen" in " ".join(text.split())


@pytest.mark.slow
def test_scoped_export_shows_only_what_the_consent_covers(services, case) -> None:
    cf = services.case_file(case["case"])
    school = text_of(
        render(ExportKind.PLAN, cf, TODAY, recipient_member_id=case["school"], allow_incomplete=True).content
    )
    assert "Skoleskyss" in school and "Utdrag for Lærer Lund" in school
    # The gaps of the plan are the coordinator's to-do, not the school's business (nor who lacks a consent).
    assert "Planen mangler noe av det forskriften" not in school and "Uten Samtykke" not in school
    assert "Jobbsøkerkurs" not in school
    assert "Jeg vil ha en sommerjobb" in school  # goals are shared whole: a gap in the numbers would tell
    assert "Nora NAV" not in school  # the group is not in the school's consent
    nav = text_of(render(ExportKind.PLAN, cf, TODAY, recipient_member_id=case["nav"], allow_incomplete=True).content)
    assert "Jobbsøkerkurs" in nav and "Skoleskyss" in nav
    with pytest.raises(NoConsentError) as info:
        render(ExportKind.PLAN, cf, TODAY, recipient_member_id=case["none"])
    assert "har ikke gyldig samtykke" in info.value.message("nb")


@pytest.mark.slow
def test_minutes_and_handover(services, case) -> None:
    meeting = services.meetings.plan_meeting(case["case"], datetime(2026, 11, 22, 10), place="Skolen")
    services.meetings.add_line(meeting.id, "b: Taxi fra januar alt: buss syn: Åse vil helst sykle")
    services.meetings.add_line(meeting.id, "o: Bestille taxi @lærer innen 1.12")
    services.meetings.add_line(meeting.id, "n: 1.3.2027")
    services.meetings.close(meeting.id)
    cf = services.case_file(case["case"])
    minutes = " ".join(text_of(render(ExportKind.MINUTES, cf, TODAY, meeting_id=meeting.id).content).split())
    for expected in (
        "Referat",
        "Skolen",
        "Taxi fra januar",
        "Alternativer som ble vurdert: buss",
        "Personens syn: Åse vil helst sykle",
        "Bestille taxi",
        "Lærer Lund",
        "1. desember 2026",
        "1. mars 2027",
    ):
        assert expected in minutes, expected
    handover = " ".join(text_of(render(ExportKind.HANDOVER, cf, TODAY).content).split())
    for expected in (
        "Overføringsnotat",
        "Åpne tiltak",
        "Skoleskyss",
        "Bestille taxi",
        "Siste beslutninger",
        "Taxi fra januar",
    ):
        assert expected in handover, expected


def test_json_and_fhir(services, case) -> None:
    cf = services.case_file(case["case"])
    body = json.loads(render(ExportKind.JSON, cf, TODAY).content)
    assert body["case"]["person_name"] == "Åse Ødegård" and len(body["measures"]) == 2
    bundle = json.loads(render(ExportKind.FHIR, cf, TODAY).content)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "CarePlan", "Goal", "CareTeam", "Consent", "Practitioner"} <= kinds
    assert validate_bundle(bundle) == []


def test_fhir_checks_catch_a_broken_reference_and_a_bad_code(services, case) -> None:
    bundle = build_bundle(services.case_file(case["case"]), TODAY)
    goal = next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal")
    goal["resource"]["subject"]["reference"] = "urn:uuid:00000000-0000-0000-0000-000000000000"
    care_plan = next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan")
    care_plan["resource"]["status"] = "finished"
    problems = validate_bundle(bundle)
    assert any("does not resolve" in p for p in problems)
    assert any("status 'finished' is not a valid code" in p for p in problems)


@pytest.mark.slow
def test_fhir_bundle_of_every_demo_case_validates(tmp_path: Path) -> None:
    store = open_demo(tmp_path, clock=FixedClock(TODAY))
    services = Services(store, FixedClock(TODAY))
    for c in services.list_cases(include_closed=True):
        assert validate_bundle(build_bundle(services.case_file(c.id), TODAY)) == [], c.person_name
    store.close()


def test_export_log_keeps_bytes_encrypted_and_writes_files_only_on_request(services, case, tmp_path) -> None:
    stored = services.exports.export(case["case"], "json")
    history = services.exports.history(case["case"])
    assert [(h.kind, h.content_hash) for h in history] == [("json", stored.rendered.content_hash)]
    assert not list(tmp_path.glob("*.json"))
    target = services.exports.save_to(stored.id, tmp_path)
    assert target.read_bytes() == stored.rendered.content and (target.stat().st_mode & 0o777) == 0o600
    assert ("export", "create") in {(e.entity, e.action) for e in services.audit_trail(case["case"])}
