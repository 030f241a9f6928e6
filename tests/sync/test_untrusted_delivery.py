"""What the outbox and the config file hold is not trusted at delivery: a name planted in the outbox (by a
restored backup or an imported package) writes and removes nothing outside the sync folder or the WebDAV
collection; a destination or CA bundle changed in config.toml gets nothing, and no password, until the
user confirms it; temporary uploads left by a timeout are removed on a later pass."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from ipterm.config import Settings
from ipterm.domain.messages import from_stored
from ipterm.domain.sync import OutboxState, is_temp_name, temp_name
from ipterm.services import Services
from ipterm.store import outbox
from ipterm.sync.destinations import FolderDestination, WebDavDestination
from ipterm.sync.errors import SyncError

from .conftest import add_exports, confirmed_sync, webdav_settings, webdav_sync
from .davserver import PASSWORD, USER, DavServer

BAD_NAMES = ("../outside/evil.pdf", "escape/evil.pdf", "..", ".bashrc", "a/../../outside/evil2.pdf", "x\\..\\y.pdf")


def tree(root: Path) -> dict[str, bytes | str]:
    """Every entry under `root` (symlinks by their target, files by their bytes), to compare before/after."""
    out: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = path.read_bytes()
        else:
            out[rel] = "dir"
    return out


def plant(services: Services, item_id: int, *, remote_name: str | None = None, temp: str | None = None) -> None:
    """Change an outbox row the way a restored backup could have it."""
    with services.store.transaction():
        if remote_name is not None:
            services.store.conn.execute("UPDATE outbox SET remote_name = ? WHERE id = ?", (remote_name, item_id))
        if temp is not None:
            services.store.conn.execute("UPDATE outbox SET temp_name = ? WHERE id = ?", (temp, item_id))


def assert_refused(services: Services, key: str, ids: set[int]) -> None:
    for item in outbox.items(services.store.conn, key):
        if item.id in ids:
            assert item.state is OutboxState.FAILED, item
            reason = from_stored(item.last_error)
            assert "ikke et trygt filnavn" in reason.render("nb") and "nothing was sent or removed" in reason.render(
                "en"
            )


def test_planted_names_write_and_remove_nothing_outside_the_folder(services: Services, tmp_path: Path) -> None:
    outside, share = tmp_path / "outside", tmp_path / "share"
    outside.mkdir()
    share.mkdir()
    (outside / "victim.txt").write_text("the user's own file")
    (outside / "target.txt").write_text("keep")
    (share / "escape").symlink_to(outside, target_is_directory=True)  # a symlink out of the folder
    sync = confirmed_sync(services, Settings(sync={"destination": "folder", "folder": str(share)}))
    key = sync.destination().key
    absolute = str(outside / "abs.pdf")
    ids = add_exports(services, len(BAD_NAMES) + 4)  # the bad ones, stale temp names, a symlink, a plain one
    items = outbox.items(services.store.conn, key)
    bad = {}
    for item, name in zip(items, (*BAD_NAMES, absolute), strict=False):
        plant(services, item.id, remote_name=name)
        bad[item.id] = name
    stale_item = items[len(bad)]
    stale = ("../outside/victim.txt", str(outside / "victim.txt"), "escape/victim.txt",
             ".other.pdf.deadbeef.ipterm-upload")  # fmt: skip
    plant(services, stale_item.id, temp=" ".join(stale))
    (share / ".other.pdf.deadbeef.ipterm-upload").write_text("another item's upload")
    linked = items[len(bad) + 1]
    (share / linked.remote_name).symlink_to(outside / "target.txt")  # a symlink at a final name
    before = tree(outside)

    result = sync.run_once(force=True)

    assert tree(outside) == before  # nothing written, replaced or removed out there
    assert result.failed == len(bad) + 1 and result.sent == 2
    assert_refused(services, key, set(bad) | {stale_item.id})
    assert (share / ".other.pdf.deadbeef.ipterm-upload").read_text() == "another item's upload"
    assert not (share / linked.remote_name).is_symlink()  # the link itself was replaced by the file …
    assert (share / linked.remote_name).read_bytes() == outbox.payload(services.store.conn, linked.id)
    assert (outside / "target.txt").read_text() == "keep"  # … never the file it pointed to
    assert sorted(p.name for p in share.iterdir()) == sorted(
        [".other.pdf.deadbeef.ipterm-upload", "escape", linked.remote_name, items[len(bad) + 2].remote_name]
    )
    assert len(ids) == len(items)


@pytest.mark.slow
def test_planted_names_write_and_remove_nothing_outside_the_collection(services: Services, dav: DavServer) -> None:
    (dav.root / "other").mkdir()
    (dav.root / "other" / "victim.txt").write_text("someone else's file in the same account")
    (dav.root / "top.txt").write_text("at the top of the account")
    sync = webdav_sync(services, dav.url)
    key = sync.destination().key
    add_exports(services, 4)
    items = outbox.items(services.store.conn, key)
    names = ("../other/evil.pdf", "../top.txt", "%2e%2e%2fother%2fevil.pdf")
    for item, name in zip(items, names, strict=False):
        plant(services, item.id, remote_name=name)
    plant(services, items[3].id, temp="../other/victim.txt ../top.txt %2e%2e/top.txt")
    before = {k: v for k, v in tree(dav.root).items() if not k.startswith("ipterm")}

    result = sync.run_once(force=True)

    assert {k: v for k, v in tree(dav.root).items() if not k.startswith("ipterm")} == before
    assert all(path.startswith("/ipterm") for _, path, _ in dav.faults.requests), dav.faults.requests
    assert result.failed == 4 and result.sent == 0
    assert_refused(services, key, {i.id for i in items})
    assert dav.files() == {}


def test_destinations_refuse_a_name_that_is_not_one_segment(tmp_path: Path) -> None:
    folder = FolderDestination(tmp_path)
    folder.begin()
    for name in (*BAD_NAMES, str(tmp_path / "abs.pdf"), "", "ok.pdf\x00"):
        with pytest.raises(SyncError, match="ikke et trygt filnavn"):
            folder.deliver(name, b"x", "deadbeef")
    folder.close()
    assert list(tmp_path.iterdir()) == []
    dav = WebDavDestination("http://127.0.0.1:1/dav/ipterm", username="u", secret="s")
    assert dav.url_of("ip-1 plan#?.pdf") == "http://127.0.0.1:1/dav/ipterm/ip-1%20plan%23%3F.pdf"
    assert dav.url_of("../x") == "http://127.0.0.1:1/dav/ipterm/..%2Fx"
    for name in ("", ".", ".."):
        with pytest.raises(SyncError, match="ikke et trygt filnavn"):
            dav.url_of(name)
    with pytest.raises(SyncError, match="ikke et trygt filnavn"):
        dav.deliver("../x", b"x", "deadbeef")


# -- the destination and the secret are bound in the database -------------------------------------
def _credentials() -> str:
    import base64

    return "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def _pem(path: Path) -> Path:
    """A CA certificate of someone else's choosing."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Not the municipality")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True).sign(key, hashes.SHA256())
    )  # fmt: skip
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.mark.slow
def test_the_secret_is_not_sent_to_another_path_or_ca(services: Services, dav: DavServer, tmp_path: Path) -> None:
    sync = webdav_sync(services, dav.url)
    add_exports(services, 1)
    assert sync.run_once().sent == 1
    base = f"http://127.0.0.1:{dav.port}"
    changes = {
        "another path on the same server": webdav_settings(f"{base}/other"),
        "a CA bundle of someone else's choosing": webdav_settings(dav.url, ca_file=str(_pem(tmp_path / "ca.pem"))),
    }
    for what, settings in changes.items():
        dav.faults.requests.clear()
        moved = services.sync(settings)
        add_exports(services, 1, case_name=f"Ny {what}")
        assert moved.confirm_state() == "changed", what
        result = moved.run_once(force=True)
        assert "ikke bekreftet" in result.error and dav.faults.requests == [], what  # not even a connection
        assert moved.status().confirm_needed and "bekreft" in moved.status().label()
        moved.confirm(send_waiting=True)  # even once the user accepts it, the old password is not used there
        result = moved.run_once(force=True)
        assert "Passord eller token mangler" in result.error, what
        assert all(auth != _credentials() for _, _, auth in dav.faults.requests), what
        sync = webdav_sync(services, dav.url)  # back to the real one
    assert services.store.conn.execute("SELECT count(*) FROM secrets").fetchone()[0] == 1


