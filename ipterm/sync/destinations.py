"""Where exports go: a folder (a mounted share or synced folder) or a WebDAV server.

Both write to a temporary name first and rename/MOVE into place, so nobody ever sees a half file under
its final name; a file already there with the same size counts as sent (names carry the content hash, so
the same name means the same content, and a retry is harmless).

A pass starts with `begin()`, which checks that the destination answers and lists what is already there
(one PROPFIND or one directory scan instead of a HEAD per file). `deliver()` may then be called from several
threads at once.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote, urlsplit

from ipterm.domain.sync import is_temp_name, temp_name
from ipterm.sync import errors
from ipterm.sync.errors import SyncError

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

__all__ = ["Destination", "FolderDestination", "SyncError", "WebDavDestination"]

_MAX_LISTING_BYTES = 32 * 1024 * 1024
_PROPFIND_BODY = (
    b'<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop>'
    b"<d:getcontentlength/><d:resourcetype/></d:prop></d:propfind>"
)


class Destination(Protocol):
    key: str
    """Identifies the place (no secret in it); stored on every outbox row."""
    parallel: int
    """How many deliveries may run at once."""

    def begin(self) -> None:
        """Check that the destination answers and learn what is there. Raises SyncError."""

    def deliver(self, name: str, content: bytes, token: str, stale: Sequence[str] = ()) -> bool:
        """Put `content` under `name` (through a temporary name made from `token`); False when it was there
        already. `stale` are temporary names of earlier attempts, removed first. Raises SyncError."""

    def close(self) -> None: ...


class FolderDestination:
    """A folder on a mounted share or in a synced cloud folder. The folder itself must exist: an unmounted
    share is an empty mount point, and writing there would put the files on the laptop instead."""

    def __init__(self, folder: Path, *, parallel: int = 4) -> None:
        self.folder = Path(folder)
        self.key = f"folder:{self.folder}"
        self.parallel = parallel
        self._existing: dict[str, int] | None = None

    def begin(self) -> None:
        if not self.folder.is_dir():
            raise errors.folder_missing(self.folder)
        try:
            with os.scandir(self.folder) as entries:
                self._existing = {e.name: e.stat().st_size for e in entries if e.is_file() and not is_temp_name(e.name)}
        except OSError as exc:
            raise errors.from_os_error(exc) from None

    def send(self, remote_name: str, content: bytes) -> None:
        """Deliver one file outside a pass (kept for simple callers)."""
        self.begin()
        self.deliver(remote_name, content, os.urandom(4).hex())

    def deliver(self, name: str, content: bytes, token: str, stale: Sequence[str] = ()) -> bool:
        target = self.folder / name
        for old in stale:
            try:
                (self.folder / old).unlink(missing_ok=True)
            except OSError:
                log.info("temporary file of an earlier attempt not removed")
        known = self._existing.get(name) if self._existing is not None else None
        if known == len(content) or (known is None and _size(target) == len(content)):
            return False
        tmp = self.folder / temp_name(name, token)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
            _fsync_dir(self.folder)
        except OSError as exc:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                log.info("temporary file not removed")
            if not self.folder.is_dir():
                raise errors.folder_missing(self.folder) from None
            raise errors.from_os_error(exc) from None
        return True

    def close(self) -> None:
        self._existing = None


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the directory entry is on disk; some network filesystems refuse this.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebDavDestination:
    """WebDAV/WebDAVS with basic auth or a bearer token (Nextcloud, SharePoint, municipal servers).

    Plain http is refused except on loopback: the files are personal data.
    """

    def __init__(
        self,
        url: str,
        *,
        username: str = "",
        secret: str = "",
        auth: str = "basic",
        timeout: float = 20.0,
        parallel: int = 8,
        verify: bool | str = True,
    ) -> None:
        self.base = url.rstrip("/") + "/"
        self.key = f"webdav:{self.base}"
        self.parallel = parallel
        parts = urlsplit(self.base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise errors.insecure_url(url)
        if parts.scheme == "http" and not _is_loopback(parts.hostname):
            raise errors.insecure_url(url)
        self._base_path = unquote(parts.path)
        self._username, self._secret, self._auth = username, secret, auth
        self._timeout, self._verify = timeout, verify
        self._client: httpx.Client | None = None
        self._existing: dict[str, int] | None = None

    # -- the connection --------------------------------------------------------------------------
    def _http(self) -> httpx.Client:
        if self._client is None:
            import httpx  # off the start-up path

            if not self._secret:
                raise errors.missing_secret()
            headers = {"Authorization": f"Bearer {self._secret}"} if self._auth == "token" else {}
            self._client = httpx.Client(
                auth=(self._username, self._secret) if self._auth == "basic" else None,
                headers=headers,
                timeout=httpx.Timeout(self._timeout, connect=min(self._timeout, 5.0)),
                limits=httpx.Limits(max_connections=self.parallel, max_keepalive_connections=self.parallel),
                follow_redirects=False,  # never carry the password to another address
                verify=self._verify,
            )
        return self._client

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        import httpx

        try:
            return self._http().request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise errors.timed_out() from None
        except httpx.ConnectError as exc:
            if "certificate" in str(exc).lower() or "ssl" in str(exc).lower():
                raise errors.tls_failed() from None
            raise errors.no_connection() from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, httpx.CloseError):
            raise errors.dropped() from None
        except httpx.HTTPError as exc:
            log.info("webdav %s failed: %s", method, type(exc).__name__)
            raise errors.no_connection() from None

    @staticmethod
    def _check(response: httpx.Response, allowed: tuple[int, ...]) -> None:
        if response.status_code not in allowed:
            raise errors.from_status(response.status_code)

    # -- a pass ----------------------------------------------------------------------------------
    def begin(self) -> None:
        response = self._request("PROPFIND", self.base, headers={"Depth": "1"}, content=_PROPFIND_BODY)
        if response.status_code == 404:
            self._check(self._request("MKCOL", self.base), (201,))
            self._existing = {}
            return
        self._check(response, (207,))
        self._existing = _listing(response.content, self._base_path)

    def send(self, remote_name: str, content: bytes) -> None:
        """Deliver one file outside a pass (kept for simple callers)."""
        self.begin()
        self.deliver(remote_name, content, os.urandom(4).hex())

    def deliver(self, name: str, content: bytes, token: str, stale: Sequence[str] = ()) -> bool:
        final = self.base + name
        for old in stale:
            self._delete_quietly(self.base + old)
        if self._existing is not None:
            if self._existing.get(name) == len(content):
                return False
        else:
            head = self._request("HEAD", final)
            if head.status_code == 200 and head.headers.get("content-length") == str(len(content)):
                return False
        temp = self.base + temp_name(name, token)
        self._check(self._request("PUT", temp, content=content), (200, 201, 204))
        try:
            move = self._request("MOVE", temp, headers={"Destination": final, "Overwrite": "T"})
            self._check(move, (201, 204))
        except SyncError:
            self._delete_quietly(temp)
            raise
        return True

    def _delete_quietly(self, url: str) -> None:
        try:
            self._http().request("DELETE", url)
        except Exception:  # cleaning up a temporary file is best effort; the next pass tries again
            log.info("temporary upload not removed")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        self._existing = None


def _listing(body: bytes, base_path: str) -> dict[str, int] | None:
    """File name -> size for the files directly in the collection; None when the answer cannot be read
    (then each file is checked with HEAD instead)."""
    import xml.etree.ElementTree as ET

    # The server is the coordinator's own, but its XML is still parsed without entity expansion.
    if len(body) > _MAX_LISTING_BYTES or b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        return None
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    found: dict[str, int] = {}
    base = base_path.rstrip("/")
    for response in root.iter("{DAV:}response"):
        href = response.findtext("{DAV:}href") or ""
        path = unquote(urlsplit(href).path).rstrip("/")
        if path == base or response.find(".//{DAV:}collection") is not None:
            continue
        parent, _, name = path.rpartition("/")
        if parent != base and base:
            continue
        length = response.findtext(".//{DAV:}getcontentlength")
        if length and length.isdigit():
            found[name] = int(length)
    return found
