"""Offline-first sync of exports: queue every export, push when the destination answers.

The TUI worker and `ipterm sync` run the same code. A pass (`run_once`) is safe to run from a background
thread as long as the `Services` it was made from has a connection of its own (`Store.clone()`).
"""

from __future__ import annotations

import hashlib
import logging
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ipterm.config import Settings
from ipterm.domain.errors import IptermError
from ipterm.domain.sync import SyncStatus, backup_remote_name, remote_name
from ipterm.store import outbox
from ipterm.store.outbox import OutboxItem
from ipterm.sync.destinations import Destination, FolderDestination, WebDavDestination
from ipterm.sync.worker import PassResult, run_once

if TYPE_CHECKING:
    from ipterm.services.case_services import Services

log = logging.getLogger(__name__)


def secret_name(conf: dict[str, Any]) -> str:
    """The secret is bound to the server and user it was given for: pointing the config file at another
    server never sends the password there."""
    parts = urlsplit(str(conf.get("url", "")))
    origin = f"{parts.scheme}://{parts.hostname}:{parts.port or ''}"
    return f"webdav:{origin}:{conf.get('username', '')}:{conf.get('auth', 'basic')}"


class SyncNotConfiguredError(IptermError):
    def __init__(self, where: object) -> None:
        super().__init__(
            f"Synkronisering er ikke satt opp. Legg inn [sync] i {where}.",
            f"Sync is not set up. Add a [sync] table to {where}.",
        )


class SyncServices:
    """Reached as `services.sync(settings)`.

    Public API (all synchronous; call `run_once` off the UI thread):
        configured            whether settings name a destination
        queue_export(id)      queue one stored export (called by the export code through
                              `services.on_export_stored`)
        queue_pending()       queue every export not yet queued for this destination
        queue_backup(path)    queue a backup file (its bytes are held in the outbox until sent)
        run_once(force=)      one pass; `force` ignores the backoff
        status(language)      counts, last sent, last problem -> `SyncStatus.label()`
        items(limit)          the newest outbox rows, for a list
        set_secret(secret)    password or token, kept in the encrypted database
        retry_now()           make every waiting item due now
        check()               ask the destination whether it answers (raises SyncError)
    """

    def __init__(
        self,
        services: Services,
        settings: Settings,
        *,
        destination: Destination | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._s = services
        self.settings = settings
        self._destination = destination
        self._rng = rng

    @property
    def _conf(self) -> dict[str, Any]:
        return self.settings.sync or {}

    @property
    def configured(self) -> bool:
        return self._destination is not None or bool(self._conf.get("destination"))

    def secret_name(self) -> str:
        return secret_name(self._conf)

    def destination(self) -> Destination | None:
        """The configured destination, built once. Raises SyncError for an address that is not allowed."""
        if self._destination is None and self.configured:
            conf = self._conf
            if conf["destination"] == "folder":
                self._destination = FolderDestination(Path(str(conf["folder"])).expanduser())
            else:
                secret = outbox.get_secret(self._s.store.conn, self.secret_name()) or ""
                self._destination = WebDavDestination(
                    str(conf["url"]), username=str(conf.get("username", "")), secret=secret,
                    auth=str(conf.get("auth", "basic")), timeout=float(conf.get("timeout", 20)),
                    parallel=int(conf.get("parallel", 8)), verify=str(conf.get("ca_file") or "") or True,
                )  # fmt: skip
        return self._destination

    def _require(self) -> Destination:
        destination = self.destination()
        if destination is None:
            raise SyncNotConfiguredError(self.settings.path or "config.toml")
        return destination

    def set_secret(self, secret: str) -> None:
        """Keep the WebDAV password or token inside the encrypted database, never in the config file."""
        if self._conf.get("destination") != "webdav":
            raise IptermError(
                "Passord trengs bare for WebDAV; [sync] destination er ikke webdav.",
                "A password is only needed for WebDAV; [sync] destination is not webdav.",
            )
        with self._s.store.transaction():
            outbox.set_secret(self._s.store.conn, self.secret_name(), secret)
            outbox.retry_now(self._s.store.conn, self._require().key, self._s.clock.now())
        self.close()

    def has_secret(self) -> bool:
        return bool(self.secret())

    def secret(self) -> str:
        """The stored WebDAV password or token ("" when none is stored)."""
        return outbox.get_secret(self._s.store.conn, self.secret_name()) or ""

    # -- queueing --------------------------------------------------------------------------------
    def queue_export(self, export_id: int) -> bool:
        """Queue a stored export for the configured destination; False when sync is not set up (the export
        is then queued by the first pass after it is). Never raises for a bad destination: the export itself
        is stored, and the status line tells what is wrong with the destination."""
        try:
            destination = self.destination()
        except IptermError:
            log.warning("export %s not queued: the sync destination is not usable", export_id)
            return False
        if destination is None:
            return False
        conn = self._s.store.conn
        found = outbox.export_to_queue(conn, export_id)
        if found is None:
            return False
        filename, digest, kind, size = found
        with self._s.store.transaction():
            outbox.enqueue(conn, export_id, destination.key, remote_name(filename, digest), digest, self._s.clock.now(),
                           kind=kind, size=size)  # fmt: skip
        return True

    def queue_pending(self) -> int:
        """Queue every export that is not queued yet (made before sync was set up, or from the CLI)."""
        destination = self._require()
        conn = self._s.store.conn
        missing = outbox.unqueued_exports(conn, destination.key)
        if not missing:
            return 0
        now = self._s.clock.now()
        with self._s.store.transaction():
            added = sum(
                outbox.enqueue(conn, eid, destination.key, remote_name(name, digest), digest, now, kind=kind, size=size)
                for eid, name, digest, kind, size in missing
            )
        return added

    def queue_backup(self, path: Path) -> str:
        """Queue a backup file for the destination; returns its remote name. An older unsent backup is
        replaced by this one."""
        destination = self._require()
        content = path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        now = self._s.clock.now()
        name = backup_remote_name(now, digest)
        with self._s.store.transaction():
            outbox.enqueue_payload(self._s.store.conn, "backup", content, destination.key, name, digest, now)
        return name

    # -- sending ---------------------------------------------------------------------------------
    def run_once(self, *, force: bool = False) -> PassResult:
        """Queue what is missing, then send what is due. Raises SyncError only for a bad configuration."""
        destination = self.destination()
        if destination is None:
            return PassResult()
        self.queue_pending()
        return run_once(self._s.store, destination, self._s.clock.now, rng=self._rng, force=force)

    def retry_now(self) -> int:
        with self._s.store.transaction():
            return outbox.retry_now(self._s.store.conn, self._require().key, self._s.clock.now())

    def check(self) -> None:
        """Whether the destination answers and accepts us. Raises SyncError with the reason."""
        destination = self._require()
        destination.begin()

    # -- reading ---------------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        destination = self.destination()
        if destination is None:
            return SyncStatus(configured=False)
        return outbox.status(self._s.store.conn, destination.key, configured=True)

    def items(self, limit: int = 50) -> list[OutboxItem]:
        """The newest `limit` rows for this destination, newest last."""
        return outbox.items(self._s.store.conn, self._require().key, limit=limit)

    def close(self) -> None:
        if self._destination is not None:
            self._destination.close()
            if self._conf.get("destination"):
                self._destination = None  # rebuilt from settings (and the secret) on next use
