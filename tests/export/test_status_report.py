"""The status report for the coordinating unit: one row per case, no name and no national id in the CSV or
the PDF text, for every name stored in the demo database; stored and logged like any export."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from ipterm.domain.sync import send_kind
from ipterm.services import FixedClock, Services
from ipterm.services.demo import open_demo
from ipterm.services.status_services import StatusServices
from ipterm.store import exports as export_log
from tests.export.pdf_tools import flat_text

TODAY = date(2026, 12, 1)


@pytest.fixture
def demo(tmp_path: Path) -> Services:
    clock = FixedClock(TODAY)
    services = Services(open_demo(tmp_path / "demo", clock=clock), clock)
    yield services
    services.store.close()


def _stored_names(services: Services) -> tuple[set[str], set[str]]:
    """Names of people (the person, members, related persons) and identifiers (national id, birth date).
    Coordinators are staff and named in the report on purpose; a member who is a case's coordinator is
    therefore not searched for."""
    conn = services.store.conn
    coordinators = {r[0].split(" (")[0].strip() for r in conn.execute("SELECT coordinator FROM cases")}
    names = {r[0] for r in conn.execute("SELECT person_name FROM cases")}
    names |= {r[0] for r in conn.execute("SELECT name FROM related_persons")}
    names |= {r[0] for r in conn.execute("SELECT name FROM members") if r[0] not in coordinators}
    ids = {r[0] for r in conn.execute("SELECT national_id FROM cases WHERE national_id IS NOT NULL")}
    ids |= {r[0] for r in conn.execute("SELECT birth_date FROM cases WHERE birth_date IS NOT NULL")}
    return {n.strip() for n in names if n.strip()}, ids


def test_the_report_names_nobody(demo: Services) -> None:
    names, ids = _stored_names(demo)
    assert len(names) > 20 and ids
    report = StatusServices(demo).export()
    conn = demo.store.conn
    csv_text = export_log.export_content(conn, report.csv_export_id).decode("utf-8")
    pdf_text = flat_text(export_log.export_content(conn, report.pdf_export_id))
    for name in sorted(names):
        assert name not in csv_text, name
        assert name not in pdf_text, name
    for value in sorted(ids):
        assert value not in csv_text and value not in pdf_text, value
        spaced = f"{value[:6]} {value[6:]}" if len(value) == 11 else value
        assert spaced not in pdf_text
    # ... and it still says something about every case.
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    cases = demo.list_cases(include_closed=True)
    assert sorted(int(r["case_number"]) for r in rows) == sorted(c.id for c in cases)
    for case in cases:
        assert f" {case.id} " in f" {pdf_text} "
    first = next(r for r in rows if int(r["case_number"]) == cases[0].id)
    assert first["plan_start"] == (cases[0].plan_start.isoformat() if cases[0].plan_start else "")


def test_the_report_is_stored_logged_and_synced_with_the_pdfs(demo: Services) -> None:
    report = StatusServices(demo).export()
    records = {r.id: r for r in demo.exports.history()}
    csv_record, pdf_record = records[report.csv_export_id], records[report.pdf_export_id]
    assert (csv_record.kind, csv_record.case_id, csv_record.media_type) == ("status_csv", None, "text/csv")
    assert (pdf_record.kind, pdf_record.filename) == ("status", "ip-status-2026-12-01.pdf")
    assert export_log.export_content(demo.store.conn, pdf_record.id).startswith(b"%PDF")
    audited = demo.store.conn.execute(
        "SELECT count(*) FROM audit_log WHERE entity = 'export' AND entity_id IN (?, ?)",
        (report.csv_export_id, report.pdf_export_id),
    ).fetchone()[0]
    assert audited == 2
    assert send_kind("status") == send_kind("status_csv") == "pdf"


def test_overdue_missing_items_and_expiries(services: Services) -> None:
    from ipterm.domain.models import ConsentMethod

    case = services.create_case("Ola Nordmann", coordinator="Kari Koordinator", next_revision=date(2026, 11, 1))
    services.add_consent(case.id, given_on=date(2026, 1, 1), method=ConsentMethod.WRITTEN, expires_on=date(2027, 3, 1))
    services.add_measure(case.id, "Støttekontakt", service_decision="VED-1", to_date=date(2027, 2, 1))
    services.add_measure(case.id, "Uten vedtak", to_date=date(2026, 12, 24))
    (row,) = StatusServices(services).rows()
    assert row.overdue >= 1  # the revision date has passed
    assert row.consent_expires == "2027-03-01" and row.decision_expires == "2027-02-01"
    assert row.missing_items and "a" in row.missing_items
    assert "Ola" not in ",".join(str(getattr(row, s)) for s in row.__slots__)


def test_a_formula_in_a_text_cell_is_not_run_by_a_spreadsheet(services: Services) -> None:
    from ipterm.export.status_report import status_csv

    services.create_case("Per", coordinator='=HYPERLINK("x")')
    text = status_csv(StatusServices(services).rows()).decode()
    assert "'=HYPERLINK" in text
