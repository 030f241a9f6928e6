"""A PDF's metadata (Info Title/Subject and XMP dc:title/dc:description), which file managers, desktop search
and mail previews show without opening it, names the case by number and initials, not the person; the pages
keep the full name. A setting puts the full name in the metadata for those who want it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipterm.config import load_settings
from ipterm.export import ExportKind, render
from tests.export.pdf_tools import flat_text, reader, xmp
from tests.export.sample_case import CASE_ID, MEETING_ID, TEACHER, TODAY, child_case

pytestmark = pytest.mark.slow

NAME = "Emma Lind Solberg"
PARTS = ("Emma", "Solberg", "Silje Berg")  # the person, and the school's recipient of an extract


def _metadata(pdf: bytes) -> str:
    info = reader(pdf).metadata
    return "\n".join([str(info.title), str(info.subject), str(info.get("/Keywords", "")), xmp(pdf)])


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        (ExportKind.PLAN, {"allow_incomplete": True}),
        (ExportKind.PLAN, {"allow_incomplete": True, "recipient_member_id": TEACHER}),
        (ExportKind.MINUTES, {"meeting_id": MEETING_ID}),
        (ExportKind.HANDOVER, {}),
    ],
    ids=["plan", "extract", "minutes", "handover"],
)
def test_pdf_metadata_names_the_case_by_number_and_initials(kind: ExportKind, options: dict) -> None:
    pdf = render(kind, child_case(), TODAY, **options).content
    metadata = _metadata(pdf)
    for part in PARTS:
        assert part not in metadata, part
    assert f"IP {CASE_ID} (E.L.S.)" in str(reader(pdf).metadata.title)
    assert f"IP {CASE_ID} (E.L.S.)" in metadata.split("\n", 3)[-1]  # dc:title in the XMP packet too
    assert NAME in flat_text(pdf)  # the document itself is about the person


def test_a_setting_puts_the_full_name_in_the_metadata(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("full_name_in_pdf_metadata = true\n")
    settings = load_settings(config)
    pdf = render(ExportKind.PLAN, child_case(), TODAY, allow_incomplete=True,
                 full_name_in_metadata=settings.full_name_in_pdf_metadata).content  # fmt: skip
    assert reader(pdf).metadata.title == f"Individuell plan – {NAME}"
    assert NAME in xmp(pdf)


@pytest.mark.parametrize("full_name", [False, True])
def test_cli_export_follows_the_setting(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        full_name: bool) -> None:  # fmt: skip
    from ipterm.cli import main
    from ipterm.services import Services
    from ipterm.store.database import Store
    from ipterm.store.keys import FAST_KDF

    passphrase = "korrekt hest batteri stift"
    services = Services(Store.create(db_path, passphrase, kdf=FAST_KDF))
    case = services.create_case(NAME)
    services.store.close()
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"full_name_in_pdf_metadata = {str(full_name).lower()}\n")
    monkeypatch.setenv("IPTERM_PASSPHRASE", passphrase)
    out = tmp_path / "plan.pdf"
    assert main(["export", str(case.id), "--allow-incomplete", "-o", str(out)]) == 0
    title = reader(out.read_bytes()).metadata.title
    assert title == (f"Individuell plan – {NAME}" if full_name else f"Individuell plan – IP {case.id} (E.L.S.)")
