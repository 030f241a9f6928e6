"""Where exports go: a folder (a mounted share or synced folder) or a WebDAV server.

Both write to a temporary name first and rename/MOVE into place, so nobody ever sees a half file under
its final name; a file already there with the same size counts as sent (retries are harmless).
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path
from typing import Any, Protocol

from ipterm.domain.errors import IptermError

log = logging.getLogger(__name__)


class SyncError(IptermError):
    """One upload failed; the item stays queued and is retried later. `offline`: the server is not reachable,
    so the rest of the queue waits too."""

    def __init__(self, nb: str, en: str | None = None, *, offline: bool = False) -> None:
        super().__init__(nb, en)
        self.offline = offline


class Destination(Protocol):
    key: str

    def send(self, remote_name: str, content: bytes) -> None: ...

    def close(self) -> None: ...


class FolderDestination:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.key = f"folder:{self.folder}"

    def send(self, remote_name: str, content: bytes) -> None:
        target = self.folder / remote_name
        tmp = self.folder / f".{remote_name}.{uuid.uuid4().hex[:8]}.part"
        try:
            if not self.folder.is_dir():
                raise SyncError(
                    f"Mappen {self.folder} finnes ikke (er disken koblet til?).",
                    f"The folder {self.folder} does not exist (is the drive connected?).",
                )
            if target.exists() and target.stat().st_size == len(content):
                return
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if exc.errno in (13, 30, 1):
                raise SyncError("Mappen er skrivebeskyttet.", "The folder is read-only.") from None
            if exc.errno in (28, 122):
                raise SyncError("Ikke plass i mappen.", "No space in the folder.") from None
            raise SyncError(
                f"Kunne ikke skrive til mappen ({exc.strerror}).", f"Could not write to the folder ({exc.strerror})."
            ) from None

    def close(self) -> None:
        return None


class WebDavDestination:
    """WebDAV/WebDAVS with basic auth or a bearer token (Nextcloud, SharePoint, municipal servers)."""

    def __init__(
        self, url: str, *, username: str = "", secret: str = "", auth: str = "basic", timeout: float = 20.0
    ) -> None:
        import httpx

        self.base = url.rstrip("/") + "/"
        self.key = f"webdav:{self.base}"
        headers = {"Authorization": f"Bearer {secret}"} if auth == "token" and secret else {}
        self._client = httpx.Client(
            auth=(username, secret) if auth == "basic" and username else None, headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)), follow_redirects=False,
        )  # fmt: skip
        self._collection_ready = False

    def _request(self, method: str, url: str, **kwargs: Any) -> Any:
        import httpx

        try:
            return self._client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise SyncError(
                "Serveren svarte ikke i tide.", "The server did not answer in time.", offline=True
            ) from None
        except (httpx.ConnectError, httpx.NetworkError, httpx.RemoteProtocolError):
            raise SyncError("Ingen forbindelse til serveren.", "No connection to the server.", offline=True) from None
        except httpx.HTTPError as exc:
            raise SyncError("Feil i forbindelsen med serveren.", "Error talking to the server.") from exc

    @staticmethod
    def _check(response: Any, allowed: tuple[int, ...]) -> None:
        code = response.status_code
        if code in allowed:
            return
        if code in (401, 403):
            raise SyncError(
                "Feil brukernavn, passord eller token for serveren.",
                "Wrong user name, password or token for the server.",
            )
        if code == 507:
            raise SyncError("Serveren svarte 507: ikke plass på serveren.", "The server answered 507: no space.")
        raise SyncError(f"Serveren svarte {code}.", f"The server answered {code}.")

    def send(self, remote_name: str, content: bytes) -> None:
        final = self.base + remote_name
        if not self._collection_ready:
            response = self._request("MKCOL", self.base)
            self._check(response, (201, 405, 301))  # 405: the folder exists already
            self._collection_ready = True
        head = self._request("HEAD", final)
        if head.status_code == 200 and int(head.headers.get("content-length", -1)) == len(content):
            return
        temp = self.base + f".{remote_name}.{uuid.uuid4().hex[:8]}.part"
        put = self._request("PUT", temp, content=content)
        try:
            self._check(put, (200, 201, 204))
            move = self._request("MOVE", temp, headers={"Destination": final, "Overwrite": "T"})
            self._check(move, (201, 204))
        except SyncError:
            try:
                self._client.request("DELETE", temp)
            except Exception:  # cleaning up a temporary file is best effort
                log.info("temporary upload not removed")
            raise

    def close(self) -> None:
        self._client.close()
