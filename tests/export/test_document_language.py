"""Documents speak their own language: a plan, minutes and a handover exported in nynorsk (or English)
read in that language from the title to the footer, whatever the UI speaks."""

from __future__ import annotations

import pytest

from ipterm import i18n
from ipterm.export import ExportKind, RenderedExport, render
from ipterm.export.documents import DocumentContext
from ipterm.export.plan_document import plan_payload
from tests.export.pdf_tools import flat_text, reader
from tests.export.sample_case import MEETING_ID, TODAY, child_case

# Headings and words only bokmål writes so: none of them may be left in a nynorsk document.
BOKMAL_ONLY = (
    "Referat fra ansvarsgruppemøte",
    "REFERAT FRA ANSVARSGRUPPEMØTE",
    "Hvem som er koordinator",
    "Hvem som deltar i arbeidet med planen",
    "Tjenestemottakerens mål",
    "Hvordan tiltakene skal gjennomføres",
    "Deltakere",
    "Beslutninger",
    "Oppgaver",
    "Åpne tiltak",
    "Ikke bekreftet",
    "skrevet ut",
    "sist endret",
    "Unntatt offentlighet",
    "tirsdag",
)


def export(kind: ExportKind, language: str) -> RenderedExport:
    return render(kind, child_case(), TODAY, meeting_id=MEETING_ID if kind is ExportKind.MINUTES else None,
                  allow_incomplete=True, language=language)  # fmt: skip


@pytest.fixture(scope="module")
def nynorsk() -> dict[ExportKind, str]:
    kinds = (ExportKind.PLAN, ExportKind.MINUTES, ExportKind.HANDOVER)
    return {kind: flat_text(export(kind, "nn").content) for kind in kinds}


def _no_bokmal(text: str) -> list[str]:
    return [word for word in BOKMAL_ONLY if word in text]


@pytest.mark.slow
def test_the_plan_in_nynorsk(nynorsk: dict[ExportKind, str]) -> None:
    text = nynorsk[ExportKind.PLAN]
    assert "INDIVIDUELL PLAN" in text and "Individuell plan – " in text  # title, and the header of page 2 on
    for heading in ("a) Måla, ressursane og tenestebehovet til tenestemottakaren",
                    "b) Kven som deltek i arbeidet med planen", "c) Kven som er koordinator"):  # fmt: skip
        assert heading in text, heading
    assert "Planperiode" in text and "Samtykke gitt" in text and "Underlagt teieplikt" in text
    assert "Fødd " in text and "Side 1 av " in text
    assert not _no_bokmal(text), _no_bokmal(text)


@pytest.mark.slow
def test_the_minutes_in_nynorsk(nynorsk: dict[ExportKind, str]) -> None:
    text = nynorsk[ExportKind.MINUTES]
    assert "Referat frå ansvarsgruppemøte" in text or "REFERAT FRÅ ANSVARSGRUPPEMØTE" in text
    for heading in ("Deltakarar", "Saksliste", "Avgjerder", "Oppgåver", "Neste møte"):
        assert heading in text, heading
    assert "tysdag 13. oktober 2026 kl. 09.00" in text  # the weekday in nynorsk too
    assert "til stades" in text
    assert "Referatet er underlagt teieplikt" in text  # the closing small print comes from the payload
    assert not _no_bokmal(text), _no_bokmal(text)


@pytest.mark.slow
def test_the_handover_in_nynorsk(nynorsk: dict[ExportKind, str]) -> None:
    text = nynorsk[ExportKind.HANDOVER]
    assert "Overføringsnotat ved byte av koordinator" in text or "OVERFØRINGSNOTAT VED BYTE AV KOORDINATOR" in text
    for heading in ("Opne tiltak", "Opne oppgåver", "Kontaktar", "Samtykke og omfang"):
        assert heading in text, heading
    assert "Notatet er underlagt teieplikt" in text
    assert not _no_bokmal(text), _no_bokmal(text)


@pytest.mark.slow
def test_the_pdf_says_its_language_and_the_ui_keeps_its_own() -> None:
    assert i18n.language() == "nb"
    pdf = export(ExportKind.MINUTES, "nn").content
    assert i18n.language() == "nb"  # the export did not switch the screen's language
    assert str(reader(pdf).trailer["/Root"].get("/Lang", "")).startswith("nn")
    english = flat_text(export(ExportKind.MINUTES, "en").content)
    assert "Page 1 of " in english and "Participants" in english and "Referat fra" not in english


def test_bokmal_stays_the_default() -> None:
    payload = plan_payload(DocumentContext(child_case(), TODAY))
    assert payload["meta"]["lang"] == "nb" and payload["meta"]["region"] == "NO"
    assert payload["meta"]["kind"] == "Individuell plan"
    assert payload["meta"]["stamp"].endswith("skrevet ut 22.\u00a0november\u00a02026")
    assert payload["meta"]["confidential"] == "Taushetsbelagt. Unntatt offentlighet, jf. offl. § 13 jf. fvl. § 13"


@pytest.mark.parametrize(("lang", "region"), [("nn", "NO"), ("en", None)])
def test_the_payload_carries_the_document_language(lang: str, region: str | None) -> None:
    with i18n.document_language(lang):
        payload = plan_payload(DocumentContext(child_case(), TODAY))
    assert payload["meta"]["lang"] == lang and payload["meta"]["region"] == region
    headings = [b["text"] for b in payload["blocks"] if b["type"] == "heading" and b["level"] == 1]
    assert "Hvem som er koordinator" not in headings
    assert {"nn": "Kven som er koordinator", "en": "Who the coordinator is"}[lang] in headings


def test_the_calendar_speaks_the_document_language() -> None:
    ics = render(ExportKind.ICS, child_case(), TODAY, language="nn").content.decode()
    assert "//NN" in ics and "Samtykke går ut" in ics and "Samtykke utløper" not in ics
    english = render(ExportKind.ICS, child_case(), TODAY, language="en").content.decode()
    assert "Individual plan" in english and "Evaluate goal" in english and "Evaluere" not in english
