"""The PDFs read back: § 19 sections, goals and measures, hostile text verbatim, scoping, PDF/A metadata, fonts."""

from __future__ import annotations

import dataclasses
import re

import pytest

from ipterm.domain.completeness import SECTION_19
from ipterm.domain.scoping import NoConsentError
from ipterm.export import ExportKind, IncompletePlanError, RenderedExport, render
from ipterm.export.pdf import _spell_out, _unquote
from tests.export.pdf_tools import flat_text, fonts, reader, xmp_value
from tests.export.sample_case import (
    BUP,
    CASE_ID,
    HOSTILE,
    MEETING_ID,
    NAV,
    RESPITE,
    TEACHER,
    TODAY,
    child_case,
    complete_child_case,
    hostile_case,
)

pytestmark = pytest.mark.slow


def layout_lines(pdf: bytes) -> list[str]:
    """The pages laid out as printed (pypdf's layout mode), so text side by side on the page stays on one line."""
    return [line for page in reader(pdf).pages for line in page.extract_text(extraction_mode="layout").splitlines()]


def complete_case():
    return complete_child_case()


@pytest.fixture(scope="module")
def plan() -> RenderedExport:
    return render(ExportKind.PLAN, complete_case(), TODAY)


@pytest.fixture(scope="module")
def plan_text(plan: RenderedExport) -> str:
    return flat_text(plan.content)


def test_every_section_19_item_has_its_own_heading(plan_text: str) -> None:
    for item in SECTION_19:
        assert f"{item.letter}) {item.title}" in plan_text, item.letter


def test_goals_in_the_persons_own_words_and_the_measures_table(plan_text: str) -> None:
    cf = complete_case()
    for goal in cf.goals:
        assert goal.text in plan_text
    assert "«Jeg vil ha en venn i klassen»" in plan_text  # own words are quoted
    for measure in cf.measures:
        assert measure.what in plan_text and measure.how in plan_text
    for column in ("Tiltak og gjennomføring", "Omfang og ansvarlig", "Periode og status", "Bekreftet", "bekreftet"):
        assert column in plan_text
    assert "15 t/uke" in plan_text and "Silje Berg" in plan_text and "pågår" in plan_text
    assert "15. februar 2026 – 10. juni 2027" in plan_text  # period as "1. desember 2026"


def test_group_coordinator_consents_dates_and_stamp(plan: RenderedExport, plan_text: str) -> None:
    assert "Kontaktlærer" in plan_text and "55 10 20 30" in plan_text and "Ingrid Lind" in plan_text
    assert "Hanne Vik" in plan_text and "hanne.vik@kommune.example.no" in plan_text
    assert "Samtykke gitt 26. januar 2026" in plan_text and "Arkiv sak 2026/1457, dok. 3" in plan_text
    assert "Neste revisjon 6. januar 2027" in plan_text and "Evalueres innen" in plan_text
    assert "skrevet ut 22. november 2026" in plan_text and "Versjon " in plan_text
    pages = len(reader(plan.content).pages)
    assert f"Side 1 av {pages}" in plan_text and f"Side {pages} av {pages}" in plan_text
    assert "Planen mangler noe av det forskriften" not in plan_text
    assert "Telefon med mor" not in plan_text  # contact notes are never part of a plan summary


def test_pdf_a_2_with_metadata_tags_and_embedded_fonts(plan: RenderedExport) -> None:
    assert plan.content.startswith(b"%PDF-")
    assert xmp_value(plan.content, "pdfaid:part") == "2"
    assert xmp_value(plan.content, "pdfaid:conformance") in ("A", "B", "U")
    info = reader(plan.content).metadata
    assert info.title == f"Individuell plan – IP {CASE_ID} (E.L.S.)"  # name-free, as the file name
    assert info.author == "Hanne Vik (koordinator)"
    assert info.creation_date.date() == TODAY
    root = reader(plan.content).trailer["/Root"]
    assert str(root["/Lang"]).startswith("nb")
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    used = fonts(plan.content)
    assert used and all(used.values()), used
    assert any("Libertinus" in name for name in used)


def test_the_same_plan_on_the_same_day_gives_the_same_bytes(plan: RenderedExport) -> None:
    assert render(ExportKind.PLAN, complete_case(), TODAY).content == plan.content


def test_a_table_row_keeps_its_cells_side_by_side(plan: RenderedExport) -> None:
    lines = layout_lines(plan.content)
    header = next(line for line in lines if "Tiltak og gjennomføring" in line)
    assert re.search(r"Nr\s+Tiltak og gjennomføring\s+Omfang og ansvarlig\s+Periode og status", header)
    row = next(line for line in lines if "Assistent i klassen" in line)
    # What, scope and period of one measure start on one printed line, in the columns of the header.
    assert re.search(r"t1\s+Assistent i klassen\s+15 t/uke\s+\d+\.\s\w+\s20\d\d", row), row
    assert abs(row.index("15 t/uke") - header.index("Omfang og ansvarlig")) <= 2


