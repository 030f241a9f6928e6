"""Exports go to a real WebDAV server on loopback: queued while it is down, delivered when it answers,
retried with a clear status when it fails, never duplicated and never half-written under a final name."""

from __future__ import annotations

import time

import pytest

from ipterm.config import ConfigError, load_settings
from ipterm.domain.sync import OutboxState, is_temp_name
from ipterm.services import Services
from ipterm.store import outbox
from ipterm.sync.errors import SyncError

from .conftest import MovingClock, add_exports, confirmed_sync, expected_files, webdav_settings, webdav_sync
from .davserver import DavServer, DropProxy

pytestmark = pytest.mark.slow


def assert_delivered_once(services: Services, dav: DavServer, key: str) -> None:
    """Every queued item is on the server once, complete, under its final name; nothing temporary is left."""
    expected = expected_files(services.store, key)
    assert dav.files() == expected  # no temporary or partial file either
    assert all(count == 1 for count in dav.faults.moves.values()), dav.faults.moves
    assert {i.state for i in outbox.items(services.store.conn, key)} == {OutboxState.SENT}


def test_queued_while_down_are_delivered_when_the_server_comes_up(services, clock: MovingClock, dav) -> None:
    dav.stop()
    sync = webdav_sync(services, dav.url)
    add_exports(services, 3)
    result = sync.run_once()
    assert result.offline and result.sent == 0
    status = sync.status()
    assert status.queued == 3 and status.offline and status.label() == "Synk: frakoblet – 3 i kø"
    assert "Ingen forbindelse" in str(sync.status().last_error)
    assert all(i.attempts == 0 for i in sync.items())  # being offline is not a failed attempt

    dav.start()  # no time passes: items waiting for a connection are due at once
    result = sync.run_once()
    assert result.sent == 3 and not result.stopped_early
    assert_delivered_once(services, dav, sync.destination().key)
    assert sync.status().label().render().startswith("Synk: alt sendt, sist")


def test_real_export_is_queued_by_itself_and_sent(services, dav) -> None:
    sync = webdav_sync(services, dav.url)
    case = services.create_case("Auto Kø")
    stored = services.exports.export(case.id, "json")
    assert [i.export_id for i in sync.items()] == [stored.id]
    assert sync.run_once().sent == 1
    assert list(dav.final_files().values()) == [stored.rendered.content]


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"status": 500}, "Serveren svarte 500: feil på serveren."),
        ({"status": 507}, "Serveren svarte 507: ikke plass på serveren."),
        ({"status": 503, "status_for_all": True}, "Serveren svarte 503: feil på serveren."),
        ({"delay": 1.6}, "Serveren svarte ikke i tide."),
        ({"delay": 1.6, "delay_methods": ("MOVE",)}, "Serveren svarte ikke i tide."),
    ],
    ids=["500-on-put", "507-full", "503-everything", "put-times-out", "move-times-out"],
)
def test_server_faults_are_retried_with_a_clear_status_and_nothing_partial(
    services, clock: MovingClock, dav: DavServer, fault: dict, message: str
) -> None:
    sync = webdav_sync(services, dav.url, timeout=0.8)
    for name, value in fault.items():
        setattr(dav.faults, name, value)
    add_exports(services, 3)
    result = sync.run_once()
    assert result.stopped_early and result.sent == 0 and result.error == message
    status = sync.status()
    assert status.sent == 0 and status.failed >= 1 and str(status.last_error) == message
    assert status.label() == f"Synk: 3 i kø – feilet: {message}"
    if "MOVE" not in fault.get("delay_methods", ()):
        assert not dav.final_files()  # nothing under a final name
    assert sync.run_once().sent == 0  # backing off: not retried at once

    dav.faults.status, dav.faults.delay = 0, 0.0
    time.sleep(fault.get("delay", 0.0))  # let the server finish what it was still doing
    clock.advance(10)  # past the first backoff (5 s ± 50 %)
    assert sync.run_once().sent == 3
    assert_delivered_once(services, dav, sync.destination().key)
    puts = len(dav.faults.puts)
    assert sync.run_once().sent == 0 and len(dav.faults.puts) == puts  # nothing left, nothing sent again


