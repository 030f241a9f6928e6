"""Typst -> PDF/A-2b. The data goes in as JSON through sys.inputs, never pasted into markup."""

from __future__ import annotations

import json
import logging
import re
import threading
from datetime import datetime
from typing import Any

from ipterm import paths
from ipterm.domain.errors import IptermError

log = logging.getLogger(__name__)
_compilers: dict[str, Any] = {}
_lock = threading.Lock()  # one compiler per template, reused: fonts and templates are loaded once


_NO_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed')


def _spell_out(payload: Any, text: str) -> Any:
    """Replace characters no shipped font can draw with their code point, e.g. [U+1F9D1]."""
    marker = "".join(f"[U+{ord(ch):04X}]" for ch in text)
    if isinstance(payload, str):
        return payload.replace(text, marker)
    if isinstance(payload, list):
        return [_spell_out(v, text) for v in payload]
    if isinstance(payload, dict):
        return {k: _spell_out(v, text) for k, v in payload.items()}
    return payload


def render_pdf(template: str, payload: dict[str, Any]) -> bytes:
    """Compile `data/templates/<template>.typ` with `payload` into PDF/A-2b bytes (tagged).

    PDF/A needs every glyph embedded: text falls back to the shipped Symbola font for symbols and emoji;
    a character no font covers is printed as its code point rather than failing the whole document.
    """
    import typst

    source = paths.templates_dir() / f"{template}.typ"
    fonts = paths.shipped_dir("data") / "fonts"
    for _attempt in range(20):
        with _lock:
            compiler = _compilers.get(template)
            if compiler is None:
                compiler = typst.Compiler(
                    str(source), root=str(paths.templates_dir()), ignore_system_fonts=True, font_paths=[str(fonts)]
                )
                _compilers[template] = compiler
            try:
                pdf = compiler.compile(
                    format="pdf",
                    sys_inputs={"data": json.dumps(payload, ensure_ascii=False)},
                    pdf_standards=["a-2b"],
                    timestamp=datetime.now().astimezone().replace(microsecond=0),
                )
            except typst.TypstError as exc:
                missing = _NO_GLYPH.search(str(exc))
                if missing:
                    payload = _spell_out(payload, missing.group(1))
                    continue
                log.error("typst failed on %s: %s", template, exc)
                raise IptermError(
                    "PDF-en kunne ikke lages. Detaljer står i loggfilen.", "The PDF could not be made; see the log."
                ) from None
        assert isinstance(pdf, bytes)
        return pdf
    raise IptermError("PDF-en kunne ikke lages: for mange tegn uten skrift.", "Too many characters without a font.")
