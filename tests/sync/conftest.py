"""Fixtures: a real WebDAV server on loopback, exports to send, a clock that can move forward."""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from ipterm.config import Settings
from ipterm.domain.sync import SEND_KINDS
from ipterm.services import Services
from ipterm.services.sync_services import SyncServices
from ipterm.store import exports as export_log
from ipterm.store import outbox
from ipterm.store.database import Store

from ..conftest import TODAY
from .davserver import PASSWORD, USER, DavServer, free_port

__all__ = ["PASSWORD", "USER", "DavServer"]


@dataclass
class MovingClock:
    """A clock the test moves by hand (backoff waits without sleeping)."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.date()

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock(datetime.combine(TODAY, time(9, 0)))


@pytest.fixture
def dav(tmp_path: Path) -> Iterator[DavServer]:
    root = tmp_path / "dav"
    root.mkdir()
    server = DavServer(root, free_port())
    server.start()
    yield server
    server.stop()


def webdav_settings(url: str, **extra: object) -> Settings:
    return Settings(sync={"destination": "webdav", "url": url, "username": USER, **extra})


def confirmed_sync(services: Services, settings: Settings) -> SyncServices:
    """Sync to the destination in `settings`, confirmed by the user with every export kind chosen (the tests
    send JSON exports; the default kinds are PDFs and calendars)."""
    sync = services.sync(settings)
    sync.confirm(kinds=frozenset(SEND_KINDS), send_waiting=True)
    return sync


def webdav_sync(services: Services, url: str, *, timeout: float = 2.0, password: str = PASSWORD) -> SyncServices:
    """Sync to the loopback server the way a user sets it up: config, confirmed, secret in the database."""
    sync = confirmed_sync(services, webdav_settings(url, timeout=timeout))
    sync.set_secret(password)
    sync._rng = random.Random(1)
    return sync


def add_exports(services: Services, count: int, size: int = 4096, *, case_name: str = "Synk Person") -> list[int]:
    """Stored exports with random content, queued through the same hook the export code calls."""
    store = services.store
    case = services.create_case(case_name)
    ids = []
    for n in range(count):
        content = os.urandom(size)
        with store.transaction():
            export_id = export_log.add_export(
                store.conn, case_id=case.id, kind="json", recipient_member_id=None, recipient_label="",
                meeting_id=None, filename=f"ip-{case.id}-json-{n:03d}-{TODAY.isoformat()}.json",
                media_type="application/json", content_hash=hashlib.sha256(content).hexdigest(), content=content,
                created_at=services.clock.now(), missing_items="",
            )  # fmt: skip
        if services.on_export_stored is not None:
            services.on_export_stored(export_id)
        ids.append(export_id)
    return ids


def expected_files(store: Store, destination: str) -> dict[str, bytes]:
    """remote name -> bytes for every outbox row of `destination`."""
    out = {}
    for item in outbox.items(store.conn, destination):
        out[item.remote_name] = outbox.payload(store.conn, item.id) if item.export_id else b""
    return out
