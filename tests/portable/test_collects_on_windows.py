"""The test suite must at least be collected on Windows: nothing that runs at import time (module level,
decorators, default values) may touch a POSIX-only part of the standard library."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
POSIX_ONLY_MODULES = {"fcntl", "pwd", "grp", "resource", "termios", "tty", "pty", "posix", "syslog", "crypt"}
POSIX_ONLY_OS = {
    "geteuid", "getuid", "getegid", "getgid", "getgroups", "getpgid", "getpgrp", "fork", "forkpty", "killpg",
    "setsid", "setpgrp", "statvfs", "uname", "getloadavg", "chown", "lchown", "mkfifo", "sync", "O_NOFOLLOW",
    "O_DIRECTORY", "WNOHANG", "waitid",
}  # fmt: skip
POSIX_ONLY_SIGNALS = {"SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGSTOP", "SIGCONT", "SIGALRM", "SIGCHLD"}


def import_time_nodes(tree: ast.Module):
    """Every node evaluated when the module is imported; function bodies are left out."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            pending.extend(node.decorator_list)
            pending.extend(node.args.defaults + [d for d in node.args.kw_defaults if d is not None])
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.ClassDef):
            pending.extend(node.decorator_list + node.bases + node.body)
            continue
        yield node
        pending.extend(ast.iter_child_nodes(node))


def _posix_only(node: ast.Attribute) -> bool:
    owner = node.value.id if isinstance(node.value, ast.Name) else ""
    return (owner == "os" and node.attr in POSIX_ONLY_OS) or (owner == "signal" and node.attr in POSIX_ONLY_SIGNALS)


def posix_only_uses(path: Path) -> list[str]:
    found = []
    for node in import_time_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in POSIX_ONLY_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in POSIX_ONLY_MODULES:
            found.append(node.module or "")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and _posix_only(node):
            found.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
    return found


def test_no_test_module_needs_posix_at_import_time() -> None:
    offenders = {
        str(path.relative_to(TESTS)): uses for path in sorted(TESTS.rglob("*.py")) if (uses := posix_only_uses(path))
    }
    assert offenders == {}


def test_the_check_sees_a_decorator_but_not_a_function_body(tmp_path: Path) -> None:
    sample = tmp_path / "test_sample.py"
    sample.write_text('@pytest.mark.skipif(os.geteuid() == 0, reason="root")\ndef test_x():\n    os.getuid()\n')
    assert posix_only_uses(sample) == ["os.geteuid (line 1)"]
