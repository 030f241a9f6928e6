"""Where exports go: a folder (a mounted share or synced folder) or a WebDAV server.

Both write to a temporary name first and rename/MOVE into place, so nobody ever sees a half file under
its final name; a file already there with the same size counts as sent (names carry the content hash, so
the same name means the same content, and a retry is harmless).

A pass starts with `begin()`, which checks that the destination answers and lists what is already there
(one PROPFIND or one directory scan instead of a HEAD per file). `deliver()` may then be called from several
threads at once.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, unquote, urlsplit

from ipterm.domain.sync import is_own_temp_name, is_safe_name, is_temp_name, temp_name
from ipterm.sync import errors
from ipterm.sync.errors import SyncError

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

__all__ = ["Destination", "FolderDestination", "SyncError", "WebDavDestination"]

_MAX_LISTING_BYTES = 32 * 1024 * 1024
_PROPFIND_BODY = (
    b'<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop>'
    b"<d:getcontentlength/><d:getlastmodified/><d:resourcetype/></d:prop></d:propfind>"
)


ORPHAN_AGE_SECONDS = 3600.0
"""A temporary upload untouched this long is a leftover: uploads time out after a minute or so."""


class Destination(Protocol):
    key: str
    """Identifies the place (no secret in it); stored on every outbox row."""
    parallel: int
    """How many deliveries may run at once."""

    def begin(self) -> None:
        """Check that the destination answers and learn what is there. Raises SyncError."""

    def deliver(self, name: str, content: bytes, token: str, stale: Sequence[str] = ()) -> bool:
        """Put `content` under `name` (through a temporary name made from `token`); False when it was there
        already. `stale` are temporary names of earlier attempts, removed first (only those that are this
        name's own temporary names). Raises SyncError, also for a name that is not one safe segment."""

    def remove_orphans(self, owned: set[str], older_than: float = ORPHAN_AGE_SECONDS) -> int:
        """Remove ipterm's temporary uploads seen by `begin()` that no item in `owned` is using and that are
        older than `older_than` seconds (another laptop on a shared folder may be uploading right now).
        Best effort; returns how many were removed."""

    def close(self) -> None: ...


def check_name(name: str) -> None:
    """The final name must be one plain segment; anything else in the outbox did not come from ipterm."""
    if not is_safe_name(name):
        raise errors.bad_name()


def _own_stale(name: str, stale: Sequence[str]) -> list[str]:
    own = [old for old in stale if is_own_temp_name(old, name)]
    if len(own) != len(stale):
        log.warning("outbox: %s temporary name(s) not of this item skipped", len(stale) - len(own))
    return own


class FolderDestination:
    """A folder on a mounted share or in a synced cloud folder. The folder itself must exist: an unmounted
    share is an empty mount point, and writing there would put the files on the laptop instead.

    Every file operation goes through a descriptor of the folder opened at `begin()` (`dir_fd`), with
    names that are one checked segment and `O_NOFOLLOW`: nothing is written, replaced or removed outside
    the folder, not even through a symlink planted inside it.
    """

    def __init__(self, folder: Path, *, parallel: int = 4) -> None:
        self.folder = Path(folder)
        self.key = f"folder:{self.folder}"
        self.parallel = parallel
        self._existing: dict[str, int] | None = None
        self._temps: dict[str, float] = {}
        self._dir: int | None = None
        self._opened = False

    def _at(self, name: str) -> str:
        return name if _DIR_FD else str(self.folder / name)

    def begin(self) -> None:
        self.close()
        if not self.folder.is_dir():
            raise errors.folder_missing(self.folder)
        try:
            if _DIR_FD:
                self._dir = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            self._opened = True
            existing, temps = {}, {}
            with os.scandir(self._dir if _DIR_FD and os.scandir in os.supports_fd else self.folder) as entries:
                for entry in entries:
                    info = entry.stat(follow_symlinks=False)
                    if not stat.S_ISREG(info.st_mode):
                        continue
                    if is_temp_name(entry.name):
                        temps[entry.name] = info.st_mtime
                    else:
                        existing[entry.name] = info.st_size
            self._existing, self._temps = existing, temps
        except OSError as exc:
            self.close()
            raise errors.from_os_error(exc) from None

    def send(self, remote_name: str, content: bytes) -> None:
        """Deliver one file outside a pass (kept for simple callers)."""
        self.begin()
        try:
            self.deliver(remote_name, content, os.urandom(4).hex())
        finally:
            self.close()

    def deliver(self, name: str, content: bytes, token: str, stale: Sequence[str] = ()) -> bool:
        check_name(name)
        tmp = temp_name(name, token)
        if not is_own_temp_name(tmp, name):
            raise errors.bad_name()
        if not self._opened:
            self.begin()
        d, at = self._dir, self._at
        for old in _own_stale(name, stale):
            try:
                os.unlink(at(old), dir_fd=d)
            except FileNotFoundError:
                pass
            except OSError:
                log.info("temporary file of an earlier attempt not removed")
        known = self._existing.get(name) if self._existing is not None else None
        if known == len(content) or (known is None and _size(at(name), d) == len(content)):
            return False
        try:
            fd = os.open(at(tmp), os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600, dir_fd=d)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            # rename() replaces a symlink at `name` itself, never the file it points to.
            os.replace(at(tmp), at(name), src_dir_fd=d, dst_dir_fd=d)
            _fsync_fd(d)
        except OSError as exc:
            try:
                os.unlink(at(tmp), dir_fd=d)
            except OSError:
                log.info("temporary file not removed")
            if not self.folder.is_dir():
                raise errors.folder_missing(self.folder) from None
            raise errors.from_os_error(exc) from None
        return True

    def remove_orphans(self, owned: set[str], older_than: float = ORPHAN_AGE_SECONDS) -> int:
        if not self._opened:
            return 0
        limit, removed = time.time() - older_than, 0
        for name, mtime in list(self._temps.items()):
            if name in owned or mtime > limit or not is_own_temp_name(name):
                continue
            try:
                os.unlink(self._at(name), dir_fd=self._dir)
                removed += 1
            except FileNotFoundError:
                pass
            except OSError:
                log.info("leftover temporary file not removed")
            self._temps.pop(name, None)
        return removed

    def close(self) -> None:
        self._existing = None
        self._temps = {}
        self._opened = False
        if self._dir is not None:
            with contextlib.suppress(OSError):
                os.close(self._dir)
            self._dir = None


_DIR_FD = os.open in os.supports_dir_fd and os.unlink in os.supports_dir_fd and os.rename in os.supports_dir_fd


def _size(name: str, dir_fd: int | None) -> int | None:
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _fsync_fd(fd: int | None) -> None:
    # The rename is durable only once the directory entry is on disk; some network filesystems refuse this.
    if fd is None:
        return
    with contextlib.suppress(OSError):
        os.fsync(fd)


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
        self._temps: dict[str, float] = {}

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
    def url_of(self, name: str) -> str:
        """The address of one file: the name as a single percent-encoded segment of the collection (a dot
        segment would climb out of it even encoded, so it never gets this far)."""
        if name in ("", ".", ".."):
            raise errors.bad_name()
        return self.base + quote(name, safe="")

    def begin(self) -> None:
        response = self._request("PROPFIND", self.base, headers={"Depth": "1"}, content=_PROPFIND_BODY)
        if response.status_code == 404:
            self._check(self._request("MKCOL", self.base), (201,))
            self._existing, self._temps = {}, {}
            return
        self._check(response, (207,))
        listing = _listing(response.content, self._base_path)
        if listing is None:
            self._existing, self._temps = None, {}
            return
        self._existing = {name: size for name, (size, _) in listing.items() if not is_temp_name(name)}
        self._temps = {name: mtime for name, (_, mtime) in listing.items() if is_temp_name(name)}

    def send(self, remote_name: str, content: bytes) -> None:
        """Deliver one file outside a pass (kept for simple callers)."""
        self.begin()
        self.deliver(remote_name, content, os.urandom(4).hex())

    def deliver(self, name: str, content: bytes, token: str, stale: Sequence[str] = ()) -> bool:
        check_name(name)
        tmp = temp_name(name, token)
        if not is_own_temp_name(tmp, name):
            raise errors.bad_name()
        final = self.url_of(name)
        for old in _own_stale(name, stale):
            self._delete_quietly(self.url_of(old))
        if self._existing is not None:
            if self._existing.get(name) == len(content):
                return False
        else:
            head = self._request("HEAD", final)
            if head.status_code == 200 and head.headers.get("content-length") == str(len(content)):
                return False
        temp = self.url_of(tmp)
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

    def remove_orphans(self, owned: set[str], older_than: float = ORPHAN_AGE_SECONDS) -> int:
        limit, removed = time.time() - older_than, 0
        for name, mtime in list(self._temps.items()):
            if name in owned or mtime > limit or not is_own_temp_name(name):
                continue
            try:
                response = self._http().request("DELETE", self.url_of(name))
                removed += response.status_code in (200, 204)
            except Exception:  # best effort; the next pass tries again
                log.info("leftover temporary upload not removed")
            self._temps.pop(name, None)
        return removed

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        self._existing = None
        self._temps = {}


def _listing(body: bytes, base_path: str) -> dict[str, tuple[int, float]] | None:
    """File name -> (size, modified as a Unix time, or now when not given) for the files directly in the
    collection; None when the answer cannot be read (then each file is checked with HEAD instead)."""
    import xml.etree.ElementTree as ET
    from email.utils import parsedate_to_datetime

    # The server is the coordinator's own, but its XML is still parsed without entity expansion.
    if len(body) > _MAX_LISTING_BYTES or b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        return None
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    found: dict[str, tuple[int, float]] = {}
    now = time.time()
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
            modified = now
            with contextlib.suppress(TypeError, ValueError, IndexError):
                modified = parsedate_to_datetime(response.findtext(".//{DAV:}getlastmodified") or "").timestamp()
            found[name] = (int(length), modified)
    return found
