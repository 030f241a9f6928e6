"""A real WebDAV server (wsgidav + cheroot) on loopback with switchable faults, for tests and the benchmark.

    python tests/sync/davserver.py --root /tmp/dav --port 8765     # serve until Ctrl+C (tmux checks)

Faults are set on `Faults` while the server runs: an HTTP status for PUT/MOVE, a delay before answering,
a slow reader for request bodies; `DropProxy` sits in front and cuts connections in the middle of a PUT.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

USER, PASSWORD = "koordinator", "hemmelig-passord"


@dataclass
class Faults:
    status: int = 0
    """Answer PUT and MOVE with this status instead of doing them (500, 507, 401 …)."""
    status_for_all: bool = False
    """Answer every request with `status` (the server is broken, or rejects the login)."""
    delay: float = 0.0
    """Sleep this long before handling a request whose method is in `delay_methods`."""
    delay_methods: tuple[str, ...] = ("PUT",)
    slow_body: float = 0.0
    """Seconds to sleep per 16 KiB read of a PUT body (an upload that takes a while)."""
    bearer: str = ""
    """Accept `Authorization: Bearer <bearer>` as the test user (wsgidav itself knows only basic auth)."""
    puts: list[str] = field(default_factory=list)
    requests: list[tuple[str, str, str]] = field(default_factory=list)
    """(method, path, Authorization header) of every request, to see where credentials went."""
    moves: Counter[str] = field(default_factory=Counter)
    put_started: threading.Event = field(default_factory=threading.Event)


class _SlowInput:
    def __init__(self, stream: Any, pause: float) -> None:
        self._stream, self._pause = stream, pause

    def read(self, size: int = -1) -> bytes:
        time.sleep(self._pause)
        return self._stream.read(16384 if size is None or size < 0 else min(size, 16384))

    def readline(self, *args: Any) -> bytes:
        return self._stream.readline(*args)


class FaultMiddleware:
    def __init__(self, app: Any, faults: Faults) -> None:
        self.app, self.faults = app, faults

    def __call__(self, environ: dict, start_response: Any) -> Any:
        faults = self.faults
        method = environ["REQUEST_METHOD"]
        faults.requests.append((method, environ["PATH_INFO"], environ.get("HTTP_AUTHORIZATION", "")))
        if faults.bearer and environ.get("HTTP_AUTHORIZATION") == f"Bearer {faults.bearer}":
            environ["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if method == "PUT":
            faults.puts.append(environ["PATH_INFO"])
            faults.put_started.set()
        if faults.delay and method in faults.delay_methods:
            time.sleep(faults.delay)
        if faults.status and (faults.status_for_all or method in ("PUT", "MOVE")):
            headers = [("Content-Length", "0")]
            if faults.status == 401:
                headers.append(("WWW-Authenticate", 'Basic realm="ipterm"'))
            start_response(f"{faults.status} Fault", headers)
            return [b""]
        if method == "PUT" and faults.slow_body:
            environ["wsgi.input"] = _SlowInput(environ["wsgi.input"], faults.slow_body)

        def recording_start(status: str, headers: list, *args: Any) -> Any:
            if method == "MOVE" and status[:3] in ("201", "204"):
                faults.moves[environ.get("HTTP_DESTINATION", "").rsplit("/", 1)[-1]] += 1
            return start_response(status, headers, *args)

        return self.app(environ, recording_start)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class DavServer:
    root: Path
    port: int
    faults: Faults = field(default_factory=Faults)
    folder: str = "ipterm"
    server: Any = None
    thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{self.folder}"

    def start(self) -> None:
        from cheroot import wsgi
        from wsgidav.wsgidav_app import WsgiDAVApp

        config = {
            "host": "127.0.0.1", "port": self.port, "provider_mapping": {"/": str(self.root)},
            "http_authenticator": {"domain_controller": None, "accept_basic": True, "accept_digest": False,
                                   "default_to_digest": False},
            "simple_dc": {"user_mapping": {"*": {USER: {"password": PASSWORD}}}},
            "verbose": 0, "logging": {"enable": False}, "property_manager": True, "lock_storage": True,
        }  # fmt: skip
        app = FaultMiddleware(WsgiDAVApp(config), self.faults)
        self.server = wsgi.Server(("127.0.0.1", self.port), app, numthreads=16, timeout=10)
        self.server.prepare()
        self.thread = threading.Thread(target=self.server.serve, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def files(self) -> dict[str, bytes]:
        """Every file in the synced folder, temporary ones (dot files) included."""
        folder = self.root / self.folder
        if not folder.exists():
            return {}
        return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}

    def final_files(self) -> dict[str, bytes]:
        return {name: data for name, data in self.files().items() if not name.startswith(".")}


class DropProxy:
    """A TCP proxy in front of the server. With `drop_after` set, a connection that carries a PUT is cut
    after that many bytes of it: the network going away in the middle of an upload."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.drop_after: int | None = None
        self.dropped = 0
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._running = True
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ipterm"

    def _accept(self) -> None:
        while self._running:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        seen_put, carried = False, 0
        try:
            while chunk := source.recv(65536):
                if from_client and self.drop_after is not None:
                    seen_put = seen_put or b"PUT " in chunk
                    carried += len(chunk) if seen_put else 0
                    if seen_put and carried > self.drop_after:
                        self.dropped += 1
                        sink.sendall(chunk[: len(chunk) // 2])
                        raise ConnectionAbortedError
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def close(self) -> None:
        self._running = False
        self._listener.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    server = DavServer(args.root, args.port)
    server.start()
    print(f"WebDAV on {server.url} (user {USER}, password {PASSWORD}); Ctrl+C stops", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
