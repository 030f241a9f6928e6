"""The status report for the coordinating unit (koordinerende enhet): one row per case, without names.

    status_rows(case_files, due_items, today) -> list[StatusRow]
    status_csv(rows) -> bytes          UTF-8, comma separated, a header of ASCII column names
    status_pdf(rows, today) -> bytes   PDF/A (Typst, data/templates/status.typ)

What a row holds is chosen so that no person can be named from it: the case number, the service and the
coordinator (staff, whom the unit appoints), the state, dates, § 19 letters and counts. Nothing typed about
the person (names, national id, birth date, goals, notes, member names) is read into a row at all, so it
cannot leak by accident. The unit merges the CSVs of its coordinators (e.g. with sqlite-utils).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from datetime import date

from ipterm.domain.completeness import missing_items
from ipterm.domain.due import DueItem
from ipterm.domain.models import CaseFile, CaseStatus, MeasureStatus, MeetingStatus

STATE_NB = {CaseStatus.ACTIVE: "aktiv", CaseStatus.PAUSED: "pause", CaseStatus.CLOSED: "avsluttet"}
_OPEN = (MeasureStatus.PLANNED, MeasureStatus.ACTIVE)


@dataclass(frozen=True, slots=True)
class StatusRow:
    case_number: int
    service: str
    coordinator: str
    state: str
    plan_start: str
    plan_end: str
    next_revision: str
    last_meeting: str
    missing_items: str
    overdue: int
    consent_expires: str
    decision_expires: str


HEADINGS_NB = (
    "Sak", "Tjeneste", "Koordinator", "Status", "Plan fra", "Plan til", "Neste revisjon", "Siste møte",
    "Mangler (§ 19)", "Forfalt", "Samtykke utløper", "Vedtak utløper",
)  # fmt: skip


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _service(cf: CaseFile) -> str:
    """The service the coordinator works in: the coordinator member's organisation, when recorded."""
    for member in cf.members:
        if member.is_coordinator and member.active and member.organisation:
            return member.organisation.strip()
    return ""


def _decision_expiry(cf: CaseFile) -> date | None:
    """The first end date of an open measure granted by a service decision (vedtak): when that decision
    runs out and must be renewed. A recorded end date on a decision reference counts too."""
    ends = [m.to_date for m in cf.measures if m.status in _OPEN and m.service_decision.strip() and m.to_date]
    ends += [e for d in cf.service_decisions if (e := getattr(d, "ends_on", None)) is not None]
    return min(ends, default=None)


def status_rows(case_files: Iterable[CaseFile], due_items: Iterable[DueItem], today: date) -> list[StatusRow]:
    overdue: dict[int, int] = {}
    for item in due_items:
        if item.is_overdue:
            overdue[item.case_id] = overdue.get(item.case_id, 0) + 1
    rows = []
    for cf in case_files:
        case = cf.case
        assert case.id is not None
        held = [m.starts_at.date() for m in cf.meetings if m.status is MeetingStatus.CLOSED]
        consents = [
            k.expires_on for k in cf.consents if k.withdrawn_on is None and k.expires_on and k.expires_on >= today
        ]
        missing = "" if case.status is CaseStatus.CLOSED else "".join(i.letter for i in missing_items(cf, today))
        rows.append(
            StatusRow(
                case_number=case.id,
                service=_service(cf),
                coordinator=case.coordinator.strip(),
                state=STATE_NB.get(case.status, str(case.status)),
                plan_start=_iso(case.plan_start),
                plan_end=_iso(case.plan_end),
                next_revision=_iso(case.next_revision),
                last_meeting=_iso(max(held, default=None)),
                missing_items=missing,
                overdue=overdue.get(case.id, 0),
                consent_expires=_iso(min(consents, default=None)),
                decision_expires=_iso(_decision_expiry(cf)),
            )
        )
    rows.sort(key=lambda r: r.case_number)
    return rows


def _safe_cell(value: object) -> object:
    # A spreadsheet runs a cell starting with = + - @ as a formula; typed text gets a leading apostrophe.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def status_csv(rows: list[StatusRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in fields(StatusRow)])
    for row in rows:
        writer.writerow([_safe_cell(v) for v in astuple(row)])
    return out.getvalue().encode("utf-8")


def status_payload(rows: list[StatusRow], today: date) -> dict[str, object]:
    from ipterm.export import labels
    from ipterm.export.documents import day, finish, fixed, para, table, text

    title = "Statusrapport til koordinerende enhet"
    meta = {
        "kind": title, "person": f"{len(rows)} saker", "title": title, "author": "ipterm",
        "subject": f"{title} (uten navn)", "keywords": ["individuell plan", "statusrapport", "koordinerende enhet"],
        "date": {"year": today.year, "month": today.month, "day": today.day}, "printed": day(today), "changed": "",
        "confidential": labels.CONFIDENTIAL, "recipient": "", "version": "", "stamp": "",
        "id_line": f"Per {day(today)}. Uten navn og fødselsnummer.",
    }  # fmt: skip
    body: list[list[object]] = [
        [str(r.case_number), text(r.service), text(r.coordinator), r.state, r.plan_start, r.plan_end,
         r.next_revision, r.last_meeting, r.missing_items, str(r.overdue) if r.overdue else "", r.consent_expires,
         r.decision_expires]
        for r in rows
    ]  # fmt: skip
    widths: list[float | dict[str, float]] = [fixed(1.0), 2, 2, fixed(1.7), *[fixed(1.9)] * 4, fixed(1.6),
                                              fixed(1.3), fixed(1.9), fixed(1.9)]  # fmt: skip
    blocks = [
        table(list(HEADINGS_NB), widths, body, empty="Ingen saker."),
        para("Datoene er skrevet ÅÅÅÅ-MM-DD. «Mangler» er bokstavene i forskrift om habilitering og "
             "rehabilitering, individuell plan og koordinator § 19 som planen ikke dekker ennå. «Forfalt» teller "
             "evalueringer, revisjoner, oppgaver og oppfølginger som har passert fristen.", "muted"),
    ]  # fmt: skip
    return finish(meta, blocks)


def status_pdf(rows: list[StatusRow], today: date) -> bytes:
    from ipterm.export.pdf import render_pdf

    return render_pdf("status", status_payload(rows, today))
