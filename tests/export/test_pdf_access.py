"""Accessible, printable PDFs: tagged tables, dates that never split, what a reader counts and sees on paper."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

import pytest

from ipterm.domain.models import Attendance
from ipterm.domain.national_id import synthetic_id
from ipterm.export import ExportKind, render
from ipterm.export.documents import DocumentContext
from ipterm.export.meeting_documents import handover_payload, minutes_payload
from ipterm.export.plan_document import plan_payload
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from tests.export.pdf_tools import flat_text, reader, structure_elements
from tests.export.sample_case import MEETING_ID, TEACHER, TODAY
from tests.export.test_pdf import complete_case, layout_lines

pytestmark = pytest.mark.slow

MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def table_blocks(payload: dict) -> list[dict]:
    return [b for b in payload["blocks"] if b["type"] == "table" and b["rows"]]


@pytest.mark.parametrize("kind", [ExportKind.PLAN, ExportKind.MINUTES, ExportKind.HANDOVER])
def test_every_table_is_tagged_as_a_table_with_header_and_data_cells(kind: ExportKind) -> None:
    cf = complete_case()
    ctx = DocumentContext(cf, TODAY)
    payload = {ExportKind.PLAN: lambda: plan_payload(ctx), ExportKind.MINUTES: lambda: minutes_payload(ctx, MEETING_ID),
               ExportKind.HANDOVER: lambda: handover_payload(ctx)}[kind]()  # fmt: skip
    tables = table_blocks(payload)
    assert len(tables) >= 3
    pdf = render(kind, cf, TODAY, meeting_id=MEETING_ID, allow_incomplete=True).content
    tagged = [below for tag, below in structure_elements(pdf) if tag == "Table"]
    assert len(tagged) == len(tables)
    for block, below in zip(tables, tagged, strict=True):
        assert below.count("TH") == len(block["head"]), block["head"]
        # Each row of the table is a TR, each cell a TD (a row split over two pages is still one row).
        assert below.count("TD") == len(block["rows"]) * len(block["head"]), block["head"]
        assert below.count("TR") == len(block["rows"]) + 1, block["head"]


def test_a_long_table_repeats_its_heading_row_and_leaves_no_row_behind() -> None:
    cf = complete_case()
    many = tuple(dataclasses.replace(m, id=100 + n, what=f"Ekstra tiltak {n}", evaluate_by=None)
                 for n, m in enumerate(cf.measures * 8))  # fmt: skip
    pdf = render(ExportKind.PLAN, dataclasses.replace(cf, measures=cf.measures + many), TODAY).content
    pages = page_texts(pdf)
    with_rows = [n for n, page in enumerate(pages) if "Ekstra tiltak" in page]
    assert len(with_rows) >= 2
    for n in with_rows:
        assert "Tiltak og gjennomføring" in pages[n], f"page {n + 1}"
    text = flat_text(pdf)
    assert all(f"Ekstra tiltak {n} " in text for n in range(len(many)))
    tagged = [below for tag, below in structure_elements(pdf) if tag == "Table"]
    measures = next(below for below in tagged if below.count("TR") == len(cf.measures) + len(many) + 1)
    assert measures.count("TH") == 4  # the repeated heading rows are not read again as more rows


def test_a_date_is_never_split_across_lines() -> None:
    # Measure periods in a narrow column wrap; a date must wrap as a whole, never between its parts.
    cf = complete_case()
    measures = tuple(dataclasses.replace(m, from_date=date(2026, 9, 28), to_date=date(2027, 9, 28))
                     for m in cf.measures)  # fmt: skip
    pdf = render(ExportKind.PLAN, dataclasses.replace(cf, measures=measures), TODAY).content
    text = "\n".join(page_texts(pdf))
    assert "28. september 2026 –" in " ".join(text.split())
    split = re.findall(rf"\d{{1,2}}\.[ \u00a0]*\n[ \u00a0]*(?:{MONTHS})|(?:{MONTHS})[ \u00a0]*\n[ \u00a0]*20\d\d", text)
    assert split == []
    for line in text.splitlines():
        assert not re.search(r"\b\d{1,2}\.$", line.strip()) or "Side" in line, line


def test_sist_endret_is_the_last_change_to_the_plan_not_the_case_row(tmp_path) -> None:
    clock = FixedClock(date(2026, 9, 1))
    services = Services(Store.open(tmp_path / "ipterm.db", key=bytes(range(32)), create=True), clock)
    case = services.create_case("Åse Ødegård", coordinator="Kari Koordinator", plan_start=date(2026, 9, 1),
                                plan_end=date(2027, 9, 1), next_revision=date(2027, 3, 1))  # fmt: skip
    goal = services.add_goal(case.id, "Jeg vil gå på skolen hver dag")
    clock.day = date(2026, 10, 14)
    services.add_measure(case.id, "Skoleskyss", goal_ids=[goal.id], scope="Daglig", how="Taxi")
    clock.day = date(2026, 11, 20)
    services.add_note(case.id, "Ringte skolen")  # a note is not part of the plan
    services.exports.export(case.id, "plan", allow_incomplete=True)  # nor is an export
    case_file = services.case_file(case.id)
    assert case_file.case.updated_at.date() == date(2026, 9, 1)
    for kind in (ExportKind.PLAN, ExportKind.HANDOVER):
        text = flat_text(render(kind, case_file, clock.day, allow_incomplete=True).content)
        assert "sist endret 14. oktober 2026" in text, kind
    services.store.close()


def test_goals_are_numbered_1_1_1_2_so_sub_goals_are_not_counted_as_goals() -> None:
    cf = complete_case()
    text = flat_text(render(ExportKind.PLAN, cf, TODAY).content)
    goals = [("Mål 1", "Jeg vil ha en venn i klassen"), ("Mål 3", "Jeg vil klare å være på skolen"),
             ("Delmål 3.1", "Være på skolen hele skoledagen"), ("Mål 4", "Familien kommer seg")]  # fmt: skip
    for label, goal in goals:
        assert re.search(rf"{re.escape(label)}\s+«?{goal}", text), label
    assert "Mål 5" not in text and "Delmål 4" not in text
    assert "Mål 1, 3.1" in text  # the assistant serves goal 1 and sub-goal 3.1
    handover = flat_text(render(ExportKind.HANDOVER, cf, TODAY).content)
    assert "Delmål 3.1" in handover and "Mål 5" not in handover


def test_an_overdue_evaluation_says_so_in_words_not_only_in_red() -> None:
    lines = layout_lines(render(ExportKind.PLAN, complete_case(), TODAY).content)
    start = next(n for n, line in enumerate(lines) if "Evalueres innen" in line)
    overdue = (TODAY - timedelta(days=10)).day
    row = next(n for n in range(start, len(lines)) if re.search(rf"\b{overdue}\.\snovember\s2026\s+Mål 2", lines[n]))
    assert "forfalt" in lines[row] + lines[row + 1]
    later = next(n for n in range(start, len(lines)) if re.search(r"desember\s2026\s+Mål 1 ", lines[n]))
    assert "forfalt" not in lines[later]
    assert any("«Forfalt»: fristen for evalueringen er passert." in line for line in lines)


@pytest.mark.parametrize("filler", range(0, 24))
def test_no_heading_or_single_row_is_left_at_the_foot_of_a_page(filler: int) -> None:
    # More or less text before the measures table moves its heading down the page through the page end.
    cf = complete_case()
    needs = " ".join(["Behov for tilrettelegging hjemme og på skolen."] * 6)
    case = dataclasses.replace(cf.case, resources="\n\n".join([needs] * (8 + filler // 2)) + " ekstra" * filler * 9)
    pdf = render(ExportKind.PLAN, dataclasses.replace(cf, case=case), TODAY).content
    pages = page_texts(pdf)
    heading = next(n for n, page in enumerate(pages) if "e) Hvilke tiltak" in page)
    first_rows = pages[heading].split("e) Hvilke tiltak", 1)[1]
    assert "Tiltak og gjennomføring" in first_rows and "Assistent i klassen" in first_rows
    assert "Spesialundervisning i norsk" in first_rows  # the first row is not alone on its page
    for page in pages[:-1]:
        body = [line for line in page.splitlines() if line.strip() and not line.startswith("Versjon")]
        assert not re.fullmatch(r"[a-i]\) .*", body[-1].strip()), body[-1]


def test_the_coordinators_service_is_printed_once() -> None:
    cf = complete_case()
    case = dataclasses.replace(cf.case, coordinator="Hanne Vik (Tjenestekontoret)")
    text = flat_text(render(ExportKind.PLAN, dataclasses.replace(cf, case=case), TODAY).content)
    assert "Koordinator Hanne Vik (Tjenestekontoret), 55 60 60 60" in text
    assert "Tjenestekontoret), Tjenestekontoret" not in text
    plain = flat_text(render(ExportKind.PLAN, cf, TODAY).content)
    assert "Koordinator Hanne Vik, Tjenestekontoret, 55 60 60 60" in plain


@pytest.mark.parametrize("kind", [ExportKind.PLAN, ExportKind.HANDOVER])
def test_the_national_id_is_grouped_six_and_five(kind: ExportKind) -> None:
    nid = synthetic_id(date(1986, 1, 15))
    cf = complete_case()
    cf = dataclasses.replace(cf, case=dataclasses.replace(cf.case, national_id=nid))
    text = flat_text(render(kind, cf, TODAY).content)
    assert f"Fødselsnummer {nid[:6]} {nid[6:]}" in text and nid[:6] == "158186"
    assert nid not in text


def test_the_minutes_say_once_that_the_person_was_there() -> None:
    cf = complete_case()
    text = flat_text(render(ExportKind.MINUTES, cf, TODAY, meeting_id=MEETING_ID).content)
    assert text.count("Personen var til stede") == 1 and "Personen var ikke til stede" not in text
    assert text.index("Personen var til stede") < text.index("Beslutninger")
    # A decision taken while the person was out says so under that decision.
    decisions = (cf.decisions[0], dataclasses.replace(cf.decisions[1], person_present=False))
    text = flat_text(render(ExportKind.MINUTES, dataclasses.replace(cf, decisions=decisions), TODAY,
                            meeting_id=MEETING_ID).content)  # fmt: skip
    assert text.count("Personen var ikke til stede") == 1
    away = tuple(dataclasses.replace(p, attendance=Attendance.ABSENT) if p.member_id == 1 else p
                 for p in cf.participants)  # fmt: skip
    text = flat_text(render(ExportKind.MINUTES, dataclasses.replace(cf, participants=away), TODAY,
                            meeting_id=MEETING_ID).content)  # fmt: skip
    assert "Personen var ikke til stede" in text and "Personen var til stede" in text  # decisions differ


def test_school_extract_tables_are_tagged_too() -> None:
    pdf = render(ExportKind.PLAN, complete_case(), TODAY, recipient_member_id=TEACHER).content
    assert [tag for tag, _ in structure_elements(pdf)].count("Table") >= 1
