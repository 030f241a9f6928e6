"""Keep the message catalogues in step with the code.

    uv run python scripts/catalogue.py update   # extract every text, add new ones to each .po, drop gone ones
    uv run python scripts/catalogue.py check    # list texts a language still lacks (exit 1 if any)

Texts are found by Babel's Python extractor: `_`, `N_`, `pN_`, `pgettext`, `ngettext`, `plural`, `message`
and the first argument of every error class (they take a message id). A new text arrives untranslated in
each `.po`; translate it there.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "data" / "locales"
DOMAIN = "ipterm"

KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "N_": None,
    "message": None,
    "pN_": ((1, "c"), 2),
    "pgettext": ((1, "c"), 2),
    "ngettext": (1, 2),
    "plural": (1, 2),
    "__init__": None,  # super().__init__("…") in an error class
}


def error_classes() -> set[str]:
    """Every class in ipterm that derives from IptermError, found by reading the code."""
    found = {"IptermError", "ValidationError", "NotFoundError", "ConflictError"}
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in (ROOT / "ipterm").rglob("*.py")]
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in found:
                    bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                    if bases & found:
                        found.add(node.name)
                        grew = True
    return found


def template() -> Catalog:
    keywords = dict(KEYWORDS) | dict.fromkeys(error_classes())
    catalog = Catalog(domain=DOMAIN, project="ipterm")
    for filename, lineno, msgid, comments, context in extract_from_dir(
        str(ROOT / "ipterm"), method_map=[("**.py", "python")], keywords=keywords, comment_tags=("Translators:",)
    ):
        if not msgid or (isinstance(msgid, str) and not msgid.strip()):
            continue
        catalog.add(msgid, locations=[(f"ipterm/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def languages() -> list[str]:
    from ipterm.i18n import LANGUAGES, SOURCE_LANGUAGE

    return [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="ipterm")
    with path.open("rb") as file:
        return read_po(file, locale=lang)


def write(lang: str, catalog: Catalog) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=120, omit_header=False, sort_output=True, include_previous=False)


def update() -> None:
    fresh = template()
    for lang in languages():
        catalog = read(lang)
        catalog.update(fresh, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write(lang, catalog)


def missing(lang: str) -> list[str]:
    catalog = read(lang)
    out = []
    for message in template():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found is not None else None
        if found is None or found.fuzzy or not (all(strings) if isinstance(strings, tuple) else strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
        return 0
    problems = {lang: missing(lang) for lang in languages()}
    for lang, ids in problems.items():
        for msgid in ids:
            print(f"{lang}: {msgid!r}")
    return 1 if any(problems.values()) else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