def test_a_restored_binding_for_another_place_does_not_follow_the_config(services: Services, tmp_path: Path) -> None:
    """The binding is the database's: a config file naming the confirmed folder through another spelling
    of another folder is a change."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    confirmed_sync(services, Settings(sync={"destination": "folder", "folder": str(first)}))
    moved = services.sync(Settings(sync={"destination": "folder", "folder": str(second)}))
    add_exports(services, 2)
    assert moved.confirm_state() == "changed" and moved.run_once(force=True).sent == 0
    assert not list(second.iterdir()) and not list(first.iterdir())  # queued for nobody: not confirmed
    assert moved.waiting_count(frozenset({"json"})) == 2
    assert moved.confirm(kinds=frozenset({"pdf"}), send_waiting=True) == 0  # JSON not chosen: stays local
    assert moved.run_once(force=True).sent == 0 and not list(second.iterdir())


# -- leftovers of a timed-out upload -------------------------------------------------------------
def _age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


@pytest.mark.slow
def test_a_temporary_upload_left_by_a_timed_out_put_is_removed_on_a_later_pass(services, dav: DavServer) -> None:
    sync = webdav_sync(services, dav.url, timeout=0.5)
    (export_id,) = add_exports(services, 1, size=64 * 1024)
    dav.faults.delay = 2.0  # the server takes the whole body but answers only after the client gave up
    first = sync.run_once(force=True)
    assert first.failed == 1 and "i tide" in first.error
    dav.faults.delay = 0.0
    assert sync.run_once(force=True).sent == 1  # the retry goes through while the stalled PUT still runs …
    folder = dav.root / dav.folder
    for _ in range(100):
        leftovers = [p for p in folder.iterdir() if is_temp_name(p.name)]
        if leftovers:
            break
        time.sleep(0.05)
    assert len(leftovers) == 1 and leftovers[0].stat().st_size == 64 * 1024  # … and lands after it: full size
    (leftover,) = leftovers
    fresh = folder / temp_name("ip-9-plan-2026-11-22-abc.pdf", "cafebabe")
    fresh.write_bytes(b"another laptop is uploading this right now")
    (folder / ".not-ipterm").write_bytes(b"not ours")
    _age(leftover, 2)  # a later pass, hours on

    sync.run_once(force=True)

    names = {p.name for p in folder.iterdir()}
    assert leftover.name not in names
    assert fresh.name in names and ".not-ipterm" in names  # too fresh, or not ipterm's: left alone
    assert [n for n in names if not n.startswith(".")] == [outbox.items(services.store.conn)[0].remote_name]
    assert export_id


def test_leftover_temporary_files_in_the_folder_are_removed_later(services: Services, tmp_path: Path) -> None:
    share, outside = tmp_path / "share", tmp_path / "outside"
    share.mkdir()
    outside.mkdir()
    (outside / "victim.txt").write_text("keep")
    old = share / temp_name("ip-1-plan-2026-11-22-abcdef012345.pdf", "0badf00d")
    old.write_bytes(b"%PDF- a plan someone's crash left behind")
    fresh = share / temp_name("ip-2-plan-2026-11-22-abcdef012345.pdf", "0badf00e")
    fresh.write_bytes(b"being written now")
    link = share / temp_name("ip-3-plan-2026-11-22-abcdef012345.pdf", "0badf00f")
    link.symlink_to(outside / "victim.txt")
    _age(old, 2)
    os.utime(link, (time.time() - 7200,) * 2, follow_symlinks=False)
    sync = confirmed_sync(services, Settings(sync={"destination": "folder", "folder": str(share)}))
    (busy,) = outbox.items(services.store.conn, sync.destination().key) if add_exports(services, 1) else ()
    in_use = share / temp_name(busy.remote_name, "0badf010")
    in_use.write_bytes(b"a slow upload from the other laptop's ipterm, still going")
    _age(in_use, 2)
    with services.store.transaction():  # that item is being sent by a process on another machine
        assert outbox.claim(services.store.conn, busy.id, "other-laptop:4242", in_use.name, services.clock.now())

    sync.run_once(force=True)  # nothing to send: the pass still looks for leftovers

    assert not old.exists() and fresh.exists() and in_use.exists()
    assert (outside / "victim.txt").read_text() == "keep"  # a symlink is never followed (nor taken for ours)


def test_by_default_pdfs_and_calendars_go_and_the_national_id_stays(services: Services, tmp_path: Path) -> None:
    """The coordinator confirms the share without choosing kinds: plans and calendars go out by themselves,
    the JSON and FHIR bundles (with the fødselsnummer) stay in the database."""
    from datetime import timedelta

    from ipterm.domain.models import ConsentMethod

    from ..conftest import TODAY

    share = tmp_path / "share"
    share.mkdir()
    sync = services.sync(Settings(sync={"destination": "folder", "folder": str(share)}))
    sync.confirm()
    case = services.create_case("Standard Sigrid", coordinator="Kari", plan_start=TODAY,
                                plan_end=TODAY + timedelta(300))  # fmt: skip
    services.add_consent(case.id, given_on=TODAY, method=ConsentMethod.WRITTEN)
    for kind in ("plan", "json", "fhir", "ics"):
        services.exports.export(case.id, kind, allow_incomplete=True)
    assert sync.run_once(force=True).sent == 2
    assert sorted(p.name.rsplit(".", 1)[-1] for p in share.iterdir()) == ["ics", "pdf"]
    assert {i.kind for i in outbox.items(services.store.conn)} == {"plan", "ics"}
