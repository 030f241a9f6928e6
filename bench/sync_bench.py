"""Sync benchmark: deliver queued exports to a WebDAV server on loopback (wsgidav + cheroot), and in the
same run `rclone copy` of the same files to the same server, as a throughput ratio.

    uv run python bench/sync_bench.py [--files 200]

rclone comes from Debian (`apt-get install rclone`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import Figure, table

from ipterm.config import Settings
from ipterm.services import FixedClock, Services
from ipterm.services.sync_services import SyncServices
from ipterm.store import exports as export_log
from ipterm.store.database import Store
from ipterm.sync.destinations import WebDavDestination

USER, PASSWORD = "bench", "bench-passord"


def start_server(root: Path) -> tuple[object, int]:
    from cheroot import wsgi
    from wsgidav.wsgidav_app import WsgiDAVApp

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = {
        "host": "127.0.0.1", "port": port, "provider_mapping": {"/": str(root)}, "verbose": 0,
        "logging": {"enable": False},
        "http_authenticator": {"domain_controller": None, "accept_basic": True, "accept_digest": False,
                               "default_to_digest": False},
        "simple_dc": {"user_mapping": {"*": {USER: {"password": PASSWORD}}}},
    }  # fmt: skip
    server = wsgi.Server(("127.0.0.1", port), WsgiDAVApp(config), numthreads=8)
    server.prepare()
    threading.Thread(target=server.serve, daemon=True).start()
    return server, port


def figures(*, files: int = 200) -> list[Figure]:
    rclone = shutil.which("rclone")
    if rclone is None:
        raise SystemExit("rclone is not installed: apt-get install rclone")
    print(f"sync: {files} exports to a loopback WebDAV server, ipterm and rclone", flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "dav").mkdir()
        server, port = start_server(tmp / "dav")
        services = Services(Store.open(tmp / "ipterm.db", key=bytes(range(32)), create=True),
                            FixedClock(date(2026, 11, 22)))
        case = services.create_case("Synk Benchmark")
        for n in range(files):
            services.add_note(case.id, f"notat {n} " + "tekst " * 200)
            services.exports.export(case.id, "json")
        url = f"http://127.0.0.1:{port}/ipterm"
        sync = SyncServices(services, Settings(), destination=WebDavDestination(url, username=USER, secret=PASSWORD))
        for record in services.exports.history():
            sync.queue_export(record.id)
        size = sum(r.size for r in services.exports.history())
        t0 = time.perf_counter()
        while sync.status().sent < files:
            result = sync.run_once()
            if result.sent == 0 and result.failed:
                raise SystemExit(f"delivery failed: {sync.status().last_error}")
        ours = time.perf_counter() - t0
        delivered = len(list((tmp / "dav" / "ipterm").iterdir()))
        source = tmp / "source"
        source.mkdir()
        for record in services.exports.history():
            (source / record.filename.replace(".json", f"-{record.id}.json")).write_bytes(
                export_log.export_content(services.store.conn, record.id))
        services.store.close()
        obscured = subprocess.run([rclone, "obscure", PASSWORD], capture_output=True, text=True, check=True).stdout
        env = {**os.environ, "RCLONE_CONFIG_DAV_TYPE": "webdav", "RCLONE_CONFIG_DAV_URL": f"http://127.0.0.1:{port}",
               "RCLONE_CONFIG_DAV_VENDOR": "other", "RCLONE_CONFIG_DAV_USER": USER,
               "RCLONE_CONFIG_DAV_PASS": obscured.strip(), "RCLONE_CONFIG": str(tmp / "rclone.conf")}  # fmt: skip
        t0 = time.perf_counter()
        subprocess.run([rclone, "copy", str(source), "dav:rclone", "--transfers", "4"], env=env, check=True,
                       capture_output=True, timeout=600)
        theirs = time.perf_counter() - t0
        copied = len(list((tmp / "dav" / "rclone").iterdir()))
        server.stop()
    ratio = theirs / ours
    return [
        Figure(f"deliver {delivered} queued exports ({size / 1e6:.1f} MB)", f"{ours:.2f} s", ">= 0.8x rclone",
               f"rclone copy {theirs:.2f} s ({copied})", f"{ratio:.2f}x", ratio >= 0.8 and delivered == files),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args()
    print(table(figures(files=args.files), "ipterm sync benchmark"))


if __name__ == "__main__":
    main()
