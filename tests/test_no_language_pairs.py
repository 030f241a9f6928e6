"""No text is written as a (bokmål, English) pair any more: one message id, translated by the catalogues."""

from __future__ import annotations

import ast
from pathlib import Path

import ipterm

SOURCES = sorted(Path(ipterm.__file__).parent.rglob("*.py"))


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_no_pair_helpers_pair_calls_or_pair_fields() -> None:
    problems = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.FunctionDef) and node.name in ("tr", "_t"):
                problems.append(f"{where}: def {node.name}")
            if isinstance(node, ast.Attribute) and node.attr in ("title_nb", "title_en", "last_error_en"):
                problems.append(f"{where}: .{node.attr}")
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                texts = [a for a in node.args[:2] if _is_text(a)]
                if name in ("tr", "_t") or (name.endswith("Error") and len(texts) == 2):
                    problems.append(f"{where}: {name}(…, …)")
    assert not problems, problems


def test_the_domain_does_not_pick_a_language() -> None:
    domain = Path(ipterm.__file__).parent / "domain"
    offenders = [
        p.name
        for p in domain.rglob("*.py")
        if any(w in p.read_text(encoding="utf-8") for w in ('== "en"', "== 'en'", "LANGUAGE.get"))
    ]
    assert not offenders
