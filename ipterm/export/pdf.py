"""Typst -> tagged PDF/A-2. The data go in as JSON in an in-memory file, never pasted into markup.

Why it looks the way it does:
- The payload reaches the template as `data.json`, a file that exists only in memory (nothing is
  written to disk), read with `json("data.json")`; its `meta` part also as `meta.json`, which the
  page header and footer read on every page (parsing the whole payload there would cost more than
  the pages). Not `sys.inputs`: those are part of Typst's standard library, so a new value would
  invalidate every memoised step, while a changed file only invalidates what depends on it.
- One `typst.Compiler` for all templates (the main file goes in with each call), kept for the life of
  the process, and the template sources read once: fonts are indexed once, and Typst memoises parsing
  and layout between runs. A plan that was edited renders again in a fraction of the first time,
  because only the changed sections are laid out anew; a plan it has never seen costs a full layout.
- System fonts are ignored at first, so a document looks the same on every laptop. PDF/A needs every
  glyph embedded, so text falls back to the shipped Noto Emoji and Symbola fonts. Only text none of
  those can draw (a name in a script they lack) is tried again with the laptop's own fonts, and what
  still has no glyph is printed as its code point, e.g. [U+1F9D1], rather than failing the document.
- PDF/A-2a with PDF/UA-1 (tagged, accessible) is tried first; if Typst refuses that for some content,
  the document is still made as PDF/A-2b and a warning is logged.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path
from typing import Any

from ipterm import paths
from ipterm.domain.errors import IptermError

log = logging.getLogger(__name__)

STANDARDS: tuple[tuple[str, ...], ...] = (("a-2a", "ua-1"), ("a-2b",))
_NO_GLYPH = re.compile(r'the text `"((?:[^"\\]|\\.)*)"` could not be displayed')
_MAX_SPELLED = 40

DATA_FILE = "data.json"
META_FILE = "meta.json"
_MAIN = "main.typ"

_compilers: dict[bool, Any] = {}  # by "may use the laptop's own fonts"
_sources: dict[str, bytes] = {}
_lock = threading.Lock()  # a Compiler is not re-entrant; exports run in worker threads


class ExportError(IptermError):
    """Typst could not make the PDF."""


def font_dirs() -> list[Path]:
    """Shipped font folders: data/templates/fonts (Noto Emoji) and data/fonts (Symbola), if present."""
    candidates = (paths.templates_dir() / "fonts", paths.shipped_dir("data") / "fonts")
    return [d for d in candidates if d.is_dir()]


def _payload_files(payload: dict[str, Any]) -> dict[str, bytes]:
    """The payload as `data.json` and its `meta` part as `meta.json`."""
    return {
        DATA_FILE: json.dumps(payload, ensure_ascii=False).encode(),
        META_FILE: json.dumps(payload.get("meta", {}), ensure_ascii=False).encode(),
    }


def _template_files(template: str, data: dict[str, bytes]) -> dict[str, bytes]:
    """The files one compilation sees: `<template>.typ` as the main file, the other templates it may
    import, and the `data` files. The templates are read from disk once per process."""
    if not _sources:
        for path in sorted(paths.templates_dir().glob("*.typ")):
            _sources[path.name] = path.read_bytes()
    name = f"{template}.typ"
    if name not in _sources:
        raise ExportError("Malen {name} finnes ikke.", name=name)
    files = {k: v for k, v in _sources.items() if k != name}
    files[_MAIN] = _sources[name]
    files.update(data)
    return files


def _compiler(system_fonts: bool, files: dict[str, bytes]) -> Any:
    import typst

    if system_fonts not in _compilers:
        _compilers[system_fonts] = typst.Compiler(
            files,
            root=str(paths.templates_dir()),
            font_paths=[str(d) for d in font_dirs()],
            ignore_system_fonts=not system_fonts,
        )
    return _compilers[system_fonts]


def reset() -> None:
    """Forget the compilers and template sources (the next render starts cold; Typst's own
    in-process memo is not cleared by this)."""
    with _lock:
        _compilers.clear()
        _sources.clear()


def _spell_out(payload: Any, chars: str) -> Any:
    """Replace characters no font can draw with their code points."""
    if isinstance(payload, str):
        for ch in set(chars):
            payload = payload.replace(ch, f"[U+{ord(ch):04X}]")
        return payload
    if isinstance(payload, list):
        return [_spell_out(v, chars) for v in payload]
    if isinstance(payload, dict):
        return {k: _spell_out(v, chars) for k, v in payload.items()}
    return payload


_RUST_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]{1,6})\}|\\(.)")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _unquote(debug_text: str) -> str:
    """The characters in Typst's message, which quotes them as Rust debug-prints a string (`\\u{10fffd}`).

    Only characters outside printable ASCII are returned: the shipped fonts draw all of ASCII, and a
    misread message must never make us rewrite ordinary letters.
    """

    def unescape(m: re.Match[str]) -> str:
        if m.group(1):
            return chr(int(m.group(1), 16))
        return _SIMPLE_ESCAPES.get(m.group(2), m.group(2))

    chars = _RUST_ESCAPE.sub(unescape, debug_text)
    return "".join(ch for ch in chars if not (" " <= ch <= "~"))


def render_pdf(kind: str, payload: dict[str, Any]) -> bytes:
    """Compile `data/templates/<kind>.typ` with `payload` (read by it as `data.json`) into PDF/A-2.

    Raises:
        ExportError: Typst failed for a reason other than a missing glyph (details in the log).
    """
    import typst

    system_fonts = False
    standards = 0
    for _attempt in range(_MAX_SPELLED + len(STANDARDS) + 1):
        data = _payload_files(payload)
        with _lock:
            files = _template_files(kind, data)
            compiler = _compiler(system_fonts, files)
            try:
                # The files go with every call: between calls the compiler would look for them on disk.
                pdf = compiler.compile(input=files, format="pdf", pdf_standards=list(STANDARDS[standards]))
            except typst.TypstError as exc:
                error = exc
            else:
                assert isinstance(pdf, bytes)
                return pdf
        missing = _NO_GLYPH.search(error.message or str(error))
        if missing:
            if not system_fonts:
                system_fonts = True
            else:
                chars = _unquote(missing.group(1))
                if not chars:
                    break
                payload = _spell_out(payload, chars)
            continue
        if standards + 1 < len(STANDARDS):
            log.warning("typst refused %s for %s.typ; falling back to %s: %s", STANDARDS[standards], kind,
                        STANDARDS[standards + 1], error.message)  # fmt: skip
            standards += 1
            continue
        log.error("typst could not compile %s.typ: %s", kind, error.message)
        raise ExportError("PDF-en kunne ikke lages. Detaljer står i loggfilen.") from None
    raise ExportError("PDF-en kunne ikke lages: teksten har for mange tegn ingen skrift kan vise.")
