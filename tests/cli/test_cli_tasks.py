"""Tasks from the CLI: list, done, cancel, edit (due date, owner), on a real encrypted database."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from ipterm.services import Services
from ipterm.store.database import Store
from tests.cli.test_cli import PASS, initialised, run  # noqa: F401 - the fixture is used by name


def _add_tasks(path: Path) -> dict[str, int]:
    store = Store.unlock(path, PASS)
    services = Services(store)
    case = services.list_cases()[0]
    nora = services.add_member(case.id, "Nora Nilsen", "NAV-veileder", organisation="NAV").id
    kari = services.add_member(case.id, "Kari Lie", "Fastlege", organisation="Legesenteret").id
    today = services.today()
    a = services.add_action_item(case.id, "Sende søknad", owner_member_id=nora, due_on=today - timedelta(days=2)).id
    b = services.add_action_item(case.id, "Ringe skolen", owner_member_id=nora, due_on=today + timedelta(days=5)).id
    store.close()
    return {"case": case.id, "nora": nora, "kari": kari, "a": a, "b": b}


def test_tasks_can_be_listed_done_cancelled_and_moved(initialised: Path, monkeypatch, capsys) -> None:  # noqa: F811
    ids = _add_tasks(initialised)
    code, out, _ = run(monkeypatch, capsys, "tasks", str(ids["case"]), "--json", stdin=f"{PASS}\n")
    rows = json.loads(out)
    assert code == 0 and [(r["id"], r["number"], r["status"]) for r in rows] == [
        (ids["a"], "o1", "open"),
        (ids["b"], "o2", "open"),
    ]
    code, out, _ = run(monkeypatch, capsys, "tasks", stdin=f"{PASS}\n")
    assert code == 0 and "! " in out.splitlines()[0] and "Sende søknad" in out  # the overdue one is flagged

    code, out, err = run(monkeypatch, capsys, "task", "done", str(ids["a"]), stdin=f"{PASS}\n")
    assert code == 0, err
    assert "Ferdig" in out
    code, out, err = run(
        monkeypatch, capsys, "task", "edit", str(ids["b"]), "--due", "+2u", "--owner", "kari", stdin=f"{PASS}\n"
    )
    assert code == 0, err
    assert "Kari Lie" in out

    code, out, _ = run(monkeypatch, capsys, "tasks", str(ids["case"]), "--all", "--json", stdin=f"{PASS}\n")
    by_id = {r["id"]: r for r in json.loads(out)}
    assert by_id[ids["a"]]["status"] == "done" and by_id[ids["a"]]["done_on"] == date.today().isoformat()
    assert by_id[ids["b"]]["owner_member_id"] == ids["kari"]
    assert by_id[ids["b"]]["due"] == (date.today() + timedelta(weeks=2)).isoformat()
    # the open list no longer holds the done task, and the due list no longer names it
    code, out, _ = run(monkeypatch, capsys, "due", "--days", "30", "--json", stdin=f"{PASS}\n")
    assert "Sende søknad" not in out

    code, _, err = run(monkeypatch, capsys, "task", "done", str(ids["a"]), stdin=f"{PASS}\n")
    assert code == 1 and "allerede lukket" in err
    code, _, err = run(monkeypatch, capsys, "task", "edit", str(ids["b"]), "--owner", "x", stdin=f"{PASS}\n")
    assert code == 1 and "Ingen i gruppen heter «x»." in err
    code, _, err = run(monkeypatch, capsys, "task", "done", "999", stdin=f"{PASS}\n")
    assert code == 1 and "Oppgave nr. 999 finnes ikke." in err and "action_item" not in err
    code, out, _ = run(monkeypatch, capsys, "task", "cancel", str(ids["b"]), stdin=f"{PASS}\n")
    assert code == 0 and "Avlyst" in out


def test_a_task_is_named_by_its_case_number_and_every_answer_says_whose_it_is(
    initialised: Path,  # noqa: F811
    monkeypatch,
    capsys,
) -> None:
    """`task done 3` meant as the case's #o3 once closed another person's task without a word: the case's
    own number works with --case, a plain id that belongs to another case is refused, and every answer
    names the case and the person."""
    ids = _add_tasks(initialised)
    case = str(ids["case"])
    code, out, err = run(monkeypatch, capsys, "task", "done", "o2", "--case", case, stdin=f"{PASS}\n")
    assert code == 0, err
    assert "Ringe skolen" in out and f"sak {case}" in out and f"task reopen {ids['b']}" in out
    code, _, err = run(monkeypatch, capsys, "task", "done", "#o1", stdin=f"{PASS}\n")
    assert code == 1 and "--case" in err
    code, _, err = run(monkeypatch, capsys, "task", "done", str(ids["a"]), "--case", "999", stdin=f"{PASS}\n")
    assert code == 1 and "Ingenting er endret" in err
    code, _, err = run(monkeypatch, capsys, "task", "done", "o9", "--case", case, stdin=f"{PASS}\n")
    assert code == 1 and "#o9" in err
    code, out, _ = run(monkeypatch, capsys, "tasks", case, "--all", "--json", stdin=f"{PASS}\n")
    by_id = {r["id"]: r["status"] for r in json.loads(out)}
    assert by_id == {ids["a"]: "open", ids["b"]: "done"}
