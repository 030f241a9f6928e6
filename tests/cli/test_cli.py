"""The CLI on real encrypted files: init, passwd, listing, search, due, doctor and clean failures."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipterm import __version__
from ipterm.cli import main
from ipterm.services import Services
from ipterm.store.database import Store

PASS = "blå sykkel under brua"


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def initialised(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    code, out, _ = run(monkeypatch, capsys, "init", "--kdf-cost", "low", stdin=f"{PASS}\n{PASS}\n")
    assert code == 0, out
    path = tmp_path / "data" / "ipterm.db"
    store = Store.unlock(path, PASS)
    services = Services(store)
    case = services.create_case("Sigrid Solberg", coordinator="Kari K")
    goal = services.add_goal(case.id, "Jeg vil klare meg selv hjemme")
    services.add_measure(case.id, "Trygghetsalarm", goal_ids=[goal.id])
    services.add_note(case.id, "Hjemmebesøk med ergoterapeut")
    services.create_case("Tor Tveit")
    store.close()
    return path


def test_init_refuses_weak_and_mismatched_passphrases(monkeypatch, capsys, tmp_path) -> None:
    code, _, err = run(monkeypatch, capsys, "init", stdin="kort\nkort\n")
    assert code == 1 and "minst 12 tegn" in err
    code, _, err = run(monkeypatch, capsys, "init", stdin=f"{PASS}\nannet passord her\n")
    assert code == 1 and "ikke like" in err
    assert not (tmp_path / "data" / "ipterm.db").exists()


def test_init_creates_a_private_database_and_refuses_to_overwrite(initialised: Path, monkeypatch, capsys) -> None:
    assert (initialised.stat().st_mode & 0o777) == 0o600
    assert (initialised.parent.stat().st_mode & 0o777) == 0o700
    code, _, err = run(monkeypatch, capsys, "init", stdin=f"{PASS}\n{PASS}\n")
    assert code == 1 and "finnes allerede" in err


def test_cases_json_and_case_show(initialised: Path, monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, "cases", "--json", stdin=f"{PASS}\n")
    assert code == 0
    assert [c["person_name"] for c in json.loads(out)] == ["Sigrid Solberg", "Tor Tveit"]
    code, out, _ = run(monkeypatch, capsys, "case", "show", "1", stdin=f"{PASS}\n")
    assert code == 0
    assert "Jeg vil klare meg selv hjemme" in out
    assert "UAVKLART ANSVAR" in out
    assert "Planen mangler noe av det forskriften" in out
    # each item says what is missing and where to fix it
    assert "- Tiltak 1 «Trygghetsalarm» har ingen ansvarlig tjeneste. Velg en ansvarlig i fanen Plan" in out
    assert "- Personens ressurser er ikke skrevet inn. Skriv dem i «Endre saken», feltet «Ressurser»" in out
    code, _, err = run(monkeypatch, capsys, "export", "1", stdin=f"{PASS}\n")
    assert code == 1 and "Planen mangler punkt a)" in err
    assert "e) Tiltak 1 «Trygghetsalarm» har ingen ansvarlig tjeneste" in err
    code, _, err = run(monkeypatch, capsys, "case", "show", "99", stdin=f"{PASS}\n")
    assert code == 1 and "Fant ingen sak med nummer 99" in err


def test_search_and_due(initialised: Path, monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, "search", "ergoterapeut", stdin=f"{PASS}\n")
    assert code == 0 and "Sigrid Solberg" in out and "[ergoterapeut]" in out
    code, out, _ = run(monkeypatch, capsys, "search", "finnesikke", stdin=f"{PASS}\n")
    assert code == 1 and "0 treff" in out
    code, out, _ = run(monkeypatch, capsys, "due", "--json", stdin=f"{PASS}\n")
    kinds = {item["kind"] for item in json.loads(out)}
    assert {"unclear_responsibility", "no_recent_meeting"} <= kinds


def test_wrong_passphrase_exits_nonzero_with_one_clear_line(initialised: Path, monkeypatch, capsys) -> None:
    before = initialised.read_bytes()
    code, _, err = run(monkeypatch, capsys, "cases", stdin="helt feil passord\n")
    assert code == 1
    assert err.strip() == "Feil passord. Prøv igjen."
    assert initialised.read_bytes() == before
    code, _out, err = run(monkeypatch, capsys, "--lang", "en", "cases", stdin="helt feil passord\n")
    assert err.strip() == "Wrong passphrase. Try again."


def test_passwd_keeps_data(initialised: Path, monkeypatch, capsys) -> None:
    new = "ny og lang passordfrase"
    code, out, err = run(monkeypatch, capsys, "passwd", "--kdf-cost", "low", stdin=f"{PASS}\n{new}\n{new}\n")
    assert code == 0, err
    code, out, _ = run(monkeypatch, capsys, "cases", "--json", stdin=f"{new}\n")
    assert len(json.loads(out)) == 2
    code, _, err = run(monkeypatch, capsys, "cases", stdin=f"{PASS}\n")
    assert code == 1 and "Feil passord" in err


def test_missing_database_points_to_init(monkeypatch, capsys) -> None:
    code, _, err = run(monkeypatch, capsys, "cases", stdin="x\n")
    assert code == 1 and "ipterm init" in err


def test_doctor_and_version(initialised: Path, monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, "doctor")
    assert code == 0, out
    assert "SQLCipher 4" in out and "Typst" in out and "0o700" in out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_demo_cases_do_not_touch_the_real_database(monkeypatch, capsys, tmp_path) -> None:
    code, out, _ = run(monkeypatch, capsys, "--demo", "cases", "--json")
    assert code == 0
    assert len(json.loads(out)) >= 6
    assert not (tmp_path / "data" / "ipterm.db").exists()
    assert (tmp_path / "data" / "demo" / "ipterm-demo.db").exists()


@pytest.mark.slow
def test_damaged_file_in_a_real_process_gives_no_traceback_and_no_sqlcipher_noise(initialised: Path) -> None:
    data = initialised.read_bytes()
    initialised.write_bytes(data[:-1000])
    env = {**os.environ, "IPTERM_PASSPHRASE": PASS}
    result = subprocess.run(
        [sys.executable, "-m", "ipterm", "cases"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Databasen ipterm.db er skadet eller avkortet. Filen er ikke endret; gjenopprett fra sikkerhetskopi."
    ]
    assert initialised.read_bytes() == data[:-1000]


@pytest.mark.slow
def test_wrong_key_in_a_real_process_prints_nothing_from_sqlcipher(initialised: Path) -> None:
    env = {**os.environ, "IPTERM_PASSPHRASE": "ikke riktig i det hele tatt"}
    result = subprocess.run(
        [sys.executable, "-m", "ipterm", "cases"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr == "Feil passord. Prøv igjen.\n"


def test_contact_note_with_action_line(initialised: Path, monkeypatch, capsys) -> None:
    store = Store.unlock(initialised, PASS)
    Services(store).add_member(1, "Eva Ergo", "Ergoterapeut", organisation="Kommunen")
    store.close()
    code, out, err = run(
        monkeypatch,
        capsys,
        "note",
        "1",
        "--kind",
        "phone",
        "Ringte ergoterapeuten\\no: Bestille hjelpemidler @eva innen 1.12.2026",
        stdin=f"{PASS}\n",
    )
    assert code == 0, err
    assert "Oppgave: Bestille hjelpemidler – frist 01.12.2026" in out
    store = Store.unlock(initialised, PASS)
    cf = Services(store).case_file(1)
    assert cf.notes[0].text.startswith("Ringte ergoterapeuten\no: Bestille")
    assert [(a.text, a.due_on.isoformat()) for a in cf.action_items] == [("Bestille hjelpemidler", "2026-12-01")]
    store.close()


@pytest.mark.parametrize("command", ["import", "restore"])
def test_a_missing_file_or_a_folder_is_named_before_any_passphrase_is_asked(
    monkeypatch, capsys, tmp_path, command
) -> None:
    code, _, err = run(monkeypatch, capsys, command, str(tmp_path / "nope.ipterm"))
    assert code != 0 and err.strip() == f"Finner ikke filen {tmp_path / 'nope.ipterm'}."
    code, _, err = run(monkeypatch, capsys, command, str(tmp_path))
    assert code != 0 and err.strip() == f"{tmp_path} er en mappe, ikke en fil."
