"""`export --for` takes the number `case show` prints, p1 for a related person, or a name."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pytest

from ipterm.cli import main
from ipterm.domain.models import ConsentMethod, ConsentSection, MemberKind
from ipterm.services import Services
from ipterm.store.database import Store

PASS = "blå sykkel under brua"


def run(monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASS}\n"))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def case_id(monkeypatch, capsys, tmp_path: Path) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASS}\n{PASS}\n"))
    assert main(["init", "--kdf-cost", "low"]) == 0
    capsys.readouterr()
    store = Store.unlock(tmp_path / "data" / "ipterm.db", PASS)
    s = Services(store)
    c = s.create_case("Sigrid Solberg", coordinator="Kari K")
    s.add_member(c.id, "Sigrid Solberg", "Planeier", kind=MemberKind.PERSON)
    silje = s.add_member(c.id, "Silje Berg", "Kontaktlærer", organisation="Fjellvik skole")
    s.add_member(c.id, "Silje Moe", "Fastlege", organisation="Legesenteret")
    lene = s.add_related(c.id, "Lene Solberg", "søster")
    given = date.today().replace(day=1)
    s.add_consent(c.id, given_on=given, method=ConsentMethod.WRITTEN, recipient_member_ids=[silje.id],
                  sections=[ConsentSection.PLAN])  # fmt: skip
    s.add_consent(c.id, given_on=given, method=ConsentMethod.ORAL, recipient_related_ids=[lene.id],
                  sections=[ConsentSection.PLAN])  # fmt: skip
    store.close()
    return c.id


def test_case_show_numbers_members_and_related_persons_outside_the_group(case_id, monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, "case", "show", str(case_id))
    assert code == 0
    assert " 2. Silje Berg, Kontaktlærer" in out and " 3. Silje Moe" in out and "p1. Lene Solberg, søster" in out


@pytest.mark.slow
@pytest.mark.parametrize("typed", ["2", "Silje B", "silje berg"])
def test_for_takes_the_number_or_a_name(case_id, monkeypatch, capsys, typed: str) -> None:
    code, out, err = run(monkeypatch, capsys, "export", str(case_id), "--for", typed, "--allow-incomplete")
    assert code == 0, err
    assert "-til-2-" in out  # the member id, in the file name


@pytest.mark.slow
def test_for_p1_is_the_sister_outside_the_group(case_id, monkeypatch, capsys) -> None:
    code, out, err = run(monkeypatch, capsys, "export", str(case_id), "--for", "p1", "--allow-incomplete")
    assert code == 0, err
    assert "-til-p1-" in out


def test_an_ambiguous_name_is_refused_with_the_numbers_to_choose_from(case_id, monkeypatch, capsys) -> None:
    code, _, err = run(monkeypatch, capsys, "export", str(case_id), "--for", "silje")
    assert code != 0
    assert "«silje» passer på flere: 2 Silje Berg, 3 Silje Moe. Skriv nummeret." in err
    code, _, err = run(monkeypatch, capsys, "export", str(case_id), "--for", "9")
    assert code != 0 and "Ingen deltaker har nummer 9" in err
