from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import tests.profiles  # noqa: F401  (loads the Hypothesis profile before any test module)
from ipterm.services import FixedClock, Services
from ipterm.store.database import Store
from ipterm.store.keys import FAST_KDF, LOW_COST_ENV

TEST_KEY = bytes(range(32))  # raw key: SQLCipher skips its own KDF, so tests stay fast
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's own data, config or logs."""
    monkeypatch.setenv("IPTERM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IPTERM_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("IPTERM_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.delenv("IPTERM_PASSPHRASE", raising=False)
    monkeypatch.delenv("IPTERM_NEW_PASSPHRASE", raising=False)
    monkeypatch.setenv(LOW_COST_ENV, "1")  # FAST_KDF is honoured only in tests (and for the demo)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "ipterm.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store.open(db_path, key=TEST_KEY, create=True)
    yield s
    s.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture
def services(store: Store, clock: FixedClock) -> Services:
    return Services(store, clock)


@pytest.fixture
def passphrase_store(db_path: Path) -> Iterator[tuple[Path, str]]:
    """A database created through the passphrase path (low KDF cost), closed, ready to unlock."""
    passphrase = "korrekt hest batteri stift"
    Store.create(db_path, passphrase, kdf=FAST_KDF).close()
    yield db_path, passphrase
