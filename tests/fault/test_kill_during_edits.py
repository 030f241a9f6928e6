"""SIGKILL at random points during 200 scripted edits: every committed change survives, every time."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ipterm.store.database import Store

KEY = bytes(range(32))

EDITOR = r"""
import sys
from pathlib import Path
from ipterm.domain.models import NoteKind
from ipterm.services import Services
from ipterm.store.database import Store

services = Services(Store.open(Path(sys.argv[1]), key=bytes(range(32))))
start = int(sys.argv[2])
case_id = services.list_cases()[0].id
for n in range(start, 200):
    kind = n % 5
    if kind == 0:
        services.add_note(case_id, f"edit {n} note", kind=NoteKind.PHONE)
    elif kind == 1:
        services.add_goal(case_id, f"edit {n} goal")
    elif kind == 2:
        services.add_member(case_id, f"edit {n} member", "Rolle")
    elif kind == 3:
        services.add_measure(case_id, f"edit {n} measure")
    else:
        services.update_case(case_id, resources=f"edit {n} resources")
    print(n, flush=True)
"""


def _committed_edits(store: Store) -> set[int]:
    texts = [n.text for n in store.notes.where()] + [g.text for g in store.goals.where()]
    texts += [m.name for m in store.members.where()] + [m.what for m in store.measures.where()]
    assert len(texts) == len(set(texts)), "an edit was applied twice"
    found = {int(t.split()[1]) for t in texts if t.startswith("edit ")}
    resources = store.cases.where()[0].resources
    if resources.startswith("edit "):
        found.add(int(resources.split()[1]))
    return found


@pytest.mark.fault
@pytest.mark.slow
def test_random_kills_during_200_edits(db_path: Path) -> None:
    from ipterm.services import Services

    store = Store.open(db_path, key=KEY, create=True)
    Services(store).create_case("Redigert Mange Ganger")
    store.close()
    rng = random.Random(2026)
    reported: set[int] = set()
    next_edit, kills = 0, 0
    while next_edit < 200:
        child = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(db_path), str(next_edit)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        stop_after = rng.randint(1, 25)
        for _ in range(stop_after):
            line = child.stdout.readline()
            if not line:
                break
            reported.add(int(line))
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
        check = Store.open(db_path, key=KEY)
        assert check.integrity_check() == "ok"
        committed = _committed_edits(check)
        check.close()
        # Resource edits overwrite each other, so only the other kinds can be counted one by one.
        assert {n for n in reported if n % 5 != 4} <= committed
        next_edit = max(committed) + 1 if committed else 0
    store = Store.open(db_path, key=KEY)
    final = _committed_edits(store)
    store.close()
    # Every edit but the resource overwrites (each replaces the previous) is still there, exactly once.
    assert {n for n in range(200) if n % 5 != 4} <= final
    assert kills >= 8
