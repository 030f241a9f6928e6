"""Sync benchmark: deliver queued exports to a WebDAV server on loopback (wsgidav + cheroot), and in the
same run `rclone copy` of the same files to the same server, as a throughput ratio.

    uv run python bench/sync_bench.py [--files 200]

The server runs in its own process (tests/sync/davserver.py), so neither client shares an interpreter
with it. rclone comes from Debian: the benchmark installs it with apt-get when run as root, and otherwise
says how. rclone is run with its default four transfers and again with eight (ipterm's default), so the
ratio is not just a matter of parallelism.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers import ensure_debian_tool
from report import Figure, table

from ipterm.config import Settings
from ipterm.services import FixedClock, Services
from ipterm.store import exports as export_log
from ipterm.store.database import Store

HERE = Path(__file__).resolve().parent
DAVSERVER = HERE.parent / "tests" / "sync" / "davserver.py"
USER, PASSWORD = "koordinator", "hemmelig-passord"  # as in tests/sync/davserver.py


def ensure_rclone() -> str:
    return ensure_debian_tool("rclone", "rclone")


def start_server(root: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, str(DAVSERVER), "--root", str(root), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("the loopback WebDAV server did not start")


def make_exports(services: Services, files: int) -> None:
    case = services.create_case("Synk Benchmark")
    for n in range(files):
        services.add_note(case.id, f"notat {n} " + "tekst " * 200)
        services.exports.export(case.id, "json")


def rclone_copy(rclone: str, source: Path, port: int, target: str, transfers: int, config_dir: Path) -> float:
    obscured = subprocess.run([rclone, "obscure", PASSWORD], capture_output=True, text=True, check=True).stdout
    env = {**os.environ, "RCLONE_CONFIG_DAV_TYPE": "webdav", "RCLONE_CONFIG_DAV_URL": f"http://127.0.0.1:{port}",
           "RCLONE_CONFIG_DAV_VENDOR": "other", "RCLONE_CONFIG_DAV_USER": USER,
           "RCLONE_CONFIG_DAV_PASS": obscured.strip(), "RCLONE_CONFIG": str(config_dir / "rclone.conf")}  # fmt: skip
    t0 = time.perf_counter()
    subprocess.run([rclone, "copy", str(source), f"dav:{target}", "--transfers", str(transfers)], env=env,
                   check=True, capture_output=True, timeout=900)  # fmt: skip
    return time.perf_counter() - t0


def figures(*, files: int = 200) -> list[Figure]:
    rclone = ensure_rclone()
    print(f"sync: {files} exports to a loopback WebDAV server, ipterm and rclone copy", flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "dav").mkdir()
        server, port = start_server(tmp / "dav")
        try:
            services = Services(Store.open(tmp / "ipterm.db", key=bytes(range(32)), create=True),
                                FixedClock(date(2026, 11, 22)))  # fmt: skip
            make_exports(services, files)
            sync = services.sync(Settings(sync={"destination": "webdav", "url": f"http://127.0.0.1:{port}/ipterm",
                                                "username": USER}))  # fmt: skip
            sync.set_secret(PASSWORD)
            # The user confirms the destination, with JSON chosen and the exports made before sent too.
            queued = sync.confirm(kinds=frozenset({"pdf", "ics", "json"}), send_waiting=True) + sync.queue_pending()
            size = sum(i.size for i in sync.items(limit=files))
            t0 = time.perf_counter()
            result = sync.run_once()
            ours = time.perf_counter() - t0
            if result.sent != files or queued != files:
                raise SystemExit(f"delivery incomplete: {result}")
            source = tmp / "source"  # the same bytes under the same names, as plain files for rclone
            source.mkdir()
            for item in sync.items(limit=files):
                (source / item.remote_name).write_bytes(export_log.export_content(services.store.conn, item.export_id))
            services.store.close()
            theirs4 = rclone_copy(rclone, source, port, "rclone4", 4, tmp)
            theirs8 = rclone_copy(rclone, source, port, "rclone8", 8, tmp)
            copied = {n: len(list((tmp / "dav" / n).iterdir())) for n in ("ipterm", "rclone4", "rclone8")}
        finally:
            server.kill()
            server.wait()
    ratio4, ratio8 = theirs4 / ours, theirs8 / ours
    ok = copied["ipterm"] == copied["rclone4"] == copied["rclone8"] == files
    return [
        Figure(f"deliver {files} queued exports ({size / 1e6:.1f} MB)", f"{ours:.2f} s", ">= 0.8x rclone",
               f"rclone copy {theirs4:.2f} s", f"{ratio4:.2f}x", ok and ratio4 >= 0.8),
        Figure("  same, rclone with --transfers 8", f"{files / ours:.0f} files/s", "",
               f"rclone copy {theirs8:.2f} s", f"{ratio8:.2f}x"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args()
    print(table(figures(files=args.files), "ipterm sync benchmark (ratio = rclone time / ipterm time)"))


if __name__ == "__main__":
    main()
