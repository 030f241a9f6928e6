"""`ipterm completion bash|zsh|powershell`: generated from the parser, so every command is in it; the bash
script is run by bash and completes commands and option values."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ipterm.cli import build_parser, main
from ipterm.completion import walk


def generated(shell: str, capsys) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


def commands() -> list[str]:
    return [path for path, _words, _values in walk(build_parser()) if path]


def test_every_command_path_is_known_to_the_tree() -> None:
    paths = commands()
    for name in ("init", "cases", "case show", "export", "doctor", "sync", "backup", "handover", "completion"):
        assert name in paths


@pytest.mark.parametrize("shell", ["bash", "zsh", "powershell"])
def test_each_script_names_every_command(shell: str, capsys) -> None:
    text = generated(shell, capsys)
    for path in commands():
        assert path.split()[-1] in text, (shell, path)
    assert "--allow-incomplete" in text and "minutes" in text  # options and their values too


def complete_in_bash(script: Path, *words: str) -> list[str]:
    line = " ".join(words)
    program = (
        f"source {script}; COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}; "
        f"COMP_LINE={line!r}; COMP_POINT={len(line)}; _shtab_ipterm; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=30, check=True)
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_commands_and_option_values(tmp_path: Path, capsys) -> None:
    script = tmp_path / "ipterm.bash"
    script.write_text(generated("bash", capsys), encoding="utf-8")
    assert complete_in_bash(script, "ipterm", "exp") == ["export", "exports"]
    assert complete_in_bash(script, "ipterm", "export", "3", "--ki") == ["--kind"]
    assert complete_in_bash(script, "ipterm", "export", "3", "--kind", "") == [
        "plan", "minutes", "summons", "handover", "json", "fhir", "ics", "easy-read", "contacts",
    ]  # fmt: skip
    assert complete_in_bash(script, "ipterm", "sync", "s") == ["status", "secret"]
    assert complete_in_bash(script, "ipterm", "case", "") == ["show"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="no zsh")
def test_zsh_script_parses(tmp_path: Path, capsys) -> None:
    script = tmp_path / "_ipterm"
    script.write_text(generated("zsh", capsys), encoding="utf-8")
    subprocess.run(["zsh", "-n", str(script)], check=True, timeout=30)


def test_powershell_script_registers_a_native_completer_with_the_tree(capsys) -> None:
    text = generated("powershell", capsys)
    assert "Register-ArgumentCompleter -Native -CommandName 'ipterm', 'ipterm.exe'" in text
    assert "'case' = @('show'," in text
    kinds = "'plan', 'minutes', 'summons', 'handover', 'json', 'fhir', 'ics', 'easy-read', 'contacts'"
    assert f"'export|--kind' = @({kinds})" in text
    assert "'sync' = @(" in text and "'status'" in text
    assert text.count("{") == text.count("}") and text.count("(") == text.count(")")
    assert "--kdf-cost" not in text  # hidden options stay hidden
