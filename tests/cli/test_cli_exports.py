"""`ipterm export -o` and `ipterm exports`: folders are folders, files are never silently replaced, an
export made earlier can be written again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_cli import PASS, run
from .test_cli import initialised as initialised  # the fixture


def case_id(monkeypatch, capsys) -> int:
    code, out, _ = run(monkeypatch, capsys, "cases", "--json", stdin=PASS + "\n")
    assert code == 0
    return next(c["id"] for c in json.loads(out) if c["person_name"] == "Sigrid Solberg")


def export(monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    return run(monkeypatch, capsys, "export", *argv, stdin=PASS + "\n")


def test_trailing_slash_makes_a_folder_and_the_next_export_never_overwrites(
    initialised: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cid = case_id(monkeypatch, capsys)
    out_dir = tmp_path / "ut"
    code, _, err = export(monkeypatch, capsys, str(cid), "--kind", "json", "-o", f"{out_dir}/")
    assert code == 0, err
    assert out_dir.is_dir()  # a folder, not a file named "ut"
    (first,) = list(out_dir.iterdir())
    assert first.name.endswith(".json") and first.stat().st_mode & 0o777 == 0o600
    assert out_dir.stat().st_mode & 0o777 == 0o700
    before = first.read_bytes()

    # The same export again into the same folder: refused, the file as it was.
    code, _, err = export(monkeypatch, capsys, str(cid), "--kind", "json", "-o", f"{out_dir}/")
    assert code == 1 and "finnes allerede" in err and "--force" in err
    assert first.read_bytes() == before
    code, _, err = export(monkeypatch, capsys, str(cid), "--kind", "json", "-o", f"{out_dir}/", "--force")
    assert code == 0, err

    # No slash, no folder: a missing folder is not guessed (the old bug wrote a file named like the folder).
    code, _, err = export(monkeypatch, capsys, str(cid), "--kind", "json", "-o", str(tmp_path / "nei" / "x.json"))
    assert code == 1 and "finnes ikke" in err
    assert not (tmp_path / "nei").exists()

    # An existing folder without the slash takes the export's own name.
    code, _, err = export(monkeypatch, capsys, str(cid), "--kind", "ics", "-o", str(out_dir))
    assert code == 0, err
    assert {p.suffix for p in out_dir.iterdir()} == {".json", ".ics"}

    # A file path that exists is refused too.
    named = tmp_path / "plan.json"
    named.write_text("mine")
    code, _, err = export(monkeypatch, capsys, str(cid), "--kind", "json", "-o", str(named))
    assert code == 1 and named.read_text() == "mine"


def test_exports_lists_and_saves_again(
    initialised: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cid = case_id(monkeypatch, capsys)
    code, _, err = export(monkeypatch, capsys, str(cid), "--kind", "json")
    assert code == 0, err
    code, out, _ = run(monkeypatch, capsys, "exports", str(cid), "--json", stdin=PASS + "\n")
    assert code == 0
    (record,) = json.loads(out)
    assert record["kind"] == "json" and record["case_id"] == cid
    code, out, _ = run(monkeypatch, capsys, "exports", stdin=PASS + "\n")
    assert code == 0 and record["filename"] in out and "exports save" in out

    target = tmp_path / "igjen" / ""
    code, out, err = run(monkeypatch, capsys, "exports", "save", str(record["id"]), "-o", f"{target}/",
                         stdin=PASS + "\n")  # fmt: skip
    assert code == 0, err
    saved = tmp_path / "igjen" / record["filename"]
    assert json.loads(saved.read_text())  # the stored bytes, a whole JSON document
    code, _, err = run(monkeypatch, capsys, "exports", "save", str(record["id"]), "-o", f"{target}/",
                       stdin=PASS + "\n")  # fmt: skip
    assert code == 1 and "finnes allerede" in err
    code, _, err = run(monkeypatch, capsys, "exports", "save", "999", "-o", f"{target}/", stdin=PASS + "\n")
    assert code == 1 and "Fant ikke eksport 999" in err
    code, _, err = run(monkeypatch, capsys, "--lang", "en", "exports", "save", stdin=PASS + "\n")
    assert code == 1 and "Usage: ipterm exports save ID -o PATH" in err
