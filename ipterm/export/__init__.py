"""Documents a coordinator hands out and archives: PDF/A (Typst), JSON and FHIR R4B.

Rendering is pure apart from the Typst compiler: data in, bytes out. Storing and syncing exports is
the services' job.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ipterm.domain.completeness import missing_items
from ipterm.domain.errors import IptermError, ValidationError
from ipterm.domain.models import CaseFile
from ipterm.domain.scoping import covered_sections, scope_case_file


class ExportKind(StrEnum):
    PLAN = "plan"
    MINUTES = "minutes"
    HANDOVER = "handover"
    JSON = "json"
    FHIR = "fhir"


class IncompletePlanError(IptermError):
    """The plan lacks § 19 items; the caller may ask and render anyway."""

    def __init__(self, letters: list[str]) -> None:
        joined = ", ".join(letters)
        super().__init__(
            f"Planen mangler punkt {joined} i § 19. Eksporter likevel med --allow-incomplete "
            "(PDF-en sier hva som mangler).",
            f"The plan lacks § 19 item(s) {joined}. Export anyway with --allow-incomplete "
            "(the PDF says what is missing).",
        )
        self.letters = letters


@dataclass(frozen=True, slots=True)
class RenderedExport:
    kind: ExportKind
    filename: str
    media_type: str
    content: bytes
    recipient_member_id: int | None = None
    recipient_label: str = ""
    meeting_id: int | None = None
    missing_items: tuple[str, ...] = ()

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def render(
    kind: ExportKind | str,
    case_file: CaseFile,
    today: date,
    *,
    meeting_id: int | None = None,
    recipient_member_id: int | None = None,
    allow_incomplete: bool = False,
) -> RenderedExport:
    """Render one export of a case.

    Raises:
        NoConsentError: a recipient was named who has no valid consent.
        IncompletePlanError: a plan with § 19 gaps, unless `allow_incomplete`.
        ValidationError: minutes without a meeting.
    """
    from ipterm.export import documents

    kind = ExportKind(kind)
    recipient_label, scope = "", ""
    source = case_file
    if recipient_member_id is not None:
        from ipterm.export.labels import SECTIONS

        source = scope_case_file(case_file, recipient_member_id, today)
        member = case_file.member(recipient_member_id)
        recipient_label = f"{member.name}, {member.role}" if member else ""
        sections, own_only = covered_sections(case_file, recipient_member_id, today)
        scope = ", ".join(SECTIONS[s.value] for s in sorted(sections)) + (" (egne tiltak)" if own_only else "")
    missing = tuple(i.letter for i in missing_items(case_file, today))
    stem = f"ip-{case_file.case.id}-{kind.value}"
    if recipient_member_id is not None:
        stem += f"-til-{recipient_member_id}"
    stem += f"-{today.isoformat()}"
    if kind is ExportKind.PLAN:
        if missing and not allow_incomplete and recipient_member_id is None:
            raise IncompletePlanError(list(missing))
        payload = documents.plan_payload(source, today, recipient=recipient_label, scope=scope)
        return _pdf(kind, stem, payload, recipient_member_id, recipient_label, None, missing)
    if kind is ExportKind.MINUTES:
        if meeting_id is None:
            raise ValidationError("Velg hvilket møte referatet gjelder.", "Choose the meeting.", field="meeting")
        payload = documents.minutes_payload(source, meeting_id, today)
        return _pdf(kind, f"{stem}-mote-{meeting_id}", payload, recipient_member_id, recipient_label, meeting_id, ())
    if kind is ExportKind.HANDOVER:
        payload = documents.handover_payload(source, today)
        return _pdf(kind, stem, payload, recipient_member_id, recipient_label, None, ())
    if kind is ExportKind.JSON:
        from ipterm.export.case_json import case_json

        body = json.dumps(case_json(source, recipient=recipient_label), ensure_ascii=False, indent=2).encode()
        return RenderedExport(kind, f"{stem}.json", "application/json", body, recipient_member_id, recipient_label)
    from ipterm.export.fhir import build_bundle, validate_bundle

    bundle = build_bundle(source, today)
    problems = validate_bundle(bundle)
    if problems:
        raise IptermError("FHIR-pakken er ikke gyldig: " + problems[0], "The FHIR bundle is not valid: " + problems[0])
    body = json.dumps(bundle, ensure_ascii=False, indent=2).encode()
    return RenderedExport(
        kind, f"{stem}.fhir.json", "application/fhir+json", body, recipient_member_id, recipient_label
    )


def _pdf(
    kind: ExportKind,
    stem: str,
    payload: dict,
    recipient_id: int | None,
    recipient: str,
    meeting_id: int | None,
    missing: tuple[str, ...],
) -> RenderedExport:
    from ipterm.export.pdf import render_pdf

    return RenderedExport(
        kind,
        f"{stem}.pdf",
        "application/pdf",
        render_pdf(kind.value, payload),
        recipient_id,
        recipient,
        meeting_id,
        missing,
    )
