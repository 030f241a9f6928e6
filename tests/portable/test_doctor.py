"""`ipterm doctor` on Windows (through the platform seam): permission bits mean nothing there (Windows
reports 0o777 for every folder and 0o666 for every file), so the data folder must lie in the user's
profile and its access list must let nobody else read it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from ipterm import host
from ipterm.cli import main

from .windows import pretend_windows

PASS = "blå sykkel under brua"
ME = "S-1-5-21-1004336348-1177238915-682003330-1001"
USERS = "S-1-5-32-545"


def acl(*entries: tuple[str, str]) -> host.Acl:
    return host.Acl(ME, tuple(host.AclEntry(sid, rights) for sid, rights in entries))


PRIVATE = acl((ME, "FullControl"), (host.SYSTEM_SID, "FullControl"), (host.ADMINISTRATORS_SID, "FullControl"))


def run(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.fixture
def data_dir(monkeypatch, capsys, tmp_path: Path) -> Path:
    code, out = run(monkeypatch, capsys, "init", "--kdf-cost", "low", stdin=f"{PASS}\n{PASS}\n")
    assert code == 0, out
    directory = tmp_path / "data"
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    return directory


def as_windows_reports_it(directory: Path) -> None:
    directory.chmod(0o777)
    for file in directory.iterdir():
        file.chmod(0o666)


def test_private_folder_on_windows_passes(data_dir: Path, monkeypatch, capsys) -> None:
    as_windows_reports_it(data_dir)
    pretend_windows(monkeypatch)
    asked: list[Path] = []
    monkeypatch.setattr(host, "read_windows_acl", lambda path: asked.append(path) or PRIVATE)
    code, out = run(monkeypatch, capsys, "doctor")
    assert code == 0, out  # was: 1, "har rettigheter 0o777" and "ipterm.db: 0o666"
    assert "bare du kan lese den" in out and "ligger i brukerprofilen" in out
    assert "rettigheter" not in out and "0o666" not in out
    assert asked == [data_dir]


def test_folder_readable_by_all_users_on_windows_fails(data_dir: Path, monkeypatch, capsys) -> None:
    pretend_windows(monkeypatch)
    shared = acl((ME, "FullControl"), (USERS, "ReadAndExecute, Synchronize"), ("S-1-1-0", "Write"))
    monkeypatch.setattr(host, "read_windows_acl", lambda path: shared)
    code, out = run(monkeypatch, capsys, "doctor")
    assert code == 1
    assert f"kan leses av andre: {USERS}" in out
    assert "S-1-1-0" not in out  # Everyone may only write here: not a reader


def test_folder_outside_the_profile_on_windows_fails(tmp_path: Path, monkeypatch, capsys, data_dir: Path) -> None:
    pretend_windows(monkeypatch)
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "elsewhere"))
    monkeypatch.setattr(host, "read_windows_acl", lambda path: PRIVATE)
    code, out = run(monkeypatch, capsys, "--lang", "en", "doctor")
    assert code == 1 and "is outside the user profile" in out


def test_unreadable_access_list_is_a_problem_not_a_crash(data_dir: Path, monkeypatch, capsys) -> None:
    pretend_windows(monkeypatch)

    def no_powershell(path: Path) -> host.Acl:
        raise OSError("powershell not found")

    monkeypatch.setattr(host, "read_windows_acl", no_powershell)
    code, out = run(monkeypatch, capsys, "doctor")
    assert code == 1 and "Fikk ikke lest tilgangslisten" in out and "powershell not found" in out


def test_posix_still_checks_the_permission_bits(data_dir: Path, monkeypatch, capsys) -> None:
    code, out = run(monkeypatch, capsys, "doctor")
    assert code == 0 and "0o700" in out and "ipterm.db: 0o600" in out
    data_dir.chmod(0o755)
    code, out = run(monkeypatch, capsys, "doctor")
    assert code == 1 and "0o755" in out


def test_the_powershell_answer_is_parsed_with_one_or_many_entries() -> None:
    one = host.parse_acl_json(f'{{"user":"{ME}","entries":{{"sid":"{ME}","rights":"FullControl","type":"Allow"}}}}')
    assert one == acl((ME, "FullControl"))
    many = host.parse_acl_json(
        f'{{"user":"{ME}","entries":[{{"sid":"{USERS}","rights":"Read","type":"Deny"}},'
        f'{{"sid":"S-1-5-11","rights":"Modify, Synchronize","type":"Allow"}}]}}'
    )
    assert host.others_who_can_read(many) == ["S-1-5-11"]  # a Deny entry grants nothing
    with pytest.raises(OSError):
        host.parse_acl_json("Get-Acl : access denied")


def test_generic_rights_given_as_numbers_are_understood() -> None:
    entries = acl((USERS, "-1610612736"), ("S-1-5-11", "268435456"), ("S-1-1-0", "1073741824"))  # R+X, ALL, W
    assert host.others_who_can_read(entries) == ["S-1-5-11", USERS]
