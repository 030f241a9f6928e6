"""Export benchmark: render a large plan summary (20 goals, 60 measures, 12 members) to PDF/A with Typst,
and, in the same run, LibreOffice turning an equivalent .docx plan into PDF, as a ratio.

    uv run python bench/export_bench.py [--repeat 5]

LibreOffice comes from Debian (`apt-get install libreoffice-writer-nogui`); the .docx is written with
python-docx from the same data.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import Figure, table

from ipterm.domain.dates import format_date
from ipterm.domain.models import CaseFile, ConsentMethod, ConsentSection, MemberKind
from ipterm.domain.national_id import synthetic_id
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store

TODAY = date(2026, 11, 22)
ORGS = ["NAV", "Fastlegen", "DPS", "Hjemmetjenesten", "Skolen", "PPT", "BUP", "Boligkontoret", "Helsestasjonen",
        "Barnevernet", "Avlastning", "Frisklivssentralen"]  # fmt: skip


def large_case(path: Path) -> tuple[Services, CaseFile]:
    services = Services(Store.open(path, key=bytes(range(32)), create=True), FixedClock(TODAY))
    case = services.create_case(
        "Stor Plansen", national_id=synthetic_id(date(1990, 4, 2)), coordinator="Kari Koordinator",
        plan_start=TODAY - timedelta(days=200), plan_end=TODAY + timedelta(days=500),
        next_revision=TODAY + timedelta(days=100), resources="Sterk motivasjon, god støtte fra familien. " * 3,
        needs="Trenger hjelp med bolig, arbeid, helse og økonomi. " * 3,
        collaboration="Samarbeid mellom kommunale tjenester, spesialisthelsetjenesten og NAV. " * 2,
    )  # fmt: skip
    members = [services.add_member(case.id, "Stor Plansen", "Planeier", kind=MemberKind.PERSON)]
    for n, org in enumerate(ORGS[:11]):
        members.append(
            services.add_member(
                case.id,
                f"Person {n} Etternavn",
                f"Kontakt {org}",
                organisation=org,
                phone=f"4{n:02d} 11 222",
                email=f"p{n}@example.no",
                contributes=f"Bidrar med oppfølging fra {org}",
                has_decision_authority=n % 2 == 0,
            )
        )
    goals = []
    for n in range(20):
        goals.append(
            services.add_goal(
                case.id,
                f"Jeg vil klare mål nummer {n + 1} på min egen måte, steg for steg",
                evaluate_by=TODAY + timedelta(days=30 + n),
            )
        )
    for n in range(60):
        services.add_measure(
            case.id,
            f"Tiltak {n + 1}: oppfølging og veiledning",
            goal_ids=[goals[n % 20].id],
            scope=f"{n % 5 + 1} t/uke",
            how="Faste samtaler, praktisk hjelp og koordinering mellom tjenestene",
            responsible_member_id=members[1 + n % 11].id,
            from_date=TODAY - timedelta(days=100),
            to_date=TODAY + timedelta(days=300),
        )
    services.add_consent(case.id, given_on=TODAY - timedelta(days=200), method=ConsentMethod.WRITTEN,
                         recipient_member_ids=[m.id for m in members[1:]], sections=list(ConsentSection),
                         scope_text="Hele planen", expires_on=TODAY + timedelta(days=165),
                         original_location="Arkiv sak 2026/1")  # fmt: skip
    return services, services.case_file(case.id)


def write_docx(case_file: CaseFile, path: Path) -> None:
    from docx import Document

    doc = Document()
    case = case_file.case
    doc.add_heading(f"Individuell plan for {case.person_name}", 0)
    doc.add_paragraph(
        f"Koordinator: {case.coordinator}. Planperiode {format_date(case.plan_start)} – "
        f"{format_date(case.plan_end)}. Revideres {format_date(case.next_revision)}."
    )
    doc.add_heading("a) Mål, ressurser og behov", 1)
    doc.add_paragraph(case.resources)
    doc.add_paragraph(case.needs)
    for goal in case_file.goals:
        doc.add_paragraph(goal.text, style="List Bullet")
    doc.add_heading("b) Hvem som deltar i arbeidet med planen", 1)
    members = doc.add_table(rows=1, cols=4)
    for cell, text in zip(members.rows[0].cells, ["Navn", "Rolle", "Tjeneste", "Kontakt"], strict=True):
        cell.text = text
    for m in case_file.members:
        for cell, text in zip(members.add_row().cells, [m.name, m.role, m.organisation, m.phone], strict=True):
            cell.text = text
    doc.add_heading("c) Koordinator", 1)
    doc.add_paragraph(case.coordinator)
    doc.add_heading("d) Hva den enkelte bidrar med", 1)
    for m in case_file.members:
        doc.add_paragraph(f"{m.name}: {m.contributes}", style="List Bullet")
    doc.add_heading("e) og f) Tiltak, omfang, ansvar og gjennomføring", 1)
    measures = doc.add_table(rows=1, cols=7)
    heads = ["Tiltak", "Omfang", "Hvordan", "Ansvarlig", "Periode", "Status", "Bekreftet"]
    for cell, text in zip(measures.rows[0].cells, heads, strict=True):
        cell.text = text
    for m in case_file.measures:
        owner = case_file.member(m.responsible_member_id)
        cells = [
            m.what,
            m.scope,
            m.how,
            owner.name if owner else "Uavklart",
            f"{format_date(m.from_date)}–{format_date(m.to_date)}",
            m.status.value,
            format_date(m.last_confirmed),
        ]
        for cell, text in zip(measures.add_row().cells, cells, strict=True):
            cell.text = text
    doc.add_heading("g) Planperiode og revisjon", 1)
    doc.add_paragraph(f"{format_date(case.plan_start)} – {format_date(case.plan_end)}")
    doc.add_heading("h) Samtykke", 1)
    for c in case_file.consents:
        doc.add_paragraph(f"Gitt {format_date(c.given_on)} ({c.method.value}), utløper {format_date(c.expires_on)}")
    doc.add_heading("i) Samarbeid", 1)
    doc.add_paragraph(case.collaboration)
    doc.save(str(path))


def libreoffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise SystemExit("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
    return found


def figures(*, repeat: int = 5) -> list[Figure]:
    from ipterm.export import ExportKind, render

    office = libreoffice()
    print(f"export: large plan, {repeat} renders each with Typst and LibreOffice", flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        services, case_file = large_case(tmp / "ipterm.db")
        from ipterm.export import pdf as pdf_module

        pdf_module._compilers.clear()
        t0 = time.perf_counter()
        render(ExportKind.PLAN, case_file, TODAY, allow_incomplete=True)  # cold: fonts and template loaded
        cold_ms = (time.perf_counter() - t0) * 1000
        ours = []
        for n in range(repeat):
            # A changed plan each time, so Typst's own memoisation cannot reuse the previous layout.
            services.update_case(case_file.case.id, resources=f"Endret ressursbeskrivelse nummer {n}. " * 3)
            fresh = services.case_file(case_file.case.id)
            t0 = time.perf_counter()
            pdf = render(ExportKind.PLAN, fresh, TODAY, allow_incomplete=True)
            ours.append((time.perf_counter() - t0) * 1000)
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf.content)).pages)
        docx = tmp / "plan.docx"
        write_docx(case_file, docx)
        theirs = []
        profile = tmp / "lo-profile"
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(
                [
                    office,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(tmp / "lo"),
                    str(docx),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
            theirs.append((time.perf_counter() - t0) * 1000)
        services.store.close()
    ours_ms, theirs_ms = statistics.median(ours), statistics.median(theirs)
    return [
        Figure("first PDF/A render after start (fonts load)", f"{cold_ms:.0f} ms"),
        Figure(f"render large plan to PDF/A ({pages} pages)", f"{ours_ms:.0f} ms", "< 150 ms",
               f"LibreOffice {theirs_ms:.0f} ms", f"{theirs_ms / ours_ms:.0f}x faster",
               ours_ms < 150 and theirs_ms / ours_ms >= 20),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(table(figures(repeat=args.repeat), "ipterm export benchmark"))


if __name__ == "__main__":
    main()
