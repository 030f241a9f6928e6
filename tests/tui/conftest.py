"""Fixtures the TUI tests share."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ipterm.services import FixedClock, Services
from ipterm.services.demo import open_demo

DEMO_DAY = date(2026, 11, 22)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Services]:
    """The built-in demo data, as of 22 November 2026, in its own encrypted database."""
    clock = FixedClock(DEMO_DAY)
    services = Services(open_demo(tmp_path / "demo", clock=clock), clock)
    yield services
    services.store.close()