def test_a_table_that_runs_onto_the_next_page_repeats_its_column_headings() -> None:
    cf = complete_case()
    many = tuple(dataclasses.replace(m, id=100 + n, what=f"Ekstra tiltak {n}", evaluate_by=None) for n, m in
                 enumerate(cf.measures * 6))  # fmt: skip
    rendered = render(ExportKind.PLAN, dataclasses.replace(cf, measures=cf.measures + many), TODAY)
    pages = [page.extract_text() for page in reader(rendered.content).pages]
    with_rows = [n for n, page in enumerate(pages) if "Ekstra tiltak" in page]
    assert len(with_rows) >= 2
    for n in with_rows:
        assert "Omfang og ansvarlig" in pages[n] and "Periode og status" in pages[n], f"page {n + 1}"
    assert "Omfang og ansvarlig" not in pages[with_rows[-1] + 1]  # not once the table has ended


def test_a_row_longer_than_a_page_is_printed_whole() -> None:
    cf = complete_case()
    long_how = " ".join(f"Avsnitt {n} om gjennomføringen." for n in range(1, 3001))  # about 30 pages of text
    measures = (dataclasses.replace(cf.measures[0], how=long_how), *cf.measures[1:])
    rendered = render(ExportKind.PLAN, dataclasses.replace(cf, measures=measures), TODAY)
    text = flat_text(rendered.content)
    assert "Avsnitt 1 om gjennomføringen." in text and "Avsnitt 3000 om gjennomføringen." in text
    assert len(set(re.findall(r"Avsnitt (\d+) om", text))) == 3000
    assert "Assistent i klassen" in text and "15 t/uke" in text  # the other cells of that row
    assert len(reader(rendered.content).pages) > len(reader(render(ExportKind.PLAN, cf, TODAY).content).pages) + 10


@pytest.mark.parametrize("kind", [ExportKind.PLAN, ExportKind.MINUTES, ExportKind.HANDOVER])
def test_hostile_text_is_printed_verbatim(kind: ExportKind) -> None:
    rendered = render(kind, hostile_case(), TODAY, meeting_id=MEETING_ID, allow_incomplete=True)
    text = flat_text(rendered.content)
    assert HOSTILE in text
    for piece in ("#set page(width: 1cm)", "$x$", "[link]", "\\", "*bold*", "<label>", "@ref", '"sitat"', "🙂👍🏽"):
        assert piece in text, piece
    assert len(reader(rendered.content).pages) >= 2  # "#set page(width: 1cm)" did not reshape the page


def test_an_incomplete_plan_is_refused_then_printed_with_what_is_missing() -> None:
    with pytest.raises(IncompletePlanError) as info:
        render(ExportKind.PLAN, child_case(), TODAY)
    assert info.value.letters == ["e", "h"]
    refusal = info.value.message("nb")
    assert "e)" in refusal
    # what exactly is missing and where to fix it, naming the measure and the members
    assert "e) Tiltak 7 «Svømmeopplæring» har ingen ansvarlig tjeneste. Velg en ansvarlig i fanen Plan" in refusal
    for who in ("Ali Hassan (Avlastningsboligen Lia)", "Kari Nes (Helsestasjonen)", "Dr. Arne Lunde"):
        assert f"h) {who}" in refusal
    rendered = render(ExportKind.PLAN, child_case(), TODAY, allow_incomplete=True)
    assert rendered.missing_items == ("e", "h")
    text = flat_text(rendered.content)
    assert "Planen mangler noe av det forskriften om individuell plan krever" in text
    assert "Hvert åpent tiltak trenger omfang, en ansvarlig tjeneste og en kontaktperson" in text
    assert "Mangler: Tiltak 7 «Svømmeopplæring» har ingen ansvarlig tjeneste" in text
    assert "Ansvar uavklart" in text


def test_a_school_extract_holds_only_what_the_school_may_see() -> None:
    rendered = render(ExportKind.PLAN, complete_case(), TODAY, recipient_member_id=TEACHER)
    assert rendered.recipient_member_id == TEACHER
    assert rendered.recipient_label == "Silje Berg (Kontaktlærer, Fjellvik skole)"
    assert "-til-" in rendered.filename and "Silje" not in rendered.filename
    text = flat_text(rendered.content)
    assert "Utdrag for Silje Berg (Kontaktlærer, Fjellvik skole)" in text
    assert "Assistent i klassen" in text and "Jeg vil ha en venn i klassen" in text
    for hidden in ("Førerkort for mor", "Utredning og behandling av søvnvansker", "Jeg vil sove hele natta",
                   "Telefon med mor", "412 34 567", "ingrid.lind@example.no", "Solveig Lind",
                   complete_case().case.national_id, complete_case().case.national_id[6:], "vanskelig uke hjemme",
                   "NAV: førerkorttiltaket"):  # fmt: skip
        assert hidden not in text, hidden
    assert "Ikke med i dette utdraget" in text


