"""Reading produced PDFs back: text, XMP metadata, fonts."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def flat_text(pdf: bytes) -> str:
    """All page text with whitespace runs folded to one space, so wrapped lines still match."""
    return " ".join(" ".join(page.extract_text() for page in reader(pdf).pages).split())


def xmp(pdf: bytes) -> str:
    return reader(pdf).trailer["/Root"]["/Metadata"].get_data().decode("utf-8")


def xmp_value(pdf: bytes, name: str) -> str | None:
    """`pdfaid:part` and friends, written either as an element or as an attribute."""
    text = xmp(pdf)
    found = re.search(rf"<{name}>([^<]*)</{name}>", text) or re.search(rf'{name}="([^"]*)"', text)
    return found.group(1) if found else None


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used on any page (base name -> whether its program is embedded)."""
    out: dict[str, bool] = {}
    for page in reader(pdf).pages:
        resources = page.get("/Resources")
        for font in (resources.get_object().get("/Font") or {}).values() if resources else ():
            font = font.get_object()
            targets = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for target in targets:
                if target.get("/Subtype") == "/Type3":
                    out[str(target.get("/Name", "Type3"))] = True  # glyphs are drawn in the PDF itself
                    continue
                descriptor = target["/FontDescriptor"].get_object()
                out[str(target["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


def structure_elements(pdf: bytes) -> list[tuple[str, list[str]]]:
    """Every element of the tagged structure tree, in reading order: (type, types of all its descendants)."""
    out: list[tuple[str, list[str]]] = []

    def visit(node) -> list[str]:
        node = node.get_object()
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else []
        below: list[str] = []
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object()
            if hasattr(kid, "get") and "/S" in kid:
                index = len(out)
                out.append((str(kid["/S"]).lstrip("/"), []))
                inner = visit(kid)
                out[index] = (out[index][0], inner)
                below += [out[index][0], *inner]
        return below

    visit(reader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return out
