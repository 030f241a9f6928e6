"""Every string the TUI shows goes through the message catalogue.

UI text is written once, in bokmål, as `_("…")` (or `N_("…")` where it is defined and shown later). These
checks read the source: no text literal reaches a widget, a notice or a palette command without going
through the catalogue.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import ipterm.tui

TUI = Path(ipterm.tui.__file__).parent
SOURCES = sorted(TUI.rglob("*.py"))
WORD = re.compile(r"[^\W\d_]{2,}")
SAME_IN_BOTH = {"ipterm", "WebDAV", "PDF/A"}
# Calls whose text arguments end up on the screen.
SINKS = {"notify", "Static", "Label", "Button", "TabPane", "add_columns", "SystemCommand", "update",
         "DiscoveryHit", "Hit", "Checkbox", "ConfirmDialog", "Field", "_say"}  # fmt: skip
SHOWN_KEYWORDS = {"placeholder", "prompt", "title", "label", "message", "hint", "help", "yes", "no"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _text(node: ast.expr) -> str | None:
    """The literal text of a string or f-string argument (f-string holes left out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _calls():
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                yield path.relative_to(TUI), node


def test_no_text_reaches_the_screen_untranslated() -> None:
    problems = []
    for path, call in _calls():
        if _name(call) not in SINKS:
            continue
        shown = [*call.args, *(k.value for k in call.keywords if k.arg in SHOWN_KEYWORDS)]
        for arg in shown:
            text = _text(arg)
            if text and WORD.search(text) and text.strip() not in SAME_IN_BOTH and not _is_key(text):
                problems.append(f"{path}:{call.lineno}: «{text.strip()[:50]}» is not in _(…)")
    assert not problems, "\n".join(problems)


def _is_key(text: str) -> bool:
    """Ids and field names passed to the same calls ("f-name", "plan_start") are not shown."""
    return bool(re.fullmatch(r"[a-z_.#-]+|[a-z]+(_[a-z]+)+", text))


def test_screens_reach_the_database_only_through_services() -> None:
    # The app itself opens, clones and closes the store (lock, background sync); screens only call services.
    offenders = [
        f"{p.relative_to(TUI)}:{n}"
        for p in SOURCES
        if p.name != "app.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if ".store." in line or "import outbox" in line or "ipterm.store" in line
    ]
    assert not offenders, offenders
