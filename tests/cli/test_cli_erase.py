"""`ipterm erase` and the erase reminder in `ipterm due`, on a real encrypted database."""

from __future__ import annotations

import io
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from ipterm.cli import main
from ipterm.services import Services
from ipterm.store.database import Store

PASS = "blå sykkel under brua"


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = ""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    code, out, _ = run(monkeypatch, capsys, "init", "--kdf-cost", "low", stdin=f"{PASS}\n{PASS}\n")
    assert code == 0, out
    path = tmp_path / "data" / "ipterm.db"
    services = Services(Store.unlock(path, PASS))
    old = services.create_case("Gammel Sak", coordinator="Kari K")  # 1: closed 100 days ago
    services.close_case(old.id, on=date.today() - timedelta(days=100))
    recent = services.create_case("Nylig Avsluttet")  # 2: closed 10 days ago
    services.close_case(recent.id, on=date.today() - timedelta(days=10))
    services.create_case("Aktiv Sak")  # 3
    services.store.close()
    return path


def _names(path: Path) -> list[str]:
    store = Store.unlock(path, PASS)
    try:
        return [c.person_name for c in Services(store).list_cases(include_closed=True)]
    finally:
        store.close()


def test_due_lists_a_closed_case_past_the_retention_time(db: Path, monkeypatch, capsys, tmp_path) -> None:
    code, out, _ = run(monkeypatch, capsys, "due", "--json", stdin=f"{PASS}\n")
    erase = [i for i in json.loads(out) if i["kind"] == "erase"]
    assert code == 0 and [(i["case_id"], i["text"]) for i in erase] == [(1, "ipterm erase 1")]
    assert erase[0]["date"] == (date.today() - timedelta(days=10)).isoformat()
    code, out, _ = run(monkeypatch, capsys, "due", stdin=f"{PASS}\n")
    assert "Sak kan slettes" in out and "Gammel Sak" in out and "Nylig Avsluttet" not in out
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(exist_ok=True)
    config.write_text("erase_after_days = 5\n")
    code, out, _ = run(monkeypatch, capsys, "due", "--json", stdin=f"{PASS}\n")
    assert sorted(i["case_id"] for i in json.loads(out) if i["kind"] == "erase") == [1, 2]


def test_erase_asks_twice_and_then_erases(db: Path, monkeypatch, capsys) -> None:
    code, _, err = run(monkeypatch, capsys, "erase", "1", stdin=f"{PASS}\nnei\n")
    assert code == 1 and "Ingenting er slettet" in err
    code, _, err = run(monkeypatch, capsys, "erase", "1", stdin=f"{PASS}\nja\n2\n")
    assert code == 1 and "Saksnummeret stemmer ikke" in err
    assert "Gammel Sak" in _names(db)
    code, out, _ = run(monkeypatch, capsys, "erase", "1", "--json", stdin=f"{PASS}\nja\n1\n")
    assert code == 0
    receipt = json.loads(out[out.index("{") :])
    assert receipt["case_id"] == 1 and receipt["rows_removed"]["cases"] == 1 and len(receipt["sha256"]) == 64
    assert "ipterm backup" in receipt["not_known_to_ipterm"]
    assert _names(db) == ["Aktiv Sak", "Nylig Avsluttet"]


def test_erase_refuses_an_active_case_and_a_missing_one(db: Path, monkeypatch, capsys) -> None:
    code, _, err = run(monkeypatch, capsys, "erase", "3", stdin=f"{PASS}\nja\n3\n")
    assert code == 1 and "ikke avsluttet" in err and "--force" in err
    code, _, err = run(monkeypatch, capsys, "erase", "99", stdin=f"{PASS}\n")
    assert code == 1 and "Fant ingen sak med nummer 99" in err
    code, out, _ = run(monkeypatch, capsys, "--lang", "en", "erase", "3", "--force", stdin=f"{PASS}\nyes\n3\n")
    assert code == 0 and "WARNING: case 3 is not closed" in out and "Case 3 is erased" in out
    assert "Aktiv Sak" not in _names(db)


def test_status_report_writes_csv_and_pdf(db: Path, monkeypatch, capsys, tmp_path) -> None:
    out_dir = tmp_path / "ut"
    out_dir.mkdir()
    code, out, _ = run(monkeypatch, capsys, "status-report", "-o", str(out_dir), "--json", stdin=f"{PASS}\n")
    assert code == 0
    report = json.loads(out[out.index("{") :])
    assert report["cases"] == 3 and len(report["written"]) == 2
    csv_text = (out_dir / report["csv"]).read_text()
    assert csv_text.splitlines()[0].startswith("case_number,service,coordinator,state")
    assert "Gammel Sak" not in csv_text and "Kari K" in csv_text
    assert (out_dir / report["pdf"]).read_bytes().startswith(b"%PDF")
    code, out, _ = run(monkeypatch, capsys, "status-report", "-o", str(tmp_path / "r.csv"), stdin=f"{PASS}\n")
    assert code == 0 and (tmp_path / "r.csv").exists() and "Skrevet til" in out
