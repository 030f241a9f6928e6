"""The CLI on a console whose code page is cp1252 (Windows' default in Norway), in a real process:
redirected output is UTF-8 and nothing crashes on a character the code page lacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def run_cp1252(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING="cp1252", IPTERM_DATA_DIR=str(tmp_path / "data"))
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "ipterm", "--demo", *args], env=env, capture_output=True, timeout=120, check=False
    )


def test_case_show_redirected_writes_utf8_arrows(tmp_path: Path) -> None:
    done = run_cp1252(tmp_path, "case", "show", "1")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")  # was: 70, "Uventet feil"
    text = done.stdout.decode("utf-8")  # strict: every byte is UTF-8
    assert "→" in text and "Jonas Berg Haugen" in text
    assert "møte" in text.lower() or "mål" in text.lower()


def test_json_redirected_is_valid_utf8(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    with target.open("wb") as out:
        env = dict(os.environ, PYTHONIOENCODING="cp1252", IPTERM_DATA_DIR=str(tmp_path / "data"))
        done = subprocess.run(
            [sys.executable, "-m", "ipterm", "--demo", "case", "show", "1", "--json"],
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0
    body = json.loads(target.read_bytes().decode("utf-8"))  # was: byte 0xf8 (cp1252 ø) in the file
    assert body["case"]["person_name"] == "Jonas Berg Haugen"
    assert "ø" in target.read_text(encoding="utf-8")  # written as UTF-8, not escaped away


def test_error_messages_redirected_are_utf8(tmp_path: Path) -> None:
    done = run_cp1252(tmp_path, "export", "1", "--kind", "minutes", "--meeting", "9999")
    assert done.returncode == 1
    message = done.stderr.decode("utf-8")
    assert "Møte 9999 finnes ikke" in message and "Traceback" not in message
