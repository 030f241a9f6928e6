"""Windows paths in config.toml and on the command line: the README's literal-string example works, the
natural double-quoted form gets a message that says how to write it, and paths with backslashes and
spaces reach the file system unchanged."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from ipterm.cli import main
from ipterm.config import ConfigError, load_settings


def config(tmp_path: Path, folder_line: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[sync]\ndestination = "folder"\n{folder_line}\n', encoding="utf-8")
    return path


def test_the_documented_literal_string_keeps_every_backslash(tmp_path: Path) -> None:
    settings = load_settings(config(tmp_path, r"folder = 'H:\Felles\IP'"))
    assert settings.sync["folder"] == "H:\\Felles\\IP"
    unc = load_settings(config(tmp_path, r"folder = '\\filserver\felles\IP mapper'"))
    assert unc.sync["folder"] == "\\\\filserver\\felles\\IP mapper"


@pytest.mark.parametrize("line", [r'folder = "H:\Felles\IP"', r'folder = "C:\Users\kari\IP"'])
def test_a_double_quoted_windows_path_says_how_to_write_it(tmp_path: Path, line: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(config(tmp_path, line))
    message = caught.value.message()
    assert "line 3" in message and "enkle anførselstegn" in message and "folder = 'H:\\Felles\\IP'" in message
    assert "Write Windows paths in single quotes" in caught.value.message("en")


def test_a_path_that_toml_silently_turned_into_a_line_break_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(config(tmp_path, r'folder = "H:\nytt\tabell"'))  # valid TOML: \n and \t are escapes
    assert "linjeskift" in caught.value.message() and "enkle anførselstegn" in caught.value.message()


def test_other_toml_errors_get_no_windows_hint(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(config(tmp_path, "folder = "))
    assert "anførselstegn" not in caught.value.message()


def test_export_to_a_folder_with_spaces_and_backslashes(tmp_path: Path, monkeypatch, capsys) -> None:
    target = tmp_path / "Mine dokumenter\\IP 2026"  # a backslash is an ordinary character on POSIX
    target.mkdir()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["--demo", "export", "1", "--kind", "json", "-o", str(target)]) == 0, capsys.readouterr()
    (written,) = target.iterdir()
    assert json.loads(written.read_text(encoding="utf-8"))
    assert str(target) in capsys.readouterr().out
