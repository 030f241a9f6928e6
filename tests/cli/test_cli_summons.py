"""`export --kind summons` from the CLI: the next planned meeting, an extract with `--for`, and the
refusals that send a coordinator to the right document (minutes of a meeting not held, a summons to one held)."""

from __future__ import annotations

import io
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from ipterm.cli import main
from ipterm.domain.models import ConsentMethod, ConsentSection, InfoKind, MemberKind
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
def case(monkeypatch, capsys, tmp_path: Path) -> dict[str, int]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASS}\n{PASS}\n"))
    assert main(["init", "--kdf-cost", "low"]) == 0
    capsys.readouterr()
    store = Store.unlock(tmp_path / "data" / "ipterm.db", PASS)
    s = Services(store)
    c = s.create_case("Sigrid Solberg", coordinator="Kari K")
    s.add_member(c.id, "Sigrid Solberg", "Planeier", kind=MemberKind.PERSON)
    teacher = s.add_member(c.id, "Silje Berg", "Kontaktlærer", organisation="Fjellvik skole")
    s.add_member(c.id, "Per Moe", "Psykolog", organisation="BUP Fjellvik")
    s.add_consent(c.id, given_on=date.today() - timedelta(days=3), method=ConsentMethod.WRITTEN,
                  recipient_member_ids=[teacher.id], sections=[ConsentSection.GROUP, ConsentSection.MEETINGS],
                  kinds=[InfoKind.SCHOOL])  # fmt: skip
    soon = datetime.combine(date.today() + timedelta(days=5), datetime.min.time()).replace(hour=9)
    meeting = s.meetings.plan_meeting(c.id, soon, place="Fjellvik skole", video_link="https://meet.example/abc",
                                      person_points=["Jeg vil bytte gruppe"])  # fmt: skip
    store.close()
    return {"case": c.id, "meeting": meeting.id, "teacher": teacher.id}


@pytest.mark.slow
def test_summons_for_the_next_meeting_and_the_schools_extract(case, monkeypatch, capsys, tmp_path: Path) -> None:
    out_dir = tmp_path / "ut"
    code, out, err = run(monkeypatch, capsys, "export", str(case["case"]), "--kind", "summons", "-o", f"{out_dir}/")
    assert code == 0, err
    assert f"-summons-mote-{case['meeting']}-" in out
    text = flat_text(next(out_dir.glob("*summons*")).read_bytes())
    assert "Sigrid vil ta opp: Jeg vil bytte gruppe" in text and "https://meet.example/abc" in text
    assert "Per Moe" in text and "BUP Fjellvik" in text
    code, out, err = run(monkeypatch, capsys, "export", str(case["case"]), "--kind", "summons", "--for", "2",
                         "--meeting", str(case["meeting"]), "-o", f"{out_dir}/")  # fmt: skip
    assert code == 0, err
    school = flat_text(next(out_dir.glob("*summons*-til-*")).read_bytes())
    assert "Silje Berg" in school and "Per Moe" not in school and "BUP" not in school
    assert "bytte gruppe" not in school


def test_minutes_of_a_planned_meeting_point_to_the_summons(case, monkeypatch, capsys) -> None:
    code, _, err = run(monkeypatch, capsys, "export", str(case["case"]), "--kind", "minutes",
                       "--meeting", str(case["meeting"]))  # fmt: skip
    assert code != 0 and "ikke holdt ennå" in err and "--kind summons" in err
    code, _, err = run(monkeypatch, capsys, "export", str(case["case"]), "--kind", "minutes")
    assert code != 0 and "ingen avholdte møter" in err
    code, _, err = run(monkeypatch, capsys, "export", str(case["case"]), "--kind", "summons", "--meeting", "999")
    assert code != 0 and "finnes ikke" in err
