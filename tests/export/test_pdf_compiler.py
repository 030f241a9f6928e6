"""The Typst compiler kept between renders: the data come only from memory, and a render after an edit
shows the edit, and the new version stamp, on every page."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipterm import paths
from ipterm.export import ExportKind, RenderedExport, render
from ipterm.export import pdf as pdf_module
from ipterm.export.documents import DocumentContext
from ipterm.export.plan_document import plan_payload
from tests.export.pdf_tools import flat_text, reader
from tests.export.sample_case import HOSTILE, TODAY, complete_child_case

pytestmark = pytest.mark.slow


def complete_case():
    return complete_child_case()


def versions(rendered: RenderedExport) -> list[str]:
    """The version stamp in each page's footer."""
    pages = [" ".join(page.extract_text().split()) for page in reader(rendered.content).pages]
    return [found.group(1) if (found := re.search(r"Versjon ([0-9a-f]{8})", p)) else "" for p in pages]


def test_an_edited_plan_shows_the_edit_and_its_new_version_on_every_page() -> None:
    cf = complete_case()
    first = render(ExportKind.PLAN, cf, TODAY)
    edited_case = dataclasses.replace(cf.case, resources=f"Endret etter møtet. {HOSTILE}")
    second = render(ExportKind.PLAN, dataclasses.replace(cf, case=edited_case), TODAY)

    before, after = versions(first), versions(second)
    assert len(set(before)) == 1 and before[0], before
    assert len(set(after)) == 1 and after[0] and after[0] != before[0], after
    text = flat_text(second.content)
    assert "Endret etter møtet." in text and HOSTILE in text
    assert " ".join(cf.case.resources.split()) not in text
    # Back to the first plan: the very same bytes, nothing left over from the edited one.
    assert render(ExportKind.PLAN, cf, TODAY).content == first.content


@pytest.fixture
def decoy_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the templates with a data.json and meta.json on disk (another person's plan) that
    must never be read."""
    copy = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), copy)
    cf = complete_case()
    decoy = dataclasses.replace(cf, case=dataclasses.replace(cf.case, person_name="DISK DECOY"))
    payload = plan_payload(DocumentContext(decoy, TODAY))
    (copy / "data.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    (copy / "meta.json").write_text(json.dumps(payload["meta"], ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(paths, "templates_dir", lambda: copy)
    pdf_module.reset()
    try:
        yield copy
    finally:
        pdf_module.reset()


def test_the_payload_never_comes_from_a_file_on_disk(decoy_templates: Path) -> None:
    cf = complete_case()
    for _ in range(2):  # the first render, and one with the compiler kept
        text = flat_text(render(ExportKind.PLAN, cf, TODAY).content)
        assert "DISK DECOY" not in text
        assert cf.case.person_name in text and "a) " in text
