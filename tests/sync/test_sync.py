"""Exports leave the laptop by themselves: queued offline, delivered exactly once, never half-written."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from ipterm.config import Settings
from ipterm.domain.sync import SyncStatus, backoff_seconds, remote_name
from ipterm.services import FixedClock, Services
from ipterm.services.sync_services import SyncServices
from ipterm.store import outbox
from ipterm.sync.destinations import FolderDestination, WebDavDestination

from ..conftest import TODAY
from .conftest import PASSWORD, USER, DavServer


def webdav_sync(services: Services, dav: DavServer, *, timeout: float = 2.0) -> SyncServices:
    destination = WebDavDestination(dav.url, username=USER, secret=PASSWORD, timeout=timeout)
    sync = SyncServices(services, Settings(), destination=destination, rng=random.Random(1))
    services.on_export_stored = sync.queue_export
    return sync


def later(clock: FixedClock, seconds: int) -> None:
    moment = clock.now() + timedelta(seconds=seconds)
    clock.day, clock.at = moment.date(), moment.time()


def make_exports(services: Services, count: int) -> list[int]:
    case = services.create_case("Synk Person")
    ids = []
    for n in range(count):
        services.add_note(case.id, f"notat {n}")
        ids.append(services.exports.export(case.id, "json").id)
    return ids


def test_remote_names_and_backoff() -> None:
    name = remote_name("ip-3-plan-2026-11-22.pdf", "ab" * 32)
    assert name == "ip-3-plan-2026-11-22-abababababab.pdf"
    assert remote_name("ip-3-fhir-2026-11-22.fhir.json", "cd" * 32).endswith("-cdcdcdcdcdcd.fhir.json")
    rng = random.Random(0)
    waits = [backoff_seconds(n, rng) for n in range(1, 15)]
    assert 2.5 <= waits[0] <= 7.5 and max(waits) <= 3600 * 1.5
    assert (
        SyncStatus(configured=True, queued=2, failed=1, last_error="Ingen forbindelse").label()
        == "Synk: 3 i kø – Ingen forbindelse"
    )


@pytest.mark.slow
def test_queued_while_down_are_delivered_when_the_server_comes_up(services, clock, dav) -> None:
    dav.stop()
    sync = webdav_sync(services, dav)
    exports = make_exports(services, 3)
    result = sync.run_once()
    assert result.stopped_early and result.sent == 0
    status = sync.status()
    assert status.queued + status.failed == 3 and "forbindelse" in status.last_error
    dav.start()
    later(clock, 3600 * 2)
    assert sync.run_once().sent == 3
    files = dav.files()
    assert sorted(files) == sorted(f.filename for f in services.exports.history()) or len(files) == 3
    contents = {
        bytes(services.store.conn.execute("SELECT content FROM exports WHERE id = ?", (i,)).fetchone()[0])
        for i in exports
    }
    assert set(files.values()) == contents
    assert not any(name.endswith(".part") for name in files)
    assert sync.status().sent == 3 and sync.status().label().startswith("Synk: alt sendt")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("500", "Serveren svarte 500"),
        ("507", "ikke plass på serveren"),
        ("401", "Feil brukernavn"),
        ("slow", "ikke i tide"),
    ],
)
def test_server_faults_are_retried_with_a_clear_status_and_nothing_partial(services, clock, dav, mode, message):
    sync = webdav_sync(services, dav, timeout=1.0)
    dav.faults.mode, dav.faults.delay = mode, 2.5
    make_exports(services, 2)
    sync.run_once()
    status = sync.status()
    assert status.sent == 0 and message in status.last_error
    assert not [n for n in dav.files() if not n.startswith(".")]  # nothing under a final name
    dav.faults.mode = ""
    later(clock, 7200)
    sync.run_once()
    final = [n for n in dav.files() if not n.startswith(".")]
    assert len(final) == 2 and sync.status().sent == 2
    sync.run_once()  # running again changes nothing
    assert len([n for n in dav.files() if not n.startswith(".")]) == 2


KILLABLE = r"""
import sys
from pathlib import Path
from ipterm.config import Settings
from ipterm.services import Services
from ipterm.services.sync_services import SyncServices
from ipterm.store import outbox
from ipterm.store.database import Store
from ipterm.sync.destinations import WebDavDestination

services = Services(Store.open(Path(sys.argv[1]), key=bytes(range(32))))
sync = SyncServices(services, Settings(), destination=WebDavDestination(sys.argv[2], username=sys.argv[3],
                    secret=sys.argv[4], timeout=30))
print("start", flush=True)
sync.run_once()
print("done", flush=True)
"""


@pytest.mark.slow
def test_killed_mid_upload_then_restarted_delivers_everything_exactly_once(services, dav, db_path) -> None:
    sync = webdav_sync(services, dav)
    make_exports(services, 4)
    services.store.close()
    dav.faults.mode, dav.faults.delay = "slow", 1.5
    child = subprocess.Popen(
        [sys.executable, "-c", KILLABLE, str(db_path), dav.url, USER, PASSWORD], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "start"
    import time

    time.sleep(2.2)  # the first upload is through, the second is in the middle
    child.send_signal(signal.SIGKILL)
    child.wait()
    dav.faults.mode = ""
    from ipterm.store.database import Store

    store = Store.open(db_path, key=bytes(range(32)))
    again = Services(store, FixedClock(TODAY + timedelta(days=1)))
    sync = SyncServices(again, Settings(), destination=WebDavDestination(dav.url, username=USER, secret=PASSWORD))
    sync.run_once()
    final = sorted(n for n in dav.files() if not n.startswith("."))
    assert len(final) == 4 and len(set(final)) == 4
    assert sync.status().sent == 4
    store.close()


def test_folder_destination_and_a_read_only_folder(services, clock, tmp_path: Path) -> None:
    target = tmp_path / "share"
    target.mkdir()
    sync = SyncServices(services, Settings(), destination=FolderDestination(target), rng=random.Random(2))
    services.on_export_stored = sync.queue_export
    make_exports(services, 3)
    if os.geteuid() == 0:
        sync._destination = FolderDestination(tmp_path / "not-mounted")  # root ignores modes: a missing share
        sync._destination.key = FolderDestination(target).key
    else:
        target.chmod(0o500)
    sync.run_once()
    status = sync.status()
    assert status.sent == 0 and status.last_error
    target.chmod(0o700)
    sync._destination = FolderDestination(target)
    later(clock, 7200)
    sync.run_once()
    files = sorted(p.name for p in target.iterdir())
    assert len(files) == 3 and not any(f.endswith(".part") for f in files)
    assert all((target / f).stat().st_mode & 0o777 == 0o600 for f in files)


def test_settings_decide_the_destination_and_the_secret_stays_in_the_database(services, tmp_path) -> None:
    settings = Settings(sync={"destination": "webdav", "url": "https://dav.example.no/ip", "username": "kari"})
    sync = services.sync(settings)
    sync.set_secret("token-123")
    destination = sync.destination()
    assert isinstance(destination, WebDavDestination) and destination.base == "https://dav.example.no/ip/"
    assert services.store.conn.execute("SELECT value FROM secrets").fetchone()[0] == "token-123"
    export_id = services.exports.export(services.create_case("Auto Kø").id, "json").id
    assert [i.export_id for i in outbox.items(services.store.conn)] == [export_id]  # queued by itself
