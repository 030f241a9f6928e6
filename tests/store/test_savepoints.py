"""A unit of work inside another is a SAVEPOINT: an inner failure the caller catches undoes the inner
writes (and their audit rows) and leaves the outer ones to commit."""

from __future__ import annotations

from datetime import datetime

import pytest

from ipterm.domain.models import Case, Note
from ipterm.store.database import Store


def notes(store: Store, case_id: int) -> list[str]:
    return [n.text for n in store.notes.for_case(case_id)]


def test_a_caught_inner_failure_undoes_only_the_inner_work(store: Store) -> None:
    case = store.cases.add(Case(person_name="Ola Nordmann"))
    at = datetime(2026, 12, 1, 10)
    with store.transaction():
        store.notes.add(Note(case_id=case.id, text="før", written_at=at))
        with pytest.raises(RuntimeError), store.transaction():
            store.notes.add(Note(case_id=case.id, text="halvveis", written_at=at))
            raise RuntimeError("the export failed")
        store.notes.add(Note(case_id=case.id, text="etter", written_at=at))
    assert sorted(notes(store, case.id)) == ["etter", "før"]
    audited = [e for e in store.audit_trail(case.id) if e.entity == "note"]
    assert len(audited) == 2  # the undone note left no audit row either


def test_nested_work_that_succeeds_commits_with_the_outer_and_fails_with_it(store: Store) -> None:
    case = store.cases.add(Case(person_name="Kari Nordmann"))
    at = datetime(2026, 12, 1, 10)
    with store.transaction(), store.transaction():
        store.notes.add(Note(case_id=case.id, text="inne", written_at=at))
    assert notes(store, case.id) == ["inne"]
    with pytest.raises(ValueError), store.transaction():
        with store.transaction():
            store.notes.add(Note(case_id=case.id, text="ytre feiler", written_at=at))
        raise ValueError
    assert notes(store, case.id) == ["inne"]
    with store.transaction():  # the store is usable again, at depth 0
        store.notes.add(Note(case_id=case.id, text="neste", written_at=at))
    assert sorted(notes(store, case.id)) == ["inne", "neste"]