def test_nav_gets_its_measure_but_no_minutes() -> None:
    text = flat_text(render(ExportKind.PLAN, complete_case(), TODAY, recipient_member_id=NAV).content)
    assert "Førerkort for mor" in text and "Assistent i klassen" not in text
    with pytest.raises(NoConsentError) as info:
        render(ExportKind.MINUTES, complete_case(), TODAY, meeting_id=MEETING_ID, recipient_member_id=NAV)
    assert "møter og referater" in info.value.message("nb")


def test_no_pdf_for_a_recipient_whose_consent_expired() -> None:
    with pytest.raises(NoConsentError) as info:
        render(ExportKind.PLAN, child_case(), TODAY, recipient_member_id=RESPITE)
    assert "Ali Hassan har ikke gyldig samtykke" in info.value.message("nb")


def test_minutes_record_the_meeting() -> None:
    rendered = render(ExportKind.MINUTES, complete_case(), TODAY, meeting_id=MEETING_ID)
    assert rendered.meeting_id == MEETING_ID and rendered.filename == f"ip-7-minutes-mote-{MEETING_ID}-2026-11-22.pdf"
    text = flat_text(rendered.content)
    for expected in (
        "Referat fra ansvarsgruppemøte", "tirsdag 13. oktober 2026 kl. 09.00–10.30", "Fjellvik skole, møterom 2",
        "Referent Hanne Vik", "Tor Solberg Far meldt forfall",
        "Ali Hassan Miljøterapeut Avlastningsboligen Lia ikke møtt",
        "1. Siden sist", "5. Eventuelt",
        "1. Emma prøver to dager i uka med hele skoledagen fra november",
        "Alternativer som ble vurdert: Fortsette med korte dager; hjemmeundervisning to dager",
        "Personens syn: Emma vil helst være hele dagen når assistenten er der.", "Personen var til stede",
        "Sende søknad om utvidet avlastning Hanne Vik", "17. november 2026",
        "Emma forteller at hun har fått en ny venn, Sara.", "Personens syn: Emma vil ikke bytte klasse",
        "Neste møte tirsdag 19. januar 2027",
    ):  # fmt: skip
        assert expected in text, expected


def test_minutes_for_bup_show_the_meeting_without_contact_notes() -> None:
    text = flat_text(render(ExportKind.MINUTES, complete_case(), TODAY, recipient_member_id=BUP).content)
    assert "Utdrag for Dr. Lise Moe" in text and "Emma prøver to dager i uka" in text
    assert "Telefon med mor" not in text


def test_handover_has_what_the_next_coordinator_needs() -> None:
    text = flat_text(render(ExportKind.HANDOVER, child_case(), TODAY).content)
    for expected in (
        "Overføringsnotat ved bytte av koordinator", "Må følges opp først",
        "Forfalt oppgave: Sende søknad om utvidet avlastning", "Uavklart ansvar: tiltak t7 Svømmeopplæring",
        "Mål 1", "«Jeg vil ha en venn i klassen»", "Åpne tiltak", "Førerkort for mor", "Jonas Dahl",
        "Åpne oppgaver", "Melde mor opp til oppkjøring", "22. desember 2026", "Kontakter", "55 70 70 70",
        "Samtykker og omfang", "Skolen ser skolerelaterte tiltak", "Siste beslutninger", "Søke om utvidet avlastning",
        "Ikke bekreftet på over 180 dager", "Per Aasen (Rådgiver, PPT)",
    ):  # fmt: skip
        assert expected in text, expected
    assert "Sende søvndagbok til BUP" not in text.split("Åpne oppgaver")[1].split("Kontakter")[0]  # done


def test_a_character_no_font_has_is_printed_as_its_code_point() -> None:
    cf = complete_case()
    odd = dataclasses.replace(cf, case=dataclasses.replace(cf.case, resources="Tegn: \U0010fffd slutt"))
    text = flat_text(render(ExportKind.PLAN, odd, TODAY).content)
    assert "Tegn: [U+10FFFD] slutt" in text


def test_spelling_out_touches_only_the_characters_named() -> None:
    assert _unquote(r"\u{10fffd}") == "\U0010fffd"
    assert _unquote(r"a\"b\\c") == ""  # ASCII is never spelled out
    assert _spell_out({"a": ["x\U0010fffdy"], "n": 3}, "\U0010fffd") == {"a": ["x[U+10FFFD]y"], "n": 3}
