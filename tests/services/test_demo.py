"""The demo database: fictional cases from data/, synthetic ids only, separate from the real database."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ipterm import paths
from ipterm.domain.due import DueKind
from ipterm.domain.models import CaseStatus
from ipterm.domain.national_id import parse_national_id
from ipterm.services import FixedClock, Services
from ipterm.services.demo import DEMO_PASSPHRASE, open_demo
from ipterm.store.database import Store

from ..conftest import TODAY


def test_demo_data_uses_only_synthetic_national_ids() -> None:
    data = tomllib.loads(paths.demo_data_file().read_text(encoding="utf-8"))
    assert 6 <= len(data["case"]) <= 10
    ids = [c["national_id"] for c in data["case"] if c.get("national_id")]
    assert ids and all(parse_national_id(i).is_synthetic for i in ids)


def test_demo_builds_a_rich_caseload_dated_from_today(tmp_path: Path) -> None:
    clock = FixedClock(TODAY)
    store = open_demo(tmp_path, clock=clock)
    services = Services(store, clock)
    cases = services.list_cases(include_closed=True)
    assert len(cases) == 8
    assert any(c.status is CaseStatus.CLOSED for c in cases)
    kinds = {i.kind for i in services.due()}
    for expected in (
        DueKind.GOAL_EVALUATION,
        DueKind.ACTION_ITEM,
        DueKind.CONSENT_EXPIRY,
        DueKind.MEETING,
        DueKind.UNCLEAR_RESPONSIBILITY,
        DueKind.STALE_MEMBER,
        DueKind.NO_RECENT_MEETING,
    ):
        assert expected in kinds, expected
    first = services.case_file(cases[0].id)
    assert first.members and first.goals and first.measures and first.consents and first.notes
    store.close()
    assert not (tmp_path / "ipterm.db").exists()  # the real database is never touched
    assert Store.unlock(paths.demo_database_path(tmp_path), DEMO_PASSPHRASE).cases.count() == 8


def test_demo_is_reused_the_same_day_and_rebuilt_the_next(tmp_path: Path) -> None:
    from datetime import timedelta

    store = open_demo(tmp_path, clock=FixedClock(TODAY))
    Services(store, FixedClock(TODAY)).add_note(1, "lagt til i demoen")
    store.close()
    again = open_demo(tmp_path, clock=FixedClock(TODAY))
    assert any(n.text == "lagt til i demoen" for n in again.notes.for_case(1))
    again.close()
    tomorrow = open_demo(tmp_path, clock=FixedClock(TODAY + timedelta(days=1)))
    assert not any(n.text == "lagt til i demoen" for n in tomorrow.notes.for_case(1))
    tomorrow.close()
