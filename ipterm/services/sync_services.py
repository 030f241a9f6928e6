"""Offline-first sync of exports: queue every export, push when the destination answers."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ipterm.config import Settings
from ipterm.domain.sync import SyncStatus, remote_name
from ipterm.store import exports as export_log
from ipterm.store import outbox
from ipterm.sync.destinations import Destination, FolderDestination, WebDavDestination
from ipterm.sync.worker import PassResult, run_once

if TYPE_CHECKING:
    from ipterm.services.case_services import Services

SECRET_NAME = "sync.secret"


class SyncServices:
    """Reached as `services.sync(settings)`; the same for the TUI worker and `ipterm sync`."""

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
    def configured(self) -> bool:
        return self._destination is not None or bool(self.settings.sync.get("destination"))

    def destination(self) -> Destination | None:
        if self._destination is None and self.configured:
            sync = self.settings.sync
            if sync["destination"] == "folder":
                from pathlib import Path

                self._destination = FolderDestination(Path(sync["folder"]).expanduser())
            else:
                secret = outbox.get_secret(self._s.store.conn, SECRET_NAME) or ""
                self._destination = WebDavDestination(
                    sync["url"], username=sync.get("username", ""), secret=secret, auth=sync.get("auth", "basic")
                )
        return self._destination

    def set_secret(self, secret: str) -> None:
        """Keep the WebDAV password or token inside the encrypted database, never in the config file."""
        with self._s.store.transaction():
            outbox.set_secret(self._s.store.conn, SECRET_NAME, secret)
        self._destination = None

    def queue_export(self, export_id: int) -> bool:
        """Queue an export for the configured destination; False when sync is not set up."""
        destination = self.destination()
        if destination is None:
            return False
        record = next(r for r in export_log.list_exports(self._s.store.conn, limit=100_000) if r.id == export_id)
        with self._s.store.transaction():
            outbox.enqueue(self._s.store.conn, export_id, destination.key, remote_name(record.filename,
                           record.content_hash), record.content_hash, self._s.clock.now())  # fmt: skip
        return True

    def run_once(self) -> PassResult:
        destination = self.destination()
        if destination is None:
            return PassResult()
        return run_once(self._s.store, destination, self._s.clock.now(), rng=self._rng)

    def status(self) -> SyncStatus:
        destination = self.destination()
        if destination is None:
            return SyncStatus(configured=False)
        return outbox.status(self._s.store.conn, destination.key, configured=True)

    def close(self) -> None:
        if self._destination is not None:
            self._destination.close()
