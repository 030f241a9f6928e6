"""Document data without Typst: labels, payload blocks, versions, file names, JSON and render's refusals."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime
from enum import StrEnum
from typing import Any

import pytest

from ipterm.domain import models
from ipterm.domain.completeness import SECTION_19
from ipterm.domain.errors import NotFoundError, ValidationError
from ipterm.domain.models import Case, CaseFile, InfoKind, Meeting, MeetingStatus
from ipterm.domain.scoping import recipient_scope, scope_case_file
from ipterm.export import ExportKind, filename_for, labels, render
from ipterm.export.documents import DocumentContext
from ipterm.export.meeting_documents import handover_payload, latest_held_meeting, minutes_payload
from ipterm.export.plan_document import plan_payload
from tests.export.sample_case import CASE_ID, MEETING_ID, NAV, TEACHER, TODAY, child_case


def strings(node: Any) -> list[str]:
    """Every string in a payload, with no-break spaces (inside dates) read as spaces."""
    if isinstance(node, str):
        return [node.replace("\u00a0", " ")]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def everything(payload: dict[str, Any]) -> str:
    return "\n".join(strings(payload))


@pytest.mark.parametrize(
    ("enum", "table"),
    [(models.CaseStatus, labels.CASE_STATUS), (models.GoalStatus, labels.GOAL_STATUS),
     (models.MeasureStatus, labels.MEASURE_STATUS), (models.ActionStatus, labels.ACTION_STATUS),
     (models.MeetingStatus, labels.MEETING_STATUS), (models.Attendance, labels.ATTENDANCE),
     (models.EvaluationOutcome, labels.OUTCOME), (models.ConsentMethod, labels.METHOD),
     (models.ConsentSection, labels.SECTION), (models.MemberKind, labels.MEMBER_KIND)],
)  # fmt: skip
def test_every_enum_value_has_a_norwegian_label(enum: type[StrEnum], table: dict) -> None:
    assert set(table) == set(enum) and all(table.values())


def test_sections_in_words() -> None:
    s = models.ConsentSection
    assert labels.sections_text({s.MEETINGS, s.GOALS}) == "mål og møter og referater"
    assert labels.sections_text({s.GOALS, s.MEASURES, s.NOTES}) == "mål, tiltak og notater"


def test_plan_payload_has_the_nine_items_in_order_with_letters() -> None:
    payload = plan_payload(DocumentContext(child_case(), TODAY))
    headings = [b for b in payload["blocks"] if b["type"] == "heading" and b["level"] == 1]
    assert [(h["letter"], h["text"]) for h in headings] == [(i.letter, i.title) for i in SECTION_19]
    assert payload["meta"]["title"] == f"Individuell plan – IP {child_case().case.id} (E.L.S.)"
    assert payload["meta"]["date"] == {"year": 2026, "month": 11, "day": 22}


def test_the_gap_is_stated_first_and_in_its_section() -> None:
    blocks = plan_payload(DocumentContext(child_case(), TODAY))["blocks"]
    warning = next(b for b in blocks if b["type"] == "notice" and b["kind"] == "warning")
    assert warning["title"] == "Planen mangler noe av det forskriften om individuell plan krever:" and [
        i[0] for i in warning["items"]
    ] == ["e)", "h)"]
    e_at = next(n for n, b in enumerate(blocks) if b.get("letter") == "e")
    assert blocks[e_at + 1]["style"] == "warning" and blocks[e_at + 1]["text"].startswith("Mangler:")


def test_version_follows_content_not_the_print_date() -> None:
    cf = child_case()
    first = plan_payload(DocumentContext(cf, TODAY))["meta"]
    again = plan_payload(DocumentContext(cf, TODAY))["meta"]
    assert re.fullmatch(r"[0-9a-f]{8}", first["version"]) and first["version"] == again["version"]
    changed = dataclasses.replace(cf, case=dataclasses.replace(cf.case, needs="Noe annet"))
    assert plan_payload(DocumentContext(changed, TODAY))["meta"]["version"] != first["version"]
    assert (
        first["stamp"].startswith(f"Versjon {first['version']}")
        and "skrevet ut 22.\u00a0november\u00a02026" in first["stamp"]
    )


def test_a_scoped_payload_says_who_it_is_for_and_leaves_out_the_rest() -> None:
    cf = child_case()
    ctx = DocumentContext(scope_case_file(cf, TEACHER, TODAY), TODAY, full=cf,
                          scope=recipient_scope(cf, TEACHER, TODAY), recipient_label="Silje Berg")  # fmt: skip
    payload = plan_payload(ctx)
    text = everything(payload)
    assert "Utdrag for Silje Berg" in text and labels.NOT_SHARED in text
    assert "Avlastning" not in text and "Førerkort" not in text and cf.case.national_id not in text
    assert "t1" in text and "t2" in text  # numbered as in the full plan
    assert payload["meta"]["subject"] == "Individuell plan, utdrag"  # metadata names nobody (see test_pdf_metadata)


def test_minutes_payload_and_the_meeting_it_defaults_to() -> None:
    cf = child_case()
    assert latest_held_meeting(cf).id == MEETING_ID
    text = everything(minutes_payload(DocumentContext(cf, TODAY), MEETING_ID))
    assert "tirsdag 13. oktober 2026 kl. 09.00–10.30" in text and "meldt forfall" in text
    with pytest.raises(NotFoundError):
        minutes_payload(DocumentContext(cf, TODAY), 999)


def test_handover_flags_what_is_overdue_unclear_expired_or_stale() -> None:
    blocks = handover_payload(DocumentContext(child_case(), TODAY))["blocks"]
    attention = next(b for b in blocks if b["type"] == "notice")
    kinds = [label for label, _text in attention["items"]]
    assert {"Forfalt oppgave:", "Uavklart ansvar:", "Forfalt evaluering:", "Samtykke:"} <= set(kinds)
    stale = next(b for b in blocks if b["type"] == "table" and b["head"] == ["Gjelder", "Hva", "Sist bekreftet"])
    assert ["Kontakt", "Per Aasen (Rådgiver, PPT)", "18.\u00a0oktober\u00a02025"] in stale["rows"]


def test_filenames_are_ascii_and_carry_no_names() -> None:
    name = filename_for(ExportKind.PLAN, 7, TODAY, recipient_member_id=4)
    assert name == "ip-7-plan-til-4-2026-11-22.pdf"
    assert filename_for(ExportKind.FHIR, 7, TODAY) == "ip-7-fhir-2026-11-22.fhir.json"
    for kind in (ExportKind.JSON, ExportKind.FHIR):
        rendered = render(kind, child_case(), TODAY, recipient_member_id=TEACHER)
        assert rendered.filename.isascii() and "Emma" not in rendered.filename and "Silje" not in rendered.filename


def test_json_is_the_case_with_an_envelope_saying_who_it_was_for() -> None:
    full = json.loads(render(ExportKind.JSON, child_case(), TODAY).content)
    assert full["format"] == "ipterm-case" and full["exported_on"] == "2026-11-22" and full["recipient"] is None
    assert full["case"]["id"] == CASE_ID and full["case"]["plan_start"] == "2026-01-26"
    assert full["measures"][0]["status"] == "active" and full["consents"][1]["sections"] == ["goals", "measures",
                                                                                             "meetings"]  # fmt: skip
    assert len(full["notes"]) == 1  # the coordinator's own full export keeps everything
    nav = json.loads(render(ExportKind.JSON, child_case(), TODAY, recipient_member_id=NAV).content)
    assert nav["recipient"] == {"member_id": NAV, "label": "Jonas Dahl (Veileder, NAV Fjellvik)",
                                "sections": ["measures"], "own_measures_only": True, "consent_ids": [3],
                                "related_id": None, "whole_plan": False,
                                "kinds": sorted(k.value for k in InfoKind)}  # fmt: skip
    assert [m["what"] for m in nav["measures"]] == ["Førerkort for mor"] and nav["notes"] == []


def test_render_refuses_minutes_without_a_meeting_or_for_a_foreign_one() -> None:
    bare = CaseFile(case=Case(person_name="Tom Tomt", id=1))
    with pytest.raises(ValidationError):
        render(ExportKind.MINUTES, bare, TODAY)
    with pytest.raises(NotFoundError):
        render(ExportKind.MINUTES, child_case(), TODAY, meeting_id=999)
    cancelled = dataclasses.replace(bare, meetings=(Meeting(1, datetime(2026, 1, 1, 9), id=5,
                                                            status=MeetingStatus.CANCELLED),))  # fmt: skip
    with pytest.raises(ValidationError):
        render(ExportKind.MINUTES, cancelled, TODAY)


def test_unknown_kind_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        render("docx", child_case(), TODAY)