def test_connection_dropped_mid_upload_is_retried_and_leaves_no_partial_file(services, clock, dav) -> None:
    proxy = DropProxy(dav.port)
    try:
        sync = webdav_sync(services, proxy.url)
        add_exports(services, 4, size=400_000)
        proxy.drop_after = 100_000
        result = sync.run_once()
        assert proxy.dropped and result.sent == 0
        assert str(sync.status().last_error) == "Forbindelsen ble brutt under overføringen."
        assert not dav.final_files()
        proxy.drop_after = None
        clock.advance(10)
        assert sync.run_once().sent == 4
        assert_delivered_once(services, dav, sync.destination().key)
    finally:
        proxy.close()


def test_wrong_password_then_the_right_one(services, dav) -> None:
    sync = webdav_sync(services, dav.url, password="feil passord")
    add_exports(services, 2)
    result = sync.run_once()
    assert result.error == "Feil brukernavn eller passord." and not dav.faults.puts
    assert sync.status().label() == "Synk: 2 i kø – feilet: Feil brukernavn eller passord."
    assert sync.status().label().render("en") == "Sync: 2 queued – failed: Wrong user name or password."
    sync.set_secret("hemmelig-passord")  # a new secret makes everything due again
    assert sync.run_once().sent == 2
    assert_delivered_once(services, dav, sync.destination().key)


def test_a_retry_after_a_lost_record_does_not_duplicate(services, dav) -> None:
    sync = webdav_sync(services, dav.url)
    add_exports(services, 5)
    assert sync.run_once().sent == 5
    # As if the process died after the uploads but before it could record them.
    with services.store.transaction():
        services.store.conn.execute("UPDATE outbox SET state = 'queued', sent_at = NULL")
    puts = len(dav.faults.puts)
    assert sync.run_once().sent == 5
    assert len(dav.faults.puts) == puts  # found on the server, not uploaded again
    assert_delivered_once(services, dav, sync.destination().key)


def test_many_exports_go_in_parallel_and_in_few_transactions(services, dav) -> None:
    sync = webdav_sync(services, dav.url)
    add_exports(services, 60, size=2000)
    assert sync.run_once().sent == 60
    assert_delivered_once(services, dav, sync.destination().key)
    assert not [n for n in dav.files() if is_temp_name(n)]


def test_the_secret_belongs_to_the_server_it_was_given_for(services, dav, tmp_path) -> None:
    webdav_sync(services, dav.url)
    other = DavServer(tmp_path / "other", dav.port + 1 if dav.port < 65000 else dav.port - 1)
    (tmp_path / "other").mkdir()
    moved = confirmed_sync(services, webdav_settings(other.url))  # the config file now points somewhere else
    add_exports(services, 1)
    result = moved.run_once()
    assert "Passord eller token mangler" in result.error and not other.faults.puts
    assert services.store.conn.execute("SELECT count(*) FROM secrets").fetchone()[0] == 1


def test_plain_http_to_another_host_is_refused(services, tmp_path) -> None:
    with pytest.raises(SyncError, match="ikke kryptert"):
        services.sync(webdav_settings("http://dav.kommune.no/ip")).destination()
    config = tmp_path / "c.toml"
    config.write_text('[sync]\ndestination = "webdav"\nurl = "http://dav.kommune.no/ip"\nusername = "k"\n')
    with pytest.raises(ConfigError, match="https"):
        load_settings(config)
    config.write_text('[sync]\ndestination = "webdav"\nurl = "https://dav.kommune.no/ip"\nusername = "k"\nx = 1\n')
    with pytest.raises(ConfigError, match="ukjent nøkkel x"):
        load_settings(config)


def test_token_auth_sends_a_bearer_token(services, dav: DavServer) -> None:
    dav.faults.bearer = "kommune-token-123"
    sync = confirmed_sync(services, webdav_settings(dav.url, auth="token", username=""))
    sync.set_secret("feil-token")
    add_exports(services, 1)
    assert sync.run_once().error == "Feil brukernavn eller passord."
    sync.set_secret("kommune-token-123")
    assert sync.run_once().sent == 1
    assert_delivered_once(services, dav, sync.destination().key)
