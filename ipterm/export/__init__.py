"""Documents a coordinator hands out and archives: PDF/A (Typst), JSON, FHIR R4B and an iCalendar file.

    render(kind, case_file, today, *, meeting_id=None, recipient_member_id=None, allow_incomplete=False)
        -> RenderedExport(kind, filename, media_type, content, recipient_member_id, ...)

Rendering is pure apart from the Typst compiler: data in, bytes out, the same bytes for the same data
on the same day (so the outbox can tell a re-export from a change by its hash). Storing, logging and
syncing exports is the services' job. Typst and fhir.resources are imported only when used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from ipterm.domain.completeness import Gap, PlanItem, gap_lines, gaps
from ipterm.domain.errors import IptermError, NotFoundError, ValidationError
from ipterm.domain.messages import joined, message
from ipterm.domain.models import AuditEntry, CaseFile, ConsentSection, MeetingStatus
from ipterm.domain.own_copy import NotTheOwnerError, voice_for
from ipterm.domain.scoping import (
    NoConsentError,
    Recipient,
    RecipientScope,
    apply_scope,
    member_recipient,
    recipient_scope,
    related_recipient,
)
from ipterm.i18n import document_language
from ipterm.i18n import language as language_now

__all__ = [
    "ExportKind",
    "IncompletePlanError",
    "InvalidBundleError",
    "NoConsentError",
    "NotTheOwnerError",
    "RenderedExport",
    "render",
]


class ExportKind(StrEnum):
    PLAN = "plan"
    MINUTES = "minutes"
    SUMMONS = "summons"
    HANDOVER = "handover"
    JSON = "json"
    FHIR = "fhir"
    ICS = "ics"
    EASY_READ = "easy-read"  # "Min plan", for the person (or a child's parents)
    CONTACTS = "contacts"  # the who-to-call sheet on its own


MEDIA_TYPES = {
    ExportKind.PLAN: "application/pdf",
    ExportKind.MINUTES: "application/pdf",
    ExportKind.SUMMONS: "application/pdf",
    ExportKind.HANDOVER: "application/pdf",
    ExportKind.JSON: "application/json",
    ExportKind.FHIR: "application/fhir+json",
    ExportKind.ICS: "text/calendar",
    ExportKind.EASY_READ: "application/pdf",
    ExportKind.CONTACTS: "application/pdf",
}
_SUFFIX = {"application/pdf": ".pdf", "application/json": ".json", "application/fhir+json": ".fhir.json",
           "text/calendar": ".ics"}  # fmt: skip


class IncompletePlanError(IptermError):
    """The plan lacks some of items a-i; the caller may ask and then render with `allow_incomplete=True`."""

    def __init__(self, found: tuple[Gap, ...]) -> None:
        items = tuple(g.item for g in found)
        letters = ", ".join(f"{i.letter})" for i in items)
        titles = joined((message(i.title) for i in items), "; ")
        summary = message(
            "Planen mangler punkt {letters} ({titles}). Fyll ut det som mangler, eller eksporter likevel: PDF-en "
            "sier da hva som mangler.",
            letters=letters,
            titles=titles,
        )
        # What exactly is missing and where to fix it, one line each, under the summary.
        super().__init__(joined([summary, *gap_lines(found)], "\n  "))
        self.items: tuple[PlanItem, ...] = items
        self.gaps = found
        self.letters = [i.letter for i in items]


class InvalidBundleError(IptermError):
    """The FHIR bundle failed our checks; `problems` lists them all."""

    def __init__(self, problems: list[str]) -> None:
        shown = "; ".join(problems[:3]) + (f" (+{len(problems) - 3})" if len(problems) > 3 else "")
        super().__init__("FHIR-pakken er ikke gyldig: {shown}", shown=shown)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class RenderedExport:
    """One rendered export. `missing_items` holds the § 19 letters the plan lacks (plan exports only)."""

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


def filename_for(
    kind: ExportKind,
    case_id: int | None,
    today: date,
    *,
    meeting_id: int | None = None,
    recipient_member_id: int | str | None = None,
    large_type: bool = False,
) -> str:
    """ASCII, no names (files land on shared servers): ip-7-plan-til-4-2026-11-22.pdf."""
    parts = [f"ip-{case_id if case_id is not None else 'ny'}", kind.value]
    if large_type:
        parts.append("stor")
    if meeting_id is not None:
        parts.append(f"mote-{meeting_id}")
    if recipient_member_id is not None:
        parts.append(f"til-{recipient_member_id}")
    parts.append(today.isoformat())
    return "-".join(parts) + _SUFFIX[MEDIA_TYPES[kind]]


def recipient_label(case_file: CaseFile, member_id: int) -> str:
    """How a recipient is named in the document and the export log: 'Silje Berg (Kontaktlærer, Fjellvik skole)'."""
    from ipterm.export.documents import member_label

    return member_label(case_file.member(member_id))


def render(
    kind: ExportKind | str,
    case_file: CaseFile,
    today: date,
    *,
    meeting_id: int | None = None,
    recipient_member_id: int | None = None,
    recipient_related_id: int | None = None,
    allow_incomplete: bool = False,
    full_name_in_metadata: bool = False,
    language: str = "nb",
    history: Sequence[AuditEntry] = (),
    large_type: bool = False,
) -> RenderedExport:
    """Render one export of a case.

    With `recipient_member_id` (a member of the group) or `recipient_related_id` (a related person,
    who may be outside the group) the export holds only what `ipterm.domain.scoping` lets that
    recipient see, and says who it is for. Minutes without `meeting_id` are for the last meeting held (a
    meeting only planned has none); a summons without it is for the next planned meeting.
    `history` (the case's audit trail of meetings and tasks) lets minutes print each task as it stood when
    the meeting closed. "Min plan" (`easy-read`) and the contact sheet (`contacts`) are for the person, or
    with a recipient for a child's guardian; `large_type` sets them in large print.

    Raises:
        NoConsentError: the recipient is not in the group or has no valid consent (for minutes: none
            covering meetings).
        IncompletePlanError: a plan with § 19 gaps, unless `allow_incomplete`.
        NotFoundError: minutes for a meeting that is not in the case; ValidationError: no meeting at all.
        NotTheOwnerError: "Min plan" for someone who is neither the person nor a child's guardian.
        ExportError: Typst failed. InvalidBundleError: the FHIR bundle failed our checks.
    """
    kind = ExportKind(kind)
    scope: RecipientScope | None = None
    source = case_file
    label = ""
    recipient: Recipient | None = None
    if recipient_member_id is not None:
        recipient = member_recipient(case_file, recipient_member_id)
    elif recipient_related_id is not None:
        recipient = related_recipient(case_file, recipient_related_id)
    voice = ""
    if kind in PERSONAL_KINDS:
        voice = voice_for(case_file, recipient, today)  # raises for anyone but the person and a child's parents
    large_type = large_type and kind in PERSONAL_KINDS
    if recipient is not None and voice:  # the person's own copy is chosen by own_copy, not by a consent
        from ipterm.export.documents import text

        label = text(recipient.label)
    elif recipient is not None:
        scope = recipient_scope(case_file, recipient, today)
        source = apply_scope(case_file, scope)
        from ipterm.export.documents import text

        label = text(recipient.label)
    found = gaps(case_file, today) if kind is ExportKind.PLAN else ()
    missing = tuple(g.item for g in found)
    if missing and not allow_incomplete:
        raise IncompletePlanError(found)
    if kind is ExportKind.MINUTES:
        meeting_id = _meeting_for_minutes(case_file, meeting_id, scope, label)
    elif kind is ExportKind.SUMMONS:
        meeting_id = _meeting_for_summons(case_file, meeting_id, scope, label, today)
    name = filename_for(
        kind, case_file.case.id, today, meeting_id=meeting_id,
        recipient_member_id=recipient.file_tag if recipient is not None else None, large_type=large_type,
    )  # fmt: skip

    def done(content: bytes) -> RenderedExport:
        return RenderedExport(
            kind,
            name,
            MEDIA_TYPES[kind],
            content,
            recipient_member_id,
            label,
            meeting_id,
            tuple(i.letter for i in missing),
        )

    with document_language(language):
        if kind is ExportKind.JSON:
            from ipterm.export.case_json import case_json

            body = case_json(source, today, scope=scope, recipient_label=label)
            return done(json.dumps(body, ensure_ascii=False, indent=2).encode())
        if kind is ExportKind.ICS:
            from ipterm.export.calendar import case_calendar

            return done(case_calendar(source, today))
        if kind is ExportKind.FHIR:
            from ipterm.export.fhir import build_bundle, validate_bundle

            bundle = build_bundle(source, today)
            problems = validate_bundle(bundle)
            if problems:
                raise InvalidBundleError(problems)
            return done(json.dumps(bundle, ensure_ascii=False, indent=2).encode())

        from ipterm.export.pdf import render_pdf

        if voice:
            return done(render_pdf("easy-read", _personal_payload(kind, case_file, today, voice, label,
                                                                  full_name_in_metadata, large_type)))  # fmt: skip
        return done(render_pdf(kind.value, _pdf_payload(kind, case_file, source, today, scope, label, meeting_id,
                                                        full_name_in_metadata, history)))  # fmt: skip


PERSONAL_KINDS = frozenset({ExportKind.EASY_READ, ExportKind.CONTACTS})


def _personal_payload(
    kind: ExportKind,
    case_file: CaseFile,
    today: date,
    voice: str,
    label: str,
    full_name_in_metadata: bool,
    large_type: bool,
) -> dict[str, Any]:
    from ipterm.domain.own_copy import own_plan
    from ipterm.export.documents import DocumentContext
    from ipterm.export.easy_read import personal_payload

    ctx = DocumentContext(case_file, today, recipient_label=label, full_name_in_metadata=full_name_in_metadata)
    payload = personal_payload(ctx, own_plan(case_file, today, voice), kind.value, large=large_type)
    payload["meta"]["lang"] = language_now()
    return payload


def _pdf_payload(
    kind: ExportKind,
    case_file: CaseFile,
    source: CaseFile,
    today: date,
    scope: RecipientScope | None,
    label: str,
    meeting_id: int | None,
    full_name_in_metadata: bool,
    history: Sequence[AuditEntry],
) -> dict[str, Any]:
    from ipterm.export.documents import DocumentContext

    ctx = DocumentContext(
        source,
        today,
        full=case_file,
        scope=scope,
        recipient_label=label,
        full_name_in_metadata=full_name_in_metadata,
        history=tuple(history),
    )
    if kind is ExportKind.PLAN:
        from ipterm.export.plan_document import plan_payload

        payload = plan_payload(ctx)
    elif kind is ExportKind.MINUTES:
        from ipterm.export.meeting_documents import minutes_payload

        assert meeting_id is not None
        payload = minutes_payload(ctx, meeting_id)
    elif kind is ExportKind.SUMMONS:
        from ipterm.export.summons import summons_payload

        assert meeting_id is not None
        payload = summons_payload(ctx, meeting_id)
    else:
        from ipterm.export.meeting_documents import handover_payload

        payload = handover_payload(ctx)
    payload.setdefault("meta", {})["lang"] = language_now()  # Typst hyphenates and quotes in it
    return payload


def _meeting_for_minutes(case_file: CaseFile, meeting_id: int | None, scope: RecipientScope | None, label: str) -> int:
    from ipterm.export.meeting_documents import latest_held_meeting

    _require_meetings(scope, label)
    if meeting_id is None:
        latest = latest_held_meeting(case_file)
        if latest is None or latest.id is None:
            raise ValidationError("Saken har ingen avholdte møter å lage referat fra.", field="meeting")
        return latest.id
    meeting = case_file.meeting(meeting_id)
    if meeting is None:
        raise NotFoundError("Møte {meeting_id} finnes ikke i denne saken.", meeting_id=meeting_id)
    if meeting.status is MeetingStatus.PLANNED:
        # A referat of a meeting not yet held would say who "was not there" and that nothing was decided.
        raise ValidationError(
            "Møte {meeting_id} er ikke holdt ennå, så det finnes ikke noe referat. "
            "Lag en innkalling til møtet i stedet (--kind summons).",
            field="meeting",
            meeting_id=meeting_id,
        )
    return meeting_id


def _meeting_for_summons(
    case_file: CaseFile, meeting_id: int | None, scope: RecipientScope | None, label: str, today: date
) -> int:
    from ipterm.export.summons import meeting_for_summons

    _require_meetings(scope, label)
    return meeting_for_summons(case_file, meeting_id, today)


def _require_meetings(scope: RecipientScope | None, label: str) -> None:
    if scope is not None and ConsentSection.MEETINGS not in scope.sections:
        raise NoConsentError(
            "Samtykket til {label} omfatter ikke møter og referater. Ingenting er eksportert.", label=label
        )
