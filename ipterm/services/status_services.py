"""The name-free status report for the coordinating unit, stored and logged like every export (so it is
queued for the sync destination like one): a CSV and a PDF, made together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ipterm.store import exports as export_log

if TYPE_CHECKING:
    from ipterm.services.case_services import Services

CSV_KIND, PDF_KIND = "status_csv", "status"


@dataclass(frozen=True, slots=True)
class StatusReport:
    csv_export_id: int
    pdf_export_id: int
    csv_filename: str
    pdf_filename: str
    cases: int


class StatusServices:
    def __init__(self, services: Services, *, erase_after_days: int = 90) -> None:
        self._s = services
        self._erase_after_days = erase_after_days

    def rows(self) -> list:
        from ipterm.export.status_report import status_rows

        s = self._s
        files = [s.case_file(c.id) for c in s.list_cases(include_closed=True) if c.id is not None]
        return status_rows(files, s.due(erase_after_days=self._erase_after_days), s.today())

    def export(self) -> StatusReport:
        """Render the CSV and the PDF and keep both in the export log (no case: the report covers all)."""
        import hashlib

        from ipterm.export.status_report import status_csv, status_pdf

        s = self._s
        today = s.today()
        rows = self.rows()
        made = [
            (CSV_KIND, f"ip-status-{today.isoformat()}.csv", "text/csv", status_csv(rows)),
            (PDF_KIND, f"ip-status-{today.isoformat()}.pdf", "application/pdf", status_pdf(rows, today)),
        ]
        ids = []
        store = s.store
        with store.transaction():
            for kind, filename, media_type, content in made:
                digest = hashlib.sha256(content).hexdigest()
                export_id = export_log.add_export(
                    store.conn, case_id=None, kind=kind, recipient_member_id=None, recipient_label="",
                    meeting_id=None, filename=filename, media_type=media_type, content_hash=digest,
                    content=content, created_at=s.clock.now(), missing_items="",
                )  # fmt: skip
                store.audit("export", export_id, None, "create", {"kind": [None, kind], "content_hash": [None, digest]})
                ids.append(export_id)
        queue = getattr(s, "on_export_stored", None)
        if queue is not None:
            for export_id in ids:
                queue(export_id)
        return StatusReport(ids[0], ids[1], made[0][1], made[1][1], len(rows))
