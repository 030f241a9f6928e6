"""Every string the TUI shows exists in bokmål and English.

UI text is written as `tr("bokmål", "English")` (or `bind(keys, action, id, "bokmål", "English")`) where it
is used. These checks read the source: every such pair has both texts, and no text literal reaches a
widget, a notice or a palette command without going through `tr`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import ipterm.tui

TUI = Path(ipterm.tui.__file__).parent
SOURCES = sorted(TUI.rglob("*.py"))
WORD = re.compile(r"[^\W\d_]{2,}")
SAME_IN_BOTH = {"Plan", "Status", "§ 19", "Test", "Original", "Person", "ipterm", "WebDAV", "PDF/A", "Type", "Agenda"}
# Calls whose text arguments end up on the screen.
SINKS = {"notify", "Static", "Label", "Button", "TabPane", "add_columns", "SystemCommand", "update",
         "DiscoveryHit", "Hit", "Checkbox", "ConfirmDialog", "Field", "_say"}  # fmt: skip
# Files that pass pairs from a table of (bokmål, English) literals; the tables are checked below.
TABLE_DRIVEN = {"keymap.py", "screens/case_screen.py", "display.py"}
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


def test_every_pair_has_both_languages() -> None:
    problems, pairs = [], 0
    for path, call in _calls():
        name = _name(call)
        if name == "tr":
            texts = call.args[:2]
        elif name == "bind" and len(call.args) >= 5:
            texts = call.args[3:5]
        else:
            continue
        pairs += 1
        where = f"{path}:{call.lineno}"
        if len(texts) < 2 or not all(isinstance(t, ast.Constant | ast.JoinedStr) for t in texts):
            if str(path) not in TABLE_DRIVEN:
                problems.append(f"{where}: the texts must be literals")
            continue
        nb, en = (_text(t) for t in texts)
        if nb is None or en is None:
            problems.append(f"{where}: the texts must be literals")
        elif not nb.strip() or not en.strip():
            problems.append(f"{where}: an empty text")
        elif nb == en and WORD.search(nb) and nb.strip() not in SAME_IN_BOTH:
            problems.append(f"{where}: «{nb}» is the same in both languages")
    assert pairs > 300  # the check is really reading the screens
    assert not problems, "\n".join(problems)


def test_no_text_reaches_the_screen_untranslated() -> None:
    problems = []
    for path, call in _calls():
        if _name(call) not in SINKS:
            continue
        shown = [*call.args, *(k.value for k in call.keywords if k.arg in SHOWN_KEYWORDS)]
        for arg in shown:
            text = _text(arg)
            if text and WORD.search(text) and text.strip() not in SAME_IN_BOTH and not _is_key(text):
                problems.append(f"{path}:{call.lineno}: «{text.strip()[:50]}» is not in tr(…)")
    assert not problems, "\n".join(problems)


def _is_key(text: str) -> bool:
    """Ids and field names passed to the same calls ("f-name", "plan_start") are not shown."""
    return bool(re.fullmatch(r"[a-z_.#-]+|[a-z]+(_[a-z]+)+", text))


def test_language_is_not_read_from_the_context_variable() -> None:
    # A context variable set by the palette's task is invisible to the widgets' tasks; the UI reads the
    # module value in ipterm.tui.i18n instead.
    offenders = [p.name for p in SOURCES if "LANGUAGE.get()" in p.read_text(encoding="utf-8")]
    assert not offenders


def test_tables_of_pairs_have_both_languages() -> None:
    """The (bokmål, English) tables behind the table-driven calls: tab names, palette commands, keys."""
    from ipterm.tui import display, keymap
    from ipterm.tui.screens import case_screen

    pairs = [(nb, en) for _tab, nb, en in case_screen.TABS]
    for nb, en, help_nb, help_en, action in case_screen.PALETTE:
        pairs += [(nb, en), (help_nb, help_en)]
        assert callable(getattr(case_screen.CaseScreen, f"action_{action}"))
    pairs += list(keymap._DESCRIPTIONS.values())
    pairs += [*display._ENTITIES.values(), *display._ACTIONS.values(), *display._MEMBER_KINDS.values()]
    for nb, en in pairs:
        assert nb.strip() and en.strip() and (nb != en or nb in SAME_IN_BOTH), (nb, en)


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
