"""One pass of the outbox: take what is due, mark it as being sent, push it, record how it went.

The database is touched only from the thread that runs the pass; uploads run in a small thread pool.
Results are written in batches: a crash between an upload and its record only means the next pass finds
the file already there (same name, same size) and records it as sent, so nothing is sent twice.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import secrets
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta

from ipterm.domain.messages import to_stored
from ipterm.domain.sync import (
    ErrorKind,
    backoff_seconds,
    charges_attempt,
    is_own_temp_name,
    is_safe_name,
    stops_pass,
    temp_name,
)
from ipterm.host import process_alive
from ipterm.store import outbox
from ipterm.store.database import Store
from ipterm.store.outbox import OutboxItem
from ipterm.sync import errors
from ipterm.sync.destinations import Destination
from ipterm.sync.errors import SyncError

log = logging.getLogger(__name__)

_PASS_LOCK = threading.Lock()  # one pass per process at a time; claims keep processes apart
_FLUSH_EVERY = 32
_UNREACHABLE = frozenset({ErrorKind.OFFLINE, ErrorKind.TIMEOUT, ErrorKind.DROPPED})
_FLUSH_SECONDS = 0.25
SWEEP_EVERY_SECONDS = 3600.0
"""A pass with nothing to send still looks for leftover temporary uploads this often (and on its first
pass in a process)."""
_last_sweep: dict[str, float] = {}


@dataclass(frozen=True, slots=True)
class PassResult:
    sent: int = 0
    """Delivered in this pass (uploaded, or found already there)."""
    failed: int = 0
    stopped_early: bool = False
    """The destination was unreachable or refused, so the rest of the queue waits for the next pass."""
    error: str = ""
    offline: bool = False
    busy: bool = False
    """Another pass in this process was running; nothing was done."""


def owner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _is_gone(owner: str) -> bool:
    """Whether the process that claimed an item has ended (only decidable for this machine)."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True  # we hold the pass lock, so no pass of ours is using the item
    return not process_alive(int(pid))


def run_once(
    store: Store,
    destination: Destination,
    now: datetime | Callable[[], datetime],
    *,
    rng: random.Random | None = None,
    limit: int = 500,
    force: bool = False,
    sweep: bool | None = None,
) -> PassResult:
    """Send what is due once (with `force`, everything waiting, ignoring the backoff). Leftover temporary
    uploads are removed whenever the destination is listed: on every pass with something to send, with
    `sweep` (default: `force`), and at least every `SWEEP_EVERY_SECONDS`."""
    if not _PASS_LOCK.acquire(blocking=False):
        return PassResult(busy=True)
    try:
        last = _last_sweep.get(destination.key)
        wanted = force if sweep is None else sweep
        wanted = wanted or last is None or time.monotonic() - last >= SWEEP_EVERY_SECONDS
        return _Pass(store, destination, now if callable(now) else (lambda: now), rng or random.Random()).run(
            limit, force, wanted
        )
    finally:
        _PASS_LOCK.release()


