"""The real CLI: sync to a folder and to WebDAV, backup through the outbox, restore, handover and import."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest

from ipterm.cli import main
from ipterm.services import Services
from ipterm.store.database import Store

from .davserver import PASSWORD, USER, DavServer

PASS = "korrekt hest batteri stift"


def run(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(monkeypatch, capsys, tmp_path: Path) -> Path:
    """A database made with `ipterm init`, holding one case with one export."""
    assert run(monkeypatch, capsys, "init", "--kdf-cost", "low", stdin=f"{PASS}\n{PASS}\n")[0] == 0
    path = Path(os.environ["IPTERM_DATA_DIR"]) / "ipterm.db"
    services = Services(Store.unlock(path, PASS))
    case = services.create_case("Kari Klient", coordinator="Kari")
    services.exports.export(case.id, "json")
    services.store.close()
    return path


def write_config(text: str) -> None:
    config = Path(os.environ["IPTERM_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")


def test_sync_to_a_folder(monkeypatch, capsys, db: Path, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    write_config(f'[sync]\ndestination = "folder"\nfolder = "{share}"\n')
    code, out, _ = run(monkeypatch, capsys, "sync", "status", stdin=f"{PASS}\n")
    assert code == 1 and "Synk: ny mottaker – bekreft den" in out and f"Foreslått i innstillingsfilen: {share}" in out
    code, _, err = run(monkeypatch, capsys, "sync", stdin=f"{PASS}\n")
    assert code == 1 and "er ikke bekreftet" in err and not list(share.iterdir())  # the config alone sends nothing
    code, _, err = run(monkeypatch, capsys, "sync", "check", "--accept", "--kinds", "pdf,json", stdin=f"{PASS}\n")
    assert code == 1 and "1 eksport er ikke sendt noe sted" in err  # the user chooses what happens to it
    code, out, _ = run(monkeypatch, capsys, "sync", "check", "--accept", "--kinds", "pdf,json", "--send-waiting",
                       stdin=f"{PASS}\n")  # fmt: skip
    assert (
        code == 0 and f"Bekreftet mottaker: {share}" in out and "Sendes av seg selv: PDF, JSON. Lagt i kø nå: 1" in out
    )
    code, out, _ = run(monkeypatch, capsys, "sync", stdin=f"{PASS}\n")
    assert code == 0 and "Sendt nå: 1" in out and "Synk: alt sendt" in out
    assert len(list(share.iterdir())) == 1


def test_a_changed_destination_sends_nothing_until_confirmed_and_never_resends_history(
    monkeypatch, capsys, db: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "share", tmp_path / "elsewhere"
    first.mkdir()
    second.mkdir()
    write_config(f'[sync]\ndestination = "folder"\nfolder = "{first}"\n')
    accept = ("sync", "check", "--accept", "--kinds", "pdf,ics,json")
    assert run(monkeypatch, capsys, *accept, "--send-waiting", stdin=f"{PASS}\n")[0] == 0
    assert run(monkeypatch, capsys, "sync", stdin=f"{PASS}\n")[0] == 0
    (sent,) = [p.name for p in first.iterdir()]

    write_config(f'[sync]\ndestination = "folder"\nfolder = "{second}"\n')  # someone edits the config file
    services = Services(Store.unlock(db, PASS))
    services.exports.export(services.list_cases()[0].id, "ics")  # made while the change is unconfirmed
    services.store.close()
    code, _, err = run(monkeypatch, capsys, "sync", stdin=f"{PASS}\n")
    assert code == 1 and "er ikke bekreftet" in err
    code, out, _ = run(monkeypatch, capsys, "sync", "check", stdin=f"{PASS}\n")
    assert code == 1 and f"Endret mottaker i innstillingsfilen: {second}" in out
    assert not list(second.iterdir())
    code, out, _ = run(monkeypatch, capsys, *accept, "--send-waiting", stdin=f"{PASS}\n")
    assert code == 0 and "Lagt i kø nå: 1" in out  # the export that waited, not the one already sent
    assert run(monkeypatch, capsys, "sync", stdin=f"{PASS}\n")[0] == 0
    names = [p.name for p in second.iterdir()]
    assert len(names) == 1 and names != [sent]

    third = tmp_path / "third"
    third.mkdir()
    write_config(f'[sync]\ndestination = "folder"\nfolder = "{third}"\n')
    code, out, _ = run(monkeypatch, capsys, *accept, "--only-new", stdin=f"{PASS}\n")
    assert code == 0 and "Lagt i kø nå: 0" in out
    assert run(monkeypatch, capsys, "sync", stdin=f"{PASS}\n")[0] == 0
    assert not list(third.iterdir())  # nothing of the history went there


@pytest.mark.slow
def test_sync_to_webdav_with_the_secret_in_the_database(monkeypatch, capsys, db: Path, tmp_path: Path) -> None:
    server = DavServer(tmp_path / "dav", _port())
    (tmp_path / "dav").mkdir()
    server.start()
    try:
        write_config(f'[sync]\ndestination = "webdav"\nurl = "{server.url}"\nusername = "{USER}"\n')
        code, _, err = run(monkeypatch, capsys, "sync", "check", stdin=f"{PASS}\n")
        assert code == 1 and "Passord eller token mangler" in err
        code, out, _ = run(monkeypatch, capsys, "sync", "secret", stdin=f"{PASS}\n{PASSWORD}\n")
        assert code == 0 and "kryptert i databasen" in out
        assert PASSWORD not in Path(os.environ["IPTERM_CONFIG"]).read_text()
        assert PASSWORD.encode() not in db.read_bytes()
        code, out, _ = run(monkeypatch, capsys, "sync", "check", stdin=f"{PASS}\n")
        assert code == 1 and "Ny mottaker i innstillingsfilen" in out and "Mottakeren svarer" in out
        code, out, _ = run(monkeypatch, capsys, "sync", "check", "--accept", "--kinds", "pdf,ics,json",
                           "--send-waiting", stdin=f"{PASS}\n")  # fmt: skip
        assert code == 0 and "Bekreftet mottaker" in out
        code, out, _ = run(monkeypatch, capsys, "backup", "--send", "--kdf-cost", "low", stdin=f"{PASS}\n")
        assert code == 0 and "Lagt i utboksen" in out
        code, out, _ = run(monkeypatch, capsys, "sync", stdin=f"{PASS}\n")
        assert code == 0 and "Sendt nå: 2" in out
        names = sorted(server.final_files())
        assert len(names) == 2 and names[1].startswith("ipterm-sikkerhetskopi-")
        code, out, _ = run(monkeypatch, capsys, "--lang", "en", "sync", "status", "--json", stdin=f"{PASS}\n")
        assert code == 0 and '"sent": 2' in out and "all sent" in out
    finally:
        server.stop()


def test_backup_then_restore_from_the_cli(monkeypatch, capsys, db: Path, tmp_path: Path) -> None:
    target = tmp_path / "kopier"
    target.mkdir()
    code, out, _ = run(monkeypatch, capsys, "backup", str(target), "--kdf-cost", "low", stdin=f"{PASS}\n")
    assert code == 0 and "Kryptert sikkerhetskopi skrevet" in out
    (backup,) = target.iterdir()
    services = Services(Store.unlock(db, PASS))
    services.create_case("Etter Kopien")
    services.store.close()

    code, _, err = run(monkeypatch, capsys, "restore", str(backup), stdin="feil passord\n")
    assert code == 1 and "Feil passord" in err
    code, out, _ = run(monkeypatch, capsys, "restore", str(backup), stdin=f"{PASS}\n")
    assert code == 0 and "Gjenopprettet: 1 sak." in out and "before-restore" in out
    code, out, _ = run(monkeypatch, capsys, "cases", stdin=f"{PASS}\n")
    assert "Kari Klient" in out and "Etter Kopien" not in out


def test_handover_and_import_on_another_data_dir(monkeypatch, capsys, db: Path, tmp_path: Path) -> None:
    package = tmp_path / "sak-1.ipterm"
    code, out, _ = run(monkeypatch, capsys, "handover", "1", str(package), "--kdf-cost", "low", stdin=f"{PASS}\n")
    assert code == 0 and "Engangspassord" in out
    phrase = re.search(r"^\s+([a-zæøå]+(?:-[a-zæøå]+)+)$", out, re.MULTILINE).group(1)
    other = tmp_path / "kollega"
    assert run(monkeypatch, capsys, "init", "--data-dir", str(other), "--kdf-cost", "low",
               stdin=f"{PASS}\n{PASS}\n")[0] == 0  # fmt: skip
    args = ("import", str(package), "--data-dir", str(other))
    code, out, _ = run(monkeypatch, capsys, *args, stdin=f"{PASS}\n{phrase}\n")
    assert code == 0 and "Importert: Kari Klient som sak 1" in out
    code, _, err = run(monkeypatch, capsys, *args, stdin=f"{PASS}\n{phrase}\n")
    assert code == 1 and "finnes allerede" in err


def _port() -> int:
    from .davserver import free_port

    return free_port()
