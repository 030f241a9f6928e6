"""The catalogues: every text in the code is translated in every language, with the same holes; a fourth
language is one `.po` file and one entry in `LANGUAGES`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from ipterm import i18n
from ipterm.domain.errors import ValidationError
from ipterm.domain.messages import message, plural
from ipterm.domain.models import GoalStatus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import catalogue  # noqa: E402

HOLE = re.compile(r"\{(\w+)[^{}]*\}|%\(\w+\)\w|%s")


def _holes(text: str) -> set[str]:
    bare = text.replace("{{", "").replace("}}", "")
    return {m.group(0).split(":")[0].split("!")[0].rstrip("}") for m in HOLE.finditer(bare)}


@pytest.fixture(scope="module")
def template() -> Catalog:
    return catalogue.template()


def test_the_code_has_texts_to_translate(template: Catalog) -> None:
    ids = [m.id for m in template if m.id]
    assert len(ids) > 900  # the extraction really reads the code
    assert "Avslutt" in ids and ("Synk: {waiting} i kø" in ids)


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE_LANGUAGE])
def test_every_text_is_translated_with_the_same_holes(template: Catalog, lang: str) -> None:
    found = catalogue.read(lang)
    missing, broken = [], []
    for m in template:
        if not m.id:
            continue
        t = found.get(m.id, context=m.context)
        strings = (t.string if isinstance(t.string, tuple) else (t.string,)) if t is not None else ()
        if t is None or t.fuzzy or not strings or not all(strings):
            missing.append(m.id)
            continue
        source = m.id if isinstance(m.id, tuple) else (m.id,)
        for s in strings:
            if _holes(s) - set().union(*(_holes(x) for x in source)):
                broken.append((m.id, s))
    assert not missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert not broken, broken[:5]


def test_nynorsk_and_english_are_really_other_languages() -> None:
    assert message("Avbryt").render("en") == "Cancel"
    assert i18n.translations("nn").gettext("Ingenting er slettet.") != "Ingenting er slettet."
    assert i18n.translations("nn").gettext("Ingenting er slettet.") == "Ingenting er sletta."
    assert ValidationError("Datoen mangler.").message("en") == "The date is missing."


def test_plurals_and_numbers_follow_the_language() -> None:
    one = plural("{n} innkalt.", "{n} innkalt.", 1)
    assert one.render("en") == "1 summoned."
    i18n.set_language("nb")
    assert i18n.format_number(76196) == "76 196"
    i18n.set_language("en")
    try:
        assert i18n.format_number(76196) == "76,196"
        assert i18n.ngettext("{n} ting å følge opp", "{n} ting å følge opp", 2) == "2 things to follow up"
        assert i18n.ngettext("{n} ting å følge opp", "{n} ting å følge opp", 1) == "1 thing to follow up"
    finally:
        i18n.set_language("nb")


def test_a_document_language_does_not_change_the_screen() -> None:
    i18n.set_language("en")
    try:
        with i18n.document_language("nn"):
            inside = i18n.label(GoalStatus.DROPPED)
        assert i18n.label(GoalStatus.DROPPED) == "ended, not achieved"
        assert inside != "ended, not achieved" and inside != "avsluttet, ikke nådd"
    finally:
        i18n.set_language("nb")


def test_a_fourth_language_is_one_po_file_and_one_entry(
    template: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pseudo-language: every text wrapped in ⟦…⟧. Nothing else in the code changes."""
    pseudo = Catalog(locale="nb", domain="ipterm")
    for m in template:
        if m.id:
            string = tuple(f"⟦{x}⟧" for x in m.id) if isinstance(m.id, tuple) else f"⟦{m.id}⟧"
            pseudo.add(m.id, string, context=m.context)
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "ipterm.po").open("wb") as file:
        write_po(file, pseudo)
    monkeypatch.setattr(i18n, "LANGUAGES", (*i18n.LANGUAGES, "xx"))
    monkeypatch.setattr(i18n, "locales_dir", lambda: tmp_path)
    i18n.translations.cache_clear()
    i18n.set_language("xx")
    try:
        assert i18n._("Avslutt") == "⟦Avslutt⟧"
        assert i18n.label(GoalStatus.ACHIEVED) == "⟦nådd⟧"
        assert ValidationError("Datoen mangler.").message() == "⟦Datoen mangler.⟧"
        assert i18n.ngettext("{n} ting å følge opp", "{n} ting å følge opp", 3) == "⟦3 ting å følge opp⟧"
        from ipterm.tui.app import IptermApp
        from ipterm.tui.keymap import describe

        quit_binding = next(b for b in IptermApp.BINDINGS if getattr(b, "id", "") == "app.quit")
        assert describe(quit_binding) == "⟦Avslutt⟧"
    finally:
        i18n.set_language("nb")
        i18n.translations.cache_clear()
