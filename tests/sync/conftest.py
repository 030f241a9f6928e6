"""A real WebDAV server (wsgidav + cheroot) on loopback, with switchable faults."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

USER, PASSWORD = "koordinator", "hemmelig-passord"


@dataclass
class Faults:
    mode: str = ""  # "", "500", "507", "401", "slow"
    delay: float = 3.0
    puts: list[str] = field(default_factory=list)


class FaultMiddleware:
    def __init__(self, app, faults: Faults) -> None:
        self.app, self.faults = app, faults

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if method == "PUT":
            self.faults.puts.append(environ["PATH_INFO"])
        mode = self.faults.mode
        if mode in ("500", "507") and method in ("PUT", "MOVE"):
            start_response(f"{mode} Fault", [("Content-Length", "0")])
            return [b""]
        if mode == "401":
            start_response("401 Unauthorized", [("Content-Length", "0"), ("WWW-Authenticate", 'Basic realm="x"')])
            return [b""]
        if mode == "slow" and method == "PUT":
            time.sleep(self.faults.delay)
        return self.app(environ, start_response)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class DavServer:
    root: Path
    port: int
    faults: Faults
    server: object | None = None
    thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ipterm"

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
        self.server = wsgi.Server(("127.0.0.1", self.port), app, numthreads=4, timeout=5)
        self.server.prepare()
        self.thread = threading.Thread(target=self.server.serve, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def files(self) -> dict[str, bytes]:
        folder = self.root / "ipterm"
        if not folder.exists():
            return {}
        return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def dav(tmp_path: Path) -> Iterator[DavServer]:
    root = tmp_path / "dav"
    root.mkdir()
    server = DavServer(root, free_port(), Faults())
    server.start()
    yield server
    server.stop()