class _Pass:
    def __init__(self, store: Store, destination: Destination, now: Callable[[], datetime], rng: random.Random):
        self.store, self.destination, self.now, self.rng = store, destination, now, rng
        self.conn = store.conn
        self.owner = owner_id()
        self.sent = self.failed = 0
        self.stop: SyncError | None = None
        self._results: list[tuple[OutboxItem, SyncError | None, str]] = []
        self._last_flush = time.monotonic()

    def run(self, limit: int, force: bool, sweep: bool) -> PassResult:
        with self.store.transaction():
            recovered = outbox.recover_interrupted(self.conn, self.now(), is_dead=_is_gone)
        if recovered:
            log.info("outbox: %s interrupted item(s) back in the queue", recovered)
        due = self._refuse_bad_names(outbox.due(self.conn, self.destination.key, self.now(), limit,
                                                ignore_backoff=force))  # fmt: skip
        if not due and not sweep:
            return self._result()
        if sweep:  # also when the destination does not answer: an idle app must not knock every few seconds
            _last_sweep[self.destination.key] = time.monotonic()
        try:
            self.destination.begin()
        except SyncError as exc:
            if due:
                self._destination_failed(due, exc)
            return self._result()
        self._sweep()
        if due:
            self._deliver(due)
        return self._result()

    def _refuse_bad_names(self, due: list[OutboxItem]) -> list[OutboxItem]:
        """An item whose final or temporary names are not ipterm's own (a planted or restored row) fails
        with the reason and is never handed to the destination: nothing is written or removed for it."""
        good = [i for i in due if _names_ok(i)]
        if len(good) == len(due):
            return due
        now = self.now()
        with self.store.transaction():
            for item in due:
                if not _names_ok(item):
                    self._record_failure(item, errors.bad_name(), now)
                    self.failed += 1
        return good

    def _sweep(self) -> None:
        """Remove temporary uploads that timed out or were left by a crash. Listed first, owners read
        second: a temporary name in the listing was claimed (committed) before its upload began."""
        _last_sweep[self.destination.key] = time.monotonic()
        owned = outbox.temp_names_in_use(self.conn, self.destination.key)
        try:
            removed = self.destination.remove_orphans(owned)
        except Exception:  # best effort: leftovers are tried again on a later pass
            log.info("leftover temporary uploads not removed", exc_info=True)
            return
        if removed:
            log.info("sync: %s leftover temporary upload(s) removed", removed)

    def _result(self) -> PassResult:
        stop = self.stop
        return PassResult(
            self.sent, self.failed, stop is not None, stop.message() if stop else "", bool(stop and stop.offline)
        )

    def _destination_failed(self, due: list[OutboxItem], exc: SyncError) -> None:
        """The destination did not answer (or refused) before any file was tried."""
        self.stop = exc
        now = self.now()
        with self.store.transaction():
            if not charges_attempt(exc.kind):
                outbox.note_waiting(self.conn, [i.id for i in due], _stored(exc), exc.kind.value, now)
                return
            for item in due:
                if outbox.claim(self.conn, item.id, self.owner, "", now):
                    self._record_failure(item, exc, now)
                    self.failed += 1

    def _deliver(self, due: list[OutboxItem]) -> None:
        pending = list(due)
        in_flight: dict[Future[bool], tuple[OutboxItem, str]] = {}
        width = max(1, self.destination.parallel)
        with ThreadPoolExecutor(width, thread_name_prefix="ipterm-sync") as pool:
            while (pending and self.stop is None) or in_flight:
                if pending and self.stop is None and len(in_flight) < width * 2:
                    for item, token in self._claim(pending, width * 2 - len(in_flight)):
                        self._submit(pool, in_flight, item, token)
                if not in_flight:
                    continue
                done, _ = wait(in_flight, timeout=_FLUSH_SECONDS, return_when=FIRST_COMPLETED)
                for future in done:
                    self._collect(*in_flight.pop(future), future)
                if len(self._results) >= _FLUSH_EVERY or time.monotonic() - self._last_flush > _FLUSH_SECONDS:
                    self._flush()
        self._flush()

    def _claim(self, pending: list[OutboxItem], count: int) -> list[tuple[OutboxItem, str]]:
        """Mark the next few items as ours in one transaction; returns them with their upload token."""
        batch, pending[:] = pending[:count], pending[count:]
        claimed = []
        now = self.now()
        with self.store.transaction():
            for item in batch:
                token = secrets.token_hex(4)
                if outbox.claim(self.conn, item.id, self.owner, temp_name(item.remote_name, token), now):
                    claimed.append((item, token))
        return claimed

    def _submit(self, pool: ThreadPoolExecutor, in_flight: dict, item: OutboxItem, token: str) -> None:
        if self.stop is not None:  # a failure came in while this batch was being claimed
            with self.store.transaction():
                outbox.release(self.conn, [item.id], self.now())
            return
        try:
            content = outbox.payload(self.conn, item.id)
        except LookupError:
            content = b""
        if hashlib.sha256(content).hexdigest() != item.content_hash:
            self._results.append(
                (
                    item,
                    SyncError("Innholdet i køen stemmer ikke med sjekksummen; ikke sendt.", kind=ErrorKind.LOCAL),
                    token,
                )
            )
            return
        future = pool.submit(self.destination.deliver, item.remote_name, content, token, item.temp_name.split())
        in_flight[future] = (item, token)

    def _collect(self, item: OutboxItem, token: str, future: Future[bool]) -> None:
        try:
            future.result()
            error = None
        except SyncError as exc:
            error = exc
        except Exception as exc:  # a bug must not leave the item 'sending'
            log.exception("outbox item %s: unexpected error", item.id)
            name = type(exc).__name__
            error = SyncError("Uventet feil ({name}); se loggen.", name=name, kind=ErrorKind.LOCAL)
        if error is not None and stops_pass(error.kind) and self.stop is None:
            self.stop = error
        self._results.append((item, error, token))

    def _flush(self) -> None:
        self._last_flush = time.monotonic()
        if not self._results:
            return
        now = self.now()
        with self.store.transaction():
            for item, error, token in self._results:
                if error is None:
                    outbox.mark_sent(self.conn, item.id, now)
                    self.sent += 1
                    continue
                self._record_failure(item, error, now)
                self.failed += 1 if charges_attempt(error.kind) else 0
                if error.kind not in _UNREACHABLE:  # the earlier temporary names were removed
                    outbox.forget_temp_names(self.conn, item.id, temp_name(item.remote_name, token))
        self._results.clear()

    def _record_failure(self, item: OutboxItem, error: SyncError, now: datetime) -> None:
        charged = charges_attempt(error.kind)
        retry = now + timedelta(seconds=backoff_seconds(item.attempts + 1, self.rng)) if charged else now
        outbox.mark_failed(self.conn, item.id, _stored(error), retry, now, kind=error.kind.value, charged=charged)
        log.info("outbox item %s: %s (attempt %s)", item.id, error.kind.value, item.attempts + 1)


def _names_ok(item: OutboxItem) -> bool:
    return is_safe_name(item.remote_name) and all(is_own_temp_name(t, item.remote_name) for t in item.temp_name.split())


def _stored(error: SyncError) -> str:
    """The message id and its parameters go into the row; the status line renders them when shown."""
    return to_stored(error.msg)
