"""Offline-first sync of exports: queue every export, push when the destination answers.

The TUI worker and `ipterm sync` run the same code. A pass (`run_once`) is safe to run from a background
thread as long as the `Services` it was made from has a connection of its own (`Store.clone()`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipterm.config import Settings
from ipterm.domain.errors import IptermError
from ipterm.domain.sync import (
    DEFAULT_SEND_KINDS,
    SEND_KINDS,
    DestinationBinding,
    SyncStatus,
    backup_remote_name,
    remote_name,
    send_kind,
)
from ipterm.store import outbox
from ipterm.store.outbox import OutboxItem
from ipterm.sync.destinations import Destination, FolderDestination, WebDavDestination
from ipterm.sync.worker import PassResult, run_once

if TYPE_CHECKING:
    from ipterm.services.case_services import Services

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Proposal:
    """The destination config.toml names, with what binds it: `identity` covers everything that decides
    who receives the files and the password (folder, or base URL, user, sign-in and CA bundle)."""

    kind: str
    identity: str
    summary: str
    """One line for the user: the folder, or the address with user and CA bundle."""


def _ca(conf: dict[str, Any]) -> tuple[str, bytes | None]:
    """(path, bytes) of the CA bundle in use, read once: the fingerprint bound to the secret is of the very
    bytes the connection then trusts."""
    path = str(conf.get("ca_file") or "")
    if not path:
        return "", None
    try:
        with open(Path(path).expanduser(), "rb") as handle:
            data = handle.read(4 * 1024 * 1024 + 1)
    except OSError:
        data = b""
    if not data or len(data) > 4 * 1024 * 1024:
        raise IptermError("CA-filen {path} kan ikke leses (ca_file i [sync]).", path=path)
    return path, data


def proposal(conf: dict[str, Any]) -> Proposal | None:
    """What `conf` proposes, or None when sync is off. Raises IptermError for an unreadable CA bundle."""
    kind = conf.get("destination")
    if kind == "folder":
        folder = Path(str(conf["folder"])).expanduser().absolute()
        return Proposal("folder", f"folder:{folder}", str(folder))
    if kind != "webdav":
        return None
    base = str(conf.get("url", "")).rstrip("/") + "/"
    user, auth = str(conf.get("username", "")), str(conf.get("auth", "basic"))
    ca_path, ca = _ca(conf)
    pin = f"{ca_path}#sha256:{hashlib.sha256(ca).hexdigest()}" if ca is not None else "system"
    identity = f"webdav:{base}|user={user}|auth={auth}|ca={pin}"
    summary = base + (f" ({user})" if user else "")
    if ca is not None:
        summary += f", CA {ca_path} {hashlib.sha256(ca).hexdigest()[:16]}"
    return Proposal("webdav", identity, summary)


def secret_name(conf: dict[str, Any]) -> str:
    """The secret is bound to the full base URL, user, sign-in and CA bundle it was given for: a config
    file that points at another path, server or CA never gets it sent there."""
    found = proposal(conf)
    return found.identity if found is not None else ""


class SyncNotConfiguredError(IptermError):
    def __init__(self, where: object) -> None:
        super().__init__("Synkronisering er ikke satt opp. Legg inn [sync] i {where}.", where=where)


class NotConfirmedError(IptermError):
    def __init__(self, summary: str) -> None:
        super().__init__(
            "Målet {summary} er ikke bekreftet; ingenting sendes dit før du "
            "bekrefter det (synk-innstillingene i appen, eller «ipterm sync check "
            "--accept»).",
            summary=summary,
        )


class SyncServices:
    """Reached as `services.sync(settings)`.

    config.toml only proposes a destination; it is used once the user confirmed it (`confirm`), and a
    changed one waits for a new confirmation. Public API (all synchronous; call `run_once` off the UI
    thread):
        configured            whether settings name a destination
        confirm_state()       "confirmed", "new" (never confirmed) or "changed" (another one was)
        confirm(kinds, send_waiting)   bind the proposed destination; what waits is sent only if asked
        waiting_count(kinds)  how many exports "send the waiting ones" would send
        kinds()               the export kinds sent by themselves (pdf, ics, json, fhir, backup)
        queue_export(id)      queue one stored export (called by the export code through
                              `services.on_export_stored`)
        queue_pending()       queue every new export not yet queued for this destination
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
        self._given = destination is not None
        self._rng = rng

    @property
    def _conf(self) -> dict[str, Any]:
        return self.settings.sync or {}

    @property
    def configured(self) -> bool:
        return self._destination is not None or bool(self._conf.get("destination"))

    def proposal(self) -> Proposal | None:
        if self._given and self._destination is not None:
            return Proposal("given", self._destination.key, self._destination.key)
        return proposal(self._conf)

    def secret_name(self) -> str:
        return secret_name(self._conf)

    def destination(self) -> Destination | None:
        """The configured destination, built once. Raises SyncError for an address that is not allowed."""
        if self._destination is None and self.configured:
            conf = self._conf
            if conf["destination"] == "folder":
                self._destination = FolderDestination(Path(str(conf["folder"])).expanduser().absolute())
            else:
                secret = outbox.get_secret(self._s.store.conn, self.secret_name()) or ""
                self._destination = WebDavDestination(
                    str(conf["url"]), username=str(conf.get("username", "")), secret=secret,
                    auth=str(conf.get("auth", "basic")), timeout=float(conf.get("timeout", 20)),
                    parallel=int(conf.get("parallel", 8)), verify=_verify(conf),
                )  # fmt: skip
        return self._destination

    def _require(self) -> Destination:
        destination = self.destination()
        if destination is None:
            raise SyncNotConfiguredError(self.settings.path or "config.toml")
        return destination

    # -- the confirmed destination ---------------------------------------------------------------
    def binding(self) -> DestinationBinding | None:
        return outbox.binding(self._s.store.conn)

    def confirm_state(self) -> str:
        """ "confirmed" when the proposed destination is the one the user confirmed, "changed" when they
        confirmed another one, "new" when none was ever confirmed ("off" when sync is not set up)."""
        found = self.proposal()
        if found is None:
            return "off"
        bound = self.binding()
        if bound is None:
            return "new"
        return "confirmed" if bound.identity == found.identity else "changed"

    @property
    def confirmed(self) -> bool:
        try:
            return self.confirm_state() == "confirmed"
        except IptermError:
            return False

    def kinds(self) -> frozenset[str]:
        """The kinds sent by themselves: the confirmed choice, or the default for a new destination."""
        bound = self.binding()
        return bound.kinds if bound is not None else DEFAULT_SEND_KINDS

    def _waiting(self, key: str, kinds: frozenset[str]) -> tuple[list[tuple[int, str, str, str, int]], list[int]]:
        conn = self._s.store.conn
        exports = [e for e in outbox.unsent_exports(conn, key) if send_kind(e[3]) in kinds]
        backups = outbox.waiting_payloads(conn, key) if "backup" in kinds else []
        return exports, backups

    def waiting_count(self, kinds: frozenset[str] | None = None) -> int:
        """Exports never delivered anywhere (and waiting backups) that "send the waiting ones" would send."""
        exports, backups = self._waiting(self._require().key, self.kinds() if kinds is None else frozenset(kinds))
        return len(exports) + len(backups)

    def confirm(self, *, kinds: frozenset[str] | None = None, send_waiting: bool = False) -> int:
        """Bind the proposed destination in the database. With `send_waiting`, exports never delivered
        anywhere (of the chosen kinds) and waiting backups are queued for it; otherwise only exports made
        from now on go there. Returns how many were queued."""
        found = self.proposal()
        destination = self._require()
        assert found is not None
        chosen = self.kinds() if kinds is None else frozenset(kinds)
        unknown = chosen - set(SEND_KINDS)
        if unknown:
            raise IptermError(
                "Ukjent eksporttype: {unknown}. Velg blant {send_kinds}.",
                unknown=", ".join(sorted(unknown)),
                send_kinds=", ".join(SEND_KINDS),
            )
        conn, now = self._s.store.conn, self._s.clock.now()
        queued = 0
        with self._s.store.transaction():
            if send_waiting:
                exports, backups = self._waiting(destination.key, chosen)
                for eid, name, digest, kind, size in exports:
                    queued += outbox.enqueue(conn, eid, destination.key, remote_name(name, digest), digest, now,
                                             kind=kind, size=size)  # fmt: skip
                outbox.move_to(conn, backups, destination.key, now)
                queued += len(backups)
            outbox.bind(conn, found.identity, destination.key, chosen, outbox.last_export_id(conn), now)
        log.info("sync destination confirmed (%s kinds, %s queued)", len(chosen), queued)
        return queued

    def _usable(self) -> Destination | None:
        """The destination if the user confirmed it, else None (nothing is queued or sent)."""
        if not self.configured or not self.confirmed:
            return None
        return self.destination()

    def set_secret(self, secret: str) -> None:
        """Keep the WebDAV password or token inside the encrypted database, never in the config file."""
        if self._conf.get("destination") != "webdav":
            raise IptermError("Passord trengs bare for WebDAV; [sync] destination er ikke webdav.")
        with self._s.store.transaction():
            outbox.set_secret(self._s.store.conn, self.secret_name(), secret)
            outbox.retry_now(self._s.store.conn, self._require().key, self._s.clock.now())
        self.close()

    def secret(self) -> str:
        """The stored WebDAV password or token ("" when none is stored)."""
        return outbox.get_secret(self._s.store.conn, self.secret_name()) or ""

    # -- queueing --------------------------------------------------------------------------------
    def queue_export(self, export_id: int) -> bool:
        """Queue a stored export for the confirmed destination if its kind is one the user chose; False
        otherwise. Never raises for a bad destination: the export itself is stored, and the status line
        tells what is wrong with the destination."""
        try:
            destination = self._usable()
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
        if send_kind(kind) not in self.kinds():
            return False
        with self._s.store.transaction():
            outbox.enqueue(conn, export_id, destination.key, remote_name(filename, digest), digest, self._s.clock.now(),
                           kind=kind, size=size)  # fmt: skip
        return True

    def queue_pending(self) -> int:
        """Queue every export made since the confirmation (of the chosen kinds) that is not queued yet."""
        destination = self._usable()
        if destination is None:
            return 0
        conn = self._s.store.conn
        bound = self.binding()
        assert bound is not None
        missing = [m for m in outbox.unqueued_exports(conn, destination.key, bound.since_export_id)
                   if send_kind(m[3]) in bound.kinds]  # fmt: skip
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
        replaced by this one. Asked for by the user, so it goes whatever the kinds say, but only to a
        confirmed destination."""
        destination = self._require()
        if not self.confirmed:
            raise NotConfirmedError(self._summary())
        content = path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        now = self._s.clock.now()
        name = backup_remote_name(now, digest)
        with self._s.store.transaction():
            outbox.enqueue_payload(self._s.store.conn, "backup", content, destination.key, name, digest, now)
        return name

    def _summary(self) -> str:
        found = self.proposal()
        return found.summary if found is not None else ""

    # -- sending ---------------------------------------------------------------------------------
    def run_once(self, *, force: bool = False) -> PassResult:
        """Queue what is missing, then send what is due. Raises SyncError only for a bad configuration.
        Nothing happens (not even a connection) while the destination is not confirmed."""
        destination = self.destination()
        if destination is None:
            return PassResult()
        if not self.confirmed:
            return PassResult(stopped_early=True, error=NotConfirmedError(self._summary()).message())
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
        found = outbox.status(self._s.store.conn, destination.key, configured=True)
        return found if self.confirmed else dataclasses.replace(found, confirm_needed=True)

    def items(self, limit: int = 50) -> list[OutboxItem]:
        """The newest `limit` rows for this destination, newest last."""
        return outbox.items(self._s.store.conn, self._require().key, limit=limit)

    def close(self) -> None:
        if self._destination is not None:
            self._destination.close()
            if not self._given:
                self._destination = None  # rebuilt from settings (and the secret) on next use


def _verify(conf: dict[str, Any]) -> Any:
    """The system's own certificate store (where municipal IT puts its TLS-inspection certificate, on Windows,
    macOS and Linux alike; certifi alone would refuse it), or a TLS context built from the CA bundle's bytes
    read once, so the bundle that is trusted is the one whose fingerprint the secret is bound to."""
    import ssl

    _, ca = _ca(conf)
    if ca is None:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)

    try:
        text = ca.decode("ascii")
        return ssl.create_default_context(cadata=text)
    except (UnicodeDecodeError, ssl.SSLError, ValueError):
        raise IptermError("CA-filen i [sync] er ikke en gyldig PEM-fil.") from None


def probe(conf: dict[str, Any], secret: str) -> None:
    """Does the destination described by `conf` (not yet saved) answer and accept the login? Raises the
    destination's own IptermError when not. Nothing is queued, sent or bound."""
    destination: Destination
    if conf["destination"] == "folder":
        destination = FolderDestination(Path(conf["folder"]).expanduser())
    else:
        destination = WebDavDestination(conf["url"], username=conf.get("username", ""), secret=secret,
                                        auth=conf.get("auth", "basic"), timeout=10, verify=_verify(conf))  # fmt: skip
    destination.begin()
    destination.close()
