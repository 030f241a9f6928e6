"""`ipterm export CASE --kind easy-read` ("Min plan"), `--large`, `--for` a child's parent, `--kind contacts`."""

from __future__ import annotations

import io
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from ipterm.cli import main
from ipterm.domain.models import MemberKind
from ipterm.services import Services
from ipterm.store.database import Store
from tests.export.pdf_tools import flat_text

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
    born = date.today() - timedelta(days=365 * 10)
    c = s.create_case("Mia Berg", birth_date=born, coordinator="Kari Kvam")
    mia = s.add_member(c.id, "Mia Berg", "Planeier", kind=MemberKind.PERSON, contributes="Jeg øver på å lese.")
    s.add_related(c.id, "Eva Berg", "mor", is_guardian=True)
    s.add_member(c.id, "Eva Berg", "Mor (foresatt)", kind=MemberKind.RELATIVE, phone="911 22 333")
    s.add_member(c.id, "Kari Kvam", "Koordinator", organisation="Tjenestekontoret", phone="400 11 222",
                 is_coordinator=True)  # fmt: skip
    teacher = s.add_member(c.id, "Silje Berg", "Kontaktlærer", organisation="Fjellvik skole", phone="400 33 444")
    goal = s.add_goal(c.id, "Jeg vil lese bøker selv", is_own_words=True)
    s.add_measure(c.id, "Lesekurs på skolen", goal_ids=[goal.id], responsible_member_id=teacher.id)
    assert mia.id is not None
    store.close()
    return c.id


@pytest.mark.slow
def test_min_plan_in_large_type_and_for_the_mother_from_the_cli(case_id, monkeypatch, capsys, tmp_path) -> None:
    out_dir = tmp_path / "ut"
    code, out, err = run(monkeypatch, capsys, "export", str(case_id), "--kind", "easy-read", "--large",
                         "-o", f"{out_dir}/")  # fmt: skip
    assert code == 0, err
    made = out_dir / f"ip-{case_id}-easy-read-stor-{date.today().isoformat()}.pdf"
    assert made.is_file() and str(made) in out
    text = flat_text(made.read_bytes())
    assert "Min plan" in text and "«Jeg vil lese bøker selv»" in text and "Dette gjør du" in text
    assert "Silje Berg" in text and "400 33 444" in text and "Lesekurs på skolen" in text

    code, out, err = run(monkeypatch, capsys, "export", str(case_id), "--kind", "easy-read", "--for", "Eva",
                         "-o", f"{out_dir}/")  # fmt: skip
    assert code == 0, err
    mother = next(out_dir.glob(f"ip-{case_id}-easy-read-til-*.pdf"))
    assert flat_text(mother.read_bytes()).startswith("Planen til Mia")

    code, out, err = run(monkeypatch, capsys, "export", str(case_id), "--kind", "contacts", "-o", f"{out_dir}/")
    assert code == 0, err
    sheet = flat_text((out_dir / f"ip-{case_id}-contacts-{date.today().isoformat()}.pdf").read_bytes())
    assert sheet.startswith("Hvem ringer du?") and "Kari Kvam" in sheet and "400 11 222" in sheet


def test_min_plan_is_refused_for_a_service(case_id, monkeypatch, capsys) -> None:
    code, _out, err = run(monkeypatch, capsys, "export", str(case_id), "--kind", "easy-read", "--for", "Silje")
    assert code != 0
    assert "«Min plan» er for personen selv" in err and "Silje Berg" in err
